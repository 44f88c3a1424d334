using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>
/// Issue 19: the publication inbox on Azure Tables. An item entering 待发布 or 已撤回 is noted by the outbox committed with
/// the change (so a run for a change reads it by id instead of querying every item's row by State); a run removes a note
/// only at the version it listed, so an item noted again meanwhile keeps its note; the notes are trusted once a run that
/// read every item has said they are complete.
/// </summary>
public class PublicationNotesTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Entering_a_state_that_changes_the_site_notes_the_item_and_a_run_removes_only_the_note_it_listed()
    {
        var store = new TableItemStore(new TableServiceClient(azurite.ConnectionString), new NoQueues(), new FakeTimeProvider(Now));
        var item = await CreateAsync(store, "通知公告测试", ItemState.Submitted);
        Assert.Empty((await store.ListNotesAsync(default)).Notes);

        item = await MoveAsync(store, item, ItemState.ReadyToPublish);
        var listed = await store.ListNotesAsync(default);
        Assert.Equal([item.Id], listed.Notes.Select(n => n.ItemId));
        Assert.False(listed.Complete);

        // A run that read every item: the items still waiting are noted (here another one), and the notes are complete.
        var waiting = await CreateAsync(store, "夜间发布未能发布的信息", ItemState.ReadyToPublish);
        await store.MarkNotesCompleteAsync([waiting.Id], default);
        listed = await store.ListNotesAsync(default);
        Assert.True(listed.Complete);
        Assert.Equal(new[] { item.Id, waiting.Id }.Order(StringComparer.Ordinal), listed.Notes.Select(n => n.ItemId).Order(StringComparer.Ordinal));

        // Noted again while a run holds the listing (the item is withdrawn): the run's removal leaves that note alone.
        await MoveAsync(store, (await store.GetAsync(item.Id))!.Item, ItemState.Published);
        await MoveAsync(store, (await store.GetAsync(item.Id))!.Item, ItemState.Withdrawn);
        await store.RemoveNotesAsync(listed.Notes, default);
        Assert.Equal([item.Id], (await store.ListNotesAsync(default)).Notes.Select(n => n.ItemId));

        await store.RemoveNotesAsync((await store.ListNotesAsync(default)).Notes, default);
        Assert.Empty((await store.ListNotesAsync(default)).Notes);
        await store.RemoveNotesAsync(listed.Notes, default); // gone already: nothing to do
    }

    private static async Task<DisclosureItem> CreateAsync(TableItemStore store, string title, ItemState state)
    {
        var item = new DisclosureItem
        {
            Id = Guid.NewGuid().ToString("N"), IndexNumber = new IndexNumber(Catalogue.Agency.IssuerCode, 2026, Random.Shared.Next(9000, 9999)),
            Title = title, ColumnCode = "tzgg", Genre = "通知", Publisher = Catalogue.Agency.Name, DepartmentCode = "bgs",
            FormedOn = new DateOnly(2026, 12, 1), State = state, SubmittedBy = "赵科员", SubmittedAt = Now, UpdatedAt = Now,
        };
        await store.CreateAsync(item, Change(item.Id, null, state));
        await store.DeliverPendingAsync(item.Id);
        return item;
    }

    /// <summary>A state change as the lifecycle writes it, and the outbox delivered as it does right after.</summary>
    private static async Task<DisclosureItem> MoveAsync(TableItemStore store, DisclosureItem item, ItemState to)
    {
        var stored = (await store.GetAsync(item.Id))!;
        var moved = item with { State = to };
        await store.UpdateAsync(moved, stored.ETag, Change(item.Id, item.State, to));
        await store.DeliverPendingAsync(item.Id);
        return moved;
    }

    private static ItemChange Change(string id, ItemState? from, ItemState to) => ItemChange.Of(new AuditEntry
    {
        ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = Now, Actor = "测试", Action = AuditAction.Checked, From = from, To = to,
    });

    private sealed class NoQueues : IWorkQueue
    {
        public Task EnqueueAsync(string queue, string message, CancellationToken ct = default) => Task.CompletedTask;
    }
}
