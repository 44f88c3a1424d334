using Azure.Core;
using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>
/// The review queue is ranked across the whole queue at the Table service (issue 17: it was ranked within a page of id
/// order, so an item whose check found an ID number could sit on page 9 while page 1 showed clean items): a page ranks
/// every waiting row from its rank column, reads in full only the items it shows and their check records, and continues
/// after the rank and id of the last item shown.
/// </summary>
public class ReviewQueuePagingTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_whole_queue_is_ranked_by_findings_across_pages_and_a_page_reads_in_full_only_what_it_shows()
    {
        var rowsRead = new TableRowsRead();
        var options = new TableClientOptions();
        options.AddPolicy(rowsRead, HttpPipelinePosition.PerCall);
        var time = new FakeTimeProvider(Now);
        var store = new TableItemStore(new TableServiceClient(azurite.ConnectionString, options), new NoQueues(), time);
        var records = new CountedRecords();
        var reviews = new ReviewService(store, new ItemLifecycle(store, time), records, Catalogue, time, store);

        // Thirty items wait for review among ten already published. In id order the one whose check found a block (n = 25)
        // would be on the ninth page of three; two (n = 9 and 29) were written before the rank was kept: their records say
        // what was found.
        var expected = new List<(string Token, string Id)>();
        for (var n = 0; n < 40; n++)
        {
            var item = Item(n, n % 4 == 3 ? ItemState.Published : ItemState.AwaitingReview);
            var (blocks, toReview) = (n == 25 ? 1 : 0, n % 5 == 1 ? 1 : 0);
            var rank = new ReviewRank(blocks, toReview, blocks + toReview + n % 3, Now.AddMinutes(-n));
            var legacy = n is 9 or 29;
            if (legacy) records.Kept[item.Id] = rank;
            await store.CreateAsync(legacy ? item : item with { ReviewRank = rank },
                ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = "created", At = Now, Actor = "测试", Action = AuditAction.Submitted, To = item.State }));
            if (item.State == ItemState.AwaitingReview) expected.Add((ReviewRank.Token(rank.Key, item.Id), item.Id));
        }
        var order = expected.OrderBy(e => e.Token, StringComparer.Ordinal).Select(e => e.Id).ToList();

        var first = await reviews.ListQueuePageAsync(Request(size: 3, after: null));
        Assert.Equal(order.Take(3), first.Entries.Select(e => e.Item.Id));
        Assert.Equal(Item(25, ItemState.AwaitingReview).Id, first.Entries[0].Item.Id); // the block first, from page 9

        rowsRead.Reset();
        records.Reads = 0;
        var deep = await reviews.ListQueuePageAsync(Request(size: 3, after: ReviewRank.Token(RankOf(expected, order[20]), order[20])));

        Assert.Equal(order.Skip(21).Take(3), deep.Entries.Select(e => e.Item.Id));
        // The waiting rows' id, version and rank columns (30 rows of a few hundred bytes, not the items), then the three items
        // shown (point reads); the records of those and of the two older rows.
        Assert.Equal(30, rowsRead.Count);
        Assert.True(rowsRead.Bytes < 30 * 400, $"{rowsRead.Bytes} bytes");
        Assert.Equal(3 + 2, records.Reads);

        // Every waiting item on exactly one page, in the queue's order, however many pages it takes.
        var seen = new List<string>();
        for (string? after = null; ;)
        {
            var page = await reviews.ListQueuePageAsync(Request(size: 7, after));
            seen.AddRange(page.Entries.Select(e => e.Item.Id));
            if ((after = page.Next) is null) break;
        }
        Assert.Equal(order, seen);

        // A link to one item opens the page that starts with it; an item decided since the ranking is not shown.
        var at = await reviews.ListQueuePageAsync(Request(size: 3, after: null, at: order[10]));
        Assert.Equal(order.Skip(10).Take(3), at.Entries.Select(e => e.Item.Id));
        var decided = (await store.GetAsync(order[11]))!;
        await store.UpdateAsync(decided.Item with { State = ItemState.ReadyToPublish }, decided.ETag,
            ItemChange.Of(new AuditEntry { ItemId = order[11], EventId = "decided", At = Now, Actor = "测试", Action = AuditAction.ReviewApproved, To = ItemState.ReadyToPublish }));
        at = await reviews.ListQueuePageAsync(Request(size: 3, after: null, at: order[10]));
        Assert.Equal([order[10], order[12], order[13]], at.Entries.Select(e => e.Item.Id));
    }

    private static string RankOf(List<(string Token, string Id)> ranked, string id) => ranked.Single(r => r.Id == id).Token[..ReviewRank.KeyLength];

    private static ReviewQueueRequest Request(int size, string? after, string? at = null)
    {
        var query = new Dictionary<string, string?> { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["after"] = after, ["at"] = at };
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


    /// <summary>The records of the items <see cref="Kept"/> names (with findings that give that rank); counts how many records are asked for.</summary>
    private sealed class CountedRecords : IComplianceRecords
    {
        public int Reads;
        public readonly Dictionary<string, ReviewRank> Kept = new(StringComparer.Ordinal);

        public Task SaveAsync(ComplianceRecord record, CancellationToken ct) => Task.CompletedTask;

        public Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct)
        {
            Interlocked.Increment(ref Reads);
            return Task.FromResult(Kept.TryGetValue(itemId, out var rank) ? RecordWith(itemId, version, rank) : null);
        }

        private static ComplianceRecord RecordWith(string itemId, int version, ReviewRank rank)
        {
            var findings = Enumerable.Repeat(Severity.Block, rank.Blocks).Concat(Enumerable.Repeat(Severity.Review, rank.Reviews))
                .Concat(Enumerable.Repeat(Severity.Info, rank.Findings - rank.Blocks - rank.Reviews))
                .Select(severity => new FindingInContext(new ComplianceFinding("test", severity, "正文", 0, 0, "", "测试", ""), "", ""))
                .ToList();
            return new ComplianceRecord(itemId, version, ReviewDecision.NeedsReview, rank.CheckedAt, findings, false);
        }
    }
}
