using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>
/// Issue 19: the publication inbox on Azure Tables. An item's note is written before the change that puts it in 待发布 or
/// 已撤回 is committed, naming the version the change makes, so whoever sees the state finds the note (a note written after
/// the commit once lagged a 立即发布 in CI); a run removes a note only as it listed it, so an item noted again meanwhile
/// keeps its note; the notes are trusted once a run that read every item has said they are complete.
/// </summary>
public class PublicationNotesTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Entering_a_state_that_changes_the_site_notes_the_item_and_a_run_removes_only_the_note_it_listed()
    {
        var store = Store();
        var item = await CreateAsync(store, "通知公告测试", ItemState.Submitted);
        Assert.DoesNotContain((await store.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);

        // The note is there as soon as the state is, whether or not the change's outbox is ever delivered; it names the row
        // the change replaced, which the item no longer has: the change is committed.
        var before = (await store.GetAsync(item.Id))!;
        item = await MoveAsync(store, item, ItemState.ReadyToPublish, deliver: false);
        var listed = await store.ListNotesAsync(default);
        var note = Assert.Single(listed.Notes, n => n.ItemId == item.Id);
        Assert.Equal((before.ETag, Now), (note.Replaces, note.NotedAt));
        Assert.False(note.Uncommitted(await store.GetAsync(item.Id)));
        Assert.True(note.Uncommitted(before));

        // A run that read every item: the items still waiting are noted (here another one), and the notes are complete.
        var waiting = await CreateAsync(store, "夜间发布未能发布的信息", ItemState.ReadyToPublish);
        Assert.Equal("", Assert.Single((await store.ListNotesAsync(default)).Notes, n => n.ItemId == waiting.Id).Replaces); // a new item
        await store.MarkNotesCompleteAsync([waiting], default);
        listed = await store.ListNotesAsync(default);
        Assert.True(listed.Complete);
        Assert.Null(Assert.Single(listed.Notes, n => n.ItemId == waiting.Id).Replaces); // a state already committed

        // Noted again while a run holds the listing (the item is withdrawn): the run's removal leaves that note alone.
        item = await MoveAsync(store, item, ItemState.Published);
        item = await MoveAsync(store, item, ItemState.Withdrawn);
        await store.RemoveNotesAsync(listed.Notes.Where(n => n.ItemId == item.Id), default);
        Assert.Contains((await store.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);

        await store.RemoveNotesAsync((await store.ListNotesAsync(default)).Notes.Where(n => n.ItemId == item.Id), default);
        Assert.DoesNotContain((await store.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);
        await store.RemoveNotesAsync(listed.Notes, default); // gone already, or noted again: nothing to do
    }

    [Fact]
    public async Task A_change_that_fails_to_commit_leaves_a_note_naming_a_version_the_item_does_not_have()
    {
        // The note comes first; the commit can still fail (another change came first). The note names the row the change
        // was to replace, so a run that reads the item still at that row keeps the note, and one that reads it past it
        // handles the item as it is.
        var store = Store();
        var item = await CreateAsync(store, "并发审核的信息", ItemState.AwaitingReview);
        var stale = (await store.GetAsync(item.Id))!.ETag;
        await MoveAsync(store, item, ItemState.Returned);
        var approved = item with { Version = item.Version + 1, State = ItemState.ReadyToPublish };

        await Assert.ThrowsAsync<ItemChangedException>(() => store.UpdateAsync(approved, stale, Change(item.Id, item.State, approved.State)));

        // The note names the row the failed change was to replace; the item has moved past it by the other change, which a
        // run reads as it is (here 已退回, off the site).
        var note = Assert.Single((await store.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);
        Assert.Equal(stale, note.Replaces);
        var now = (await store.GetAsync(item.Id))!;
        Assert.Equal(ItemState.Returned, now.Item.State);
        Assert.False(note.Uncommitted(now));
        // Before the other change, the same note is of a change not committed yet: the item is still at the ETag it names.
        Assert.True(note.Uncommitted(new StoredItem(item, stale)));
    }

    private TableItemStore Store() => new(new TableServiceClient(azurite.ConnectionString), new NoQueues(), new FakeTimeProvider(Now));

    private static async Task<DisclosureItem> CreateAsync(TableItemStore store, string title, ItemState state)
    {
        var item = new DisclosureItem
        {
            Id = Guid.NewGuid().ToString("N"), IndexNumber = new IndexNumber(Catalogue.Agency.IssuerCode, 2026, Random.Shared.Next(9000, 9999)),
            Title = title, ColumnCode = "tzgg", Genre = "通知", Publisher = Catalogue.Agency.Name, DepartmentCode = "bgs",
            FormedOn = new DateOnly(2026, 12, 1), State = state, SubmittedBy = "赵科员", SubmittedAt = Now, UpdatedAt = Now,
        };
        var created = await store.CreateAsync(item, Change(item.Id, null, state));
        // A note compares the ETag a change was given with the one a run reads: both in the same form.
        Assert.Equal((await store.GetAsync(item.Id))!.ETag, created.ETag);
        await store.DeliverPendingAsync(item.Id);
        return item;
    }

    /// <summary>A state change as the lifecycle writes it (a new version), and the outbox delivered as it does right after unless told not to.</summary>
    private static async Task<DisclosureItem> MoveAsync(TableItemStore store, DisclosureItem item, ItemState to, bool deliver = true)
    {
        var stored = (await store.GetAsync(item.Id))!;
        var moved = item with { Version = item.Version + 1, State = to };
        var updated = await store.UpdateAsync(moved, stored.ETag, Change(item.Id, item.State, to));
        Assert.Equal((await store.GetAsync(item.Id))!.ETag, updated.ETag);
        if (deliver) await store.DeliverPendingAsync(item.Id);
        return moved;
    }

    private static ItemChange Change(string id, ItemState? from, ItemState to) => ItemChange.Of(new AuditEntry
    {
        ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = Now, Actor = "测试", Action = AuditAction.Checked, From = from, To = to,
    });
}
