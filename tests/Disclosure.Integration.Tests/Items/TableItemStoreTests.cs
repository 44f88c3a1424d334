using Azure.Storage.Queues;
using Disclosure.Adapters.Storage;
using Disclosure.Audit;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Work;

namespace Disclosure.Integration.Tests.Items;

public class TableItemStoreTests
{
    private static DisclosureItem NewItem(string id) => new()
    {
        Id = id, IndexNumber = new IndexNumber("TESTSTORE", 2026, 1), Title = "存储测试", ColumnCode = "tzgg", Genre = "通知",
        Publisher = "市科学技术局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, 20), SubmittedBy = "测试",
        SubmittedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static AuditEntry Audit(DisclosureItem item, string action) => new()
    {
        ItemId = item.Id, EventId = Guid.NewGuid().ToString("N"), At = DateTimeOffset.UtcNow, Actor = "测试", Action = action, To = item.State,
    };

    private static async Task<(TableItemStore Store, QueueServiceClient Queues)> Arrange()
    {
        var queues = await TestStorage.QueuesAsync();
        return (new TableItemStore(await TestStorage.TablesAsync(), new StorageWorkQueue(queues), TimeProvider.System), queues);
    }

    [Fact]
    public async Task A_change_interrupted_before_delivery_is_delivered_by_the_sweep_exactly_once()
    {
        var (store, queues) = await Arrange();
        var queue = TestStorage.UniqueName("sweep");
        var item = NewItem(Guid.NewGuid().ToString("N"));
        await store.CreateAsync(item, ItemChange.Of(Audit(item, AuditAction.Submitted), new WorkMessage(queue, "{\"itemId\":\"" + item.Id + "\"}")));
        // The instance "crashed" here: nothing delivered yet.
        Assert.Empty(await store.ListAsync(item.Id));

        Assert.True(await store.DeliverAllPendingAsync(TimeSpan.Zero) >= 2);
        await store.DeliverPendingAsync(item.Id);   // the request that committed it, late: finds nothing left
        await store.DeliverAllPendingAsync(TimeSpan.Zero);

        Assert.Equal(AuditAction.Submitted, Assert.Single(await store.ListAsync(item.Id)).Action);
        Assert.Single((await queues.GetQueueClient(queue).PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task An_item_too_large_for_a_table_row_is_refused_before_it_is_sent_and_nothing_is_stored()
    {
        var (store, _) = await Arrange();
        var item = NewItem(Guid.NewGuid().ToString("N"));
        // 300 attachments' metadata with long Chinese names: about 100 KiB of JSON, over the 64 KiB a property holds.
        var attachments = Enumerable.Range(1, 300)
            .Select(i => new Attachment($"att-{i:D32}", new string('附', 45) + $"{i}.pdf", "application/pdf", 1024, new string('0', 64))).ToList();
        var huge = item with { Attachments = attachments };

        await Assert.ThrowsAsync<ItemTooLargeException>(() => store.CreateAsync(huge, ItemChange.Of(Audit(huge, AuditAction.Submitted))));

        Assert.Null(await store.GetAsync(item.Id));
        var created = await store.CreateAsync(item, ItemChange.Of(Audit(item, AuditAction.Submitted)));
        await Assert.ThrowsAsync<ItemTooLargeException>(() => store.UpdateAsync(huge with { Version = 2 }, created.ETag, ItemChange.Of(Audit(huge, AuditAction.Corrected))));
        Assert.Empty((await store.GetAsync(item.Id))!.Item.Attachments);
    }

    [Fact]
    public async Task A_stale_update_is_refused_and_leaves_no_audit_entry_or_message()
    {
        var (store, queues) = await Arrange();
        var queue = TestStorage.UniqueName("stale");
        var item = NewItem(Guid.NewGuid().ToString("N"));
        var created = await store.CreateAsync(item, ItemChange.Of(Audit(item, AuditAction.Submitted)));
        var checking = item with { State = ItemState.Checking };
        await store.UpdateAsync(checking, created.ETag, ItemChange.Of(Audit(checking, AuditAction.CheckStarted)));

        var stale = item with { State = ItemState.Returned };
        await Assert.ThrowsAsync<ItemChangedException>(() =>
            store.UpdateAsync(stale, created.ETag, ItemChange.Of(Audit(stale, AuditAction.Checked), new WorkMessage(queue, "x"))));
        await store.DeliverAllPendingAsync(TimeSpan.Zero);

        Assert.Equal(ItemState.Checking, (await store.GetAsync(item.Id))!.Item.State);
        Assert.Equal([AuditAction.Submitted, AuditAction.CheckStarted], (await store.ListAsync(item.Id)).Select(a => a.Action));
        Assert.False(await queues.GetQueueClient(queue).ExistsAsync());
    }

    [Fact]
    public async Task Creating_an_item_twice_is_refused_and_the_first_stays()
    {
        var (store, _) = await Arrange();
        var item = NewItem(Guid.NewGuid().ToString("N"));
        await store.CreateAsync(item, ItemChange.Of(Audit(item, AuditAction.Submitted)));
        await Assert.ThrowsAsync<ItemAlreadyExistsException>(() => store.CreateAsync(item with { Title = "第二个" }, ItemChange.Of(Audit(item, AuditAction.Submitted))));
        Assert.Equal("存储测试", (await store.GetAsync(item.Id))!.Item.Title);
    }
}

public class OrphanContentSweepTests
{
    [Fact]
    public async Task Content_no_stored_version_refers_to_is_removed_and_referenced_content_stays()
    {
        // An account of its own: the sweep judges every blob in the account, and other tests' submissions are in flight.
        await using var azurite = await Disclosure.LocalHost.Storage.Azurite.StartAsync();
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
        var content = new BlobContentStore(blobs);
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var store = new TableItemStore(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), new StorageWorkQueue(queues), TimeProvider.System);
        var kept = Guid.NewGuid().ToString("N");
        var item = new DisclosureItem
        {
            Id = kept, IndexNumber = new IndexNumber("TESTSWEEP", 2026, 1), Title = "有正文", ColumnCode = "tzgg", Genre = "通知",
            Publisher = "局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 1, 5), SubmittedBy = "测试", SubmittedAt = DateTimeOffset.UtcNow,
            BodyId = "body-kept",
        };
        await content.PutAsync(kept, "body-kept", new MemoryStream([1]), "text/plain");
        await content.PutAsync(kept, "att-left-by-failed-correction", new MemoryStream([2]), "application/pdf");
        var orphan = Guid.NewGuid().ToString("N");
        await content.PutAsync(orphan, "body-of-unstored-item", new MemoryStream([3]), "text/plain");
        await store.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = kept, EventId = "e1", At = DateTimeOffset.UtcNow, Actor = "t", Action = AuditAction.Submitted, To = ItemState.Submitted }));

        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow + OrphanContentSweep.Grace + TimeSpan.FromMinutes(1));
        await new OrphanContentSweep(store, content, later).RunAsync(default);

        var names = await blobs.GetBlobContainerClient(StorageNames.ContentContainer).GetBlobsAsync().Select(b => b.Name).ToListAsync();
        Assert.Contains($"{kept}/body-kept", names);
        Assert.DoesNotContain($"{kept}/att-left-by-failed-correction", names);
        Assert.DoesNotContain($"{orphan}/body-of-unstored-item", names);
    }
}
