using System.Text;
using Disclosure.Adapters.Storage;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Items;

/// <summary>
/// The 公开时限届满 audit entry goes through the Table store's outbox with the unchanged item. A publication that stops
/// after writing it (before its manifest) does the change again on the next run; the entry must be stored once.
/// </summary>
public class PublicUntilAuditTests
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    [Fact]
    public async Task A_repeated_expiry_run_stores_the_audit_entry_once_in_table_storage()
    {
        // 2026-11-30 02:00 in China.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero));
        var store = new TableItemStore(await TestStorage.TablesAsync(), new StorageWorkQueue(await TestStorage.QueuesAsync()), time);
        var content = new InMemoryItemStore();
        var site = new InMemorySiteStore();
        var id = Guid.NewGuid().ToString("N");
        await content.PutAsync(id, "body", new MemoryStream(Encoding.UTF8.GetBytes("公示期为 2026年11月30日至12月10日。")), "text/plain");
        var item = new DisclosureItem
        {
            Id = id, IndexNumber = new IndexNumber("TESTEXPIRY", 2026, 1), Title = "2026年度科技计划项目立项公示", ColumnCode = "tzgg",
            Genre = "公示", Publisher = Catalogue.Agency.Name, DepartmentCode = "xmc", FormedOn = new DateOnly(2026, 11, 20),
            PublicUntil = new DateOnly(2026, 12, 10), BodyId = "body", State = ItemState.ReadyToPublish, SubmittedBy = "测试",
            SubmittedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = id, EventId = "approved", At = time.GetUtcNow(), Actor = "测试", Action = AuditAction.ReviewApproved, To = item.State,
        }));
        await store.DeliverPendingAsync(id);
        PublicationService Service(ISiteStore s) => new(store, new ItemLifecycle(store, time), content, s, new PortalRenderer(), Catalogue,
            new OperatorAlerts(new RecordingNotifier(), Catalogue, new ComplianceOptions()), time);
        await Service(site).PublishAsync(PublicationTrigger.Nightly, null, default);

        time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 18, 0, 0, TimeSpan.Zero)); // 2026-12-11 02:00 in China
        await Assert.ThrowsAsync<IOException>(() => Service(new ManifestFailingSiteStore(site)).PublishAsync(PublicationTrigger.Nightly, null, default));
        time.Advance(TimeSpan.FromMinutes(5));
        var completed = await Service(site).PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(1, completed.ItemsExpired);
        var entry = Assert.Single(await store.ListAsync(id), e => e.Action == AuditAction.PublicUntilEnded);
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 0, 0, 0, TimeSpan.FromHours(8)), entry.At);
        Assert.Equal(ItemState.Published, (await store.GetAsync(id))!.Item.State);
        Assert.Contains("届满", Encoding.UTF8.GetString((await site.ReadAsync($"items/{id}.html", default))!));
    }
}
