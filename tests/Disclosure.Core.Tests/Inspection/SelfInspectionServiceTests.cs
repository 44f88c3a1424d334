using System.Runtime.CompilerServices;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.Tests.Plan;
using Microsoft.Extensions.Time.Testing;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

/// <summary>The service wired with the plan's real seed (2026), the in-memory outbox and an in-memory report store.</summary>
public class SelfInspectionServiceTests
{
    private sealed class Items(IReadOnlyList<DisclosureItem> all) : IReportItemSource
    {
        public Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default) => Task.FromResult(all);
    }

    private sealed class Reports : ISelfInspectionStore
    {
        public Dictionary<(DateOnly, string), ReportFile> Files { get; } = [];
        public int Saves { get; private set; }

        public Task SaveAsync(DateOnly date, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
        {
            Saves++;
            foreach (var f in files) Files[(date, f.Name)] = f;
            return Task.CompletedTask;
        }

        public Task<ReportFile?> GetAsync(DateOnly date, string fileName, CancellationToken ct = default) => Task.FromResult(Files.GetValueOrDefault((date, fileName)));

        public Task<InspectionDatePage> ListDatesPageAsync(int pageSize, DateOnly? before, CancellationToken ct = default)
        {
            var rest = Files.Keys.Select(k => k.Item1).Distinct().Where(d => before is null || d < before).OrderDescending().Take(pageSize + 1).ToList();
            var page = rest.Take(pageSize).ToList();
            return Task.FromResult(new InspectionDatePage(page, rest.Count > pageSize ? page[^1] : null));
        }
    }

    private sealed class BrokenSite : ISiteSnapshot
    {
        public Task<IReadOnlySet<string>> ListPathsAsync(CancellationToken ct = default) => throw new IOException("存储服务无响应");

        public async IAsyncEnumerable<SitePage> ReadPagesAsync([EnumeratorCancellation] CancellationToken ct = default)
        {
            await Task.Yield();
            throw new IOException("存储服务无响应");
#pragma warning disable CS0162 // an iterator needs a yield to be one
            yield break;
#pragma warning restore CS0162
        }
    }

    private sealed class Poison(int messages) : IPoisonQueueCounter
    {
        public Task<IReadOnlyList<PoisonQueueCount>> CountAsync(CancellationToken ct = default)
            => Task.FromResult<IReadOnlyList<PoisonQueueCount>>([new PoisonQueueCount("render-pages-poison", messages)]);
    }

    private sealed class NoFindings : IReviewFindingSource
    {
        public Task<IReadOnlyList<FindingCount>> CountByRuleAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
            => Task.FromResult<IReadOnlyList<FindingCount>>([]);
    }

    private static (SelfInspectionService Service, Reports Store, InMemoryOutbox Outbox) Wire(ISiteSnapshot site, IReadOnlyList<DisclosureItem> items)
    {
        var time = new FakeTimeProvider(Now);
        var plans = new PlanService(new InMemoryPlanStore(), Bureau);
        var obligations = new ObligationService(plans, new ScriptedFacts(), Days, new ReminderOptions(), time);
        var outbox = new InMemoryOutbox();
        var store = new Reports();
        var service = new SelfInspectionService(new Items(items), site, new Poison(0), new NoFindings(), obligations, plans,
            new OutboxNotifier(outbox, time), store, Bureau, Days, new SelfInspectionOptions(), time);
        return (service, store, outbox);
    }

    [Fact]
    public async Task Running_twice_the_same_day_keeps_one_report_and_sends_the_leadership_one_summary()
    {
        var (service, store, outbox) = Wire(new SiteInMemory(new Dictionary<string, string> { ["index.html"] = "<a href=\"/guide/\">指南</a>" }), EveryColumnFresh());

        var first = await service.RunAsync();
        var second = await service.RunAsync();

        Assert.True(first.Notified);
        Assert.False(second.Notified);
        Assert.Equal(["/api/inspections/2026-03-16/report.html", "/api/inspections/2026-03-16/report.json", "/api/inspections/2026-03-16/report.csv"], first.Files);
        Assert.Equal(3, store.Files.Count);
        Assert.Equal(2, store.Saves);
        var summaries = outbox.All.Where(d => d.RecipientCode == LeadershipGroup.RecipientCode).Select(d => d.NotificationId).Distinct().ToList();
        Assert.Equal(["self-inspection-20260316"], summaries);
        Assert.Equal([new DateOnly(2026, 3, 16)], (await store.ListDatesPageAsync(10, null)).Dates);
        Assert.Single(first.Report.BrokenLinks); // guide/ has no index.html in this site
        Assert.Null(await service.GetFileAsync(new DateOnly(2026, 3, 16), "../secret.txt"));
    }

    [Fact]
    public async Task A_site_that_cannot_be_read_is_named_in_the_report_and_the_rest_is_still_checked()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode != "kjcg").ToList();
        var (service, store, _) = Wire(new BrokenSite(), items);

        var run = await service.RunAsync();

        var incomplete = Assert.Single(run.Report.Incomplete);
        Assert.Equal("“链接可用性”本次未能检查（存储服务无响应），请排除故障后重新自查", incomplete);
        Assert.Contains(run.Report.Risks, r => r.Indicator == SelfInspectionText.IncompleteIndicator && r.Description == incomplete);
        Assert.True(run.Report.Columns.Single(c => c.Code == "kjcg").IsBlank);
        Assert.Equal(3, store.Files.Count);
    }
}
