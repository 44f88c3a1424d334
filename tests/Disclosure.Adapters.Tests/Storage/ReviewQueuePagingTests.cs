using Azure.Core;
using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Work;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>
/// The review queue is paged at the Table service: a page asks for 待审核 items after the last id shown, so a deep page
/// reads what the first one does (its rows and one more), and the check records of the items it shows only.
/// </summary>
public class ReviewQueuePagingTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_deep_page_reads_its_rows_and_one_more_and_the_records_of_what_it_shows()
    {
        var rowsRead = new TableRowsRead();
        var options = new TableClientOptions();
        options.AddPolicy(rowsRead, HttpPipelinePosition.PerCall);
        var time = new FakeTimeProvider(Now);
        var store = new TableItemStore(new TableServiceClient(azurite.ConnectionString, options), new NoQueues(), time);
        var records = new CountedRecords();
        var reviews = new ReviewService(store, new ItemLifecycle(store, time), records, Catalogue, time, store);

        // Thirty items wait for review, among ten already published that the service filters out; ids in a known order.
        var waiting = new List<string>();
        for (var n = 0; n < 40; n++)
        {
            var item = Item(n, n % 4 == 3 ? ItemState.Published : ItemState.AwaitingReview);
            await store.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = "created", At = Now, Actor = "测试", Action = AuditAction.Submitted, To = item.State }));
            if (item.State == ItemState.AwaitingReview) waiting.Add(item.Id);
        }

        var first = await reviews.ListQueuePageAsync(Request(size: 3, after: null));
        Assert.Equal(waiting.Take(3), first.Entries.Select(e => e.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(waiting[2], first.Next);

        rowsRead.Reset();
        records.Reads = 0;
        var deep = await reviews.ListQueuePageAsync(Request(size: 3, after: waiting[20]));

        Assert.Equal(waiting.Skip(21).Take(3), deep.Entries.Select(e => e.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(waiting[23], deep.Next);
        Assert.Equal(4, rowsRead.Count);
        Assert.Equal(3, records.Reads);

        // Every waiting item on exactly one page, however many pages it takes.
        var seen = new List<string>();
        for (string? after = null; ;)
        {
            var page = await reviews.ListQueuePageAsync(Request(size: 7, after));
            seen.AddRange(page.Entries.Select(e => e.Item.Id));
            if ((after = page.Next) is null) break;
        }
        Assert.Equal(waiting, seen.Order(StringComparer.Ordinal));
    }

    private static ReviewQueueRequest Request(int size, string? after)
    {
        var query = new Dictionary<string, string?> { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["after"] = after };
        var (request, problems) = ReviewQueueRequest.Read(name => query.GetValueOrDefault(name), Catalogue);
        Assert.Empty(problems);
        return request!;
    }

    private static DisclosureItem Item(int n, ItemState state) => new()
    {
        // Ids sort as n does (32 lower-case hex digits, as intake makes them).
        Id = n.ToString("x4") + new string('0', 28),
        IndexNumber = new IndexNumber(Catalogue.Agency.IssuerCode, 2026, 9000 + n),
        Title = $"翻页审核测试 {n}", ColumnCode = "tzgg", Genre = "通知", Publisher = Catalogue.Agency.Name, DepartmentCode = "bgs",
        FormedOn = new DateOnly(2026, 11, 2), State = state, SubmittedBy = "赵科员", SubmittedAt = Now, UpdatedAt = Now,
    };

    private sealed class NoQueues : IWorkQueue
    {
        public Task EnqueueAsync(string queue, string message, CancellationToken ct = default) => Task.CompletedTask;
    }

    /// <summary>No item here was checked; counts how many records a page asks for.</summary>
    private sealed class CountedRecords : IComplianceRecords
    {
        public int Reads;

        public Task SaveAsync(ComplianceRecord record, CancellationToken ct) => Task.CompletedTask;

        public Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct)
        {
            Interlocked.Increment(ref Reads);
            return Task.FromResult<ComplianceRecord?>(null);
        }
    }
}
