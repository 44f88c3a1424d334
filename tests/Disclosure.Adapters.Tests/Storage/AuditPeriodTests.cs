using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>
/// A period's audit entries in one read across every item's partition (the statistics page read each item's trail):
/// exactly the entries recorded from the first instant of the period up to, not including, the first of the next.
/// </summary>
public class AuditPeriodTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task The_entries_of_a_year_in_China_time_are_read_in_one_range_across_items()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 2, 2, 0, 0, TimeSpan.Zero));
        var store = new TableItemStore(new TableServiceClient(azurite.ConnectionString), new NoQueues(), time);
        DateTimeOffset[] moments =
        [
            new(2025, 12, 31, 23, 59, 59, China), new(2026, 1, 1, 0, 0, 0, China), new(2026, 7, 1, 12, 0, 0, China),
            new(2026, 12, 31, 23, 59, 59, China), new(2027, 1, 1, 0, 0, 0, China),
        ];
        var ids = new List<string>();
        for (var n = 0; n < moments.Length; n++)
        {
            var item = new DisclosureItem
            {
                Id = Guid.NewGuid().ToString("N"), IndexNumber = new IndexNumber(Catalogue.Agency.IssuerCode, 2026, 9500 + n), Title = $"审计区间测试 {n}",
                ColumnCode = "tzgg", Genre = "通知", Publisher = Catalogue.Agency.Name, DepartmentCode = "bgs", FormedOn = new DateOnly(2025, 12, 1),
                State = ItemState.Returned, SubmittedBy = "赵科员", SubmittedAt = moments[n], UpdatedAt = moments[n],
            };
            await store.CreateAsync(item, ItemChange.Of(new AuditEntry
            {
                ItemId = item.Id, EventId = $"returned-{n}", At = moments[n], Actor = "测试", Action = AuditAction.Submitted, From = ItemState.AwaitingReview, To = ItemState.Returned,
            }));
            await store.DeliverPendingAsync(item.Id);
            ids.Add(item.Id);
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, China);
        var read = new List<AuditEntry>();
        await foreach (var entry in store.ListRecordedBetweenAsync(start, start.AddYears(1))) read.Add(entry);

        // Other tests' items share the tables: only this test's are counted.
        Assert.Equal(ids.Skip(1).Take(3).Order(), read.Where(e => ids.Contains(e.ItemId)).Select(e => e.ItemId).Order());
    }
}
