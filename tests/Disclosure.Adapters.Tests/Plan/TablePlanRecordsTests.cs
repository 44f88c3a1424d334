using Azure.Data.Tables;
using Disclosure.Adapters.Plan;
using Disclosure.Adapters.Tests.Notifications;
using Disclosure.Catalogue;
using Disclosure.Plan;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Plan;

public class TablePlanRecordsTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    [Fact]
    public async Task A_recorded_decision_becomes_an_obligation_until_its_disclosure_is_recorded()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var plans = new PlanService(new TablePlanStore(service, "plan" + suffix), Catalogue);
        var records = new TablePlanRecords(service, "planrecords" + suffix);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 27, 22, 30, 0, TimeSpan.Zero));   // 2026-09-28 06:30 China
        var recordsService = new PlanRecordsService(plans, records, time);
        var obligations = new ObligationService(plans, new PlanFacts(new NothingPublished(), records), Deliveries.Calendar, new ReminderOptions(), time);

        var decision = new RecordedEvent { Id = "xk-2026-031", Kind = "行政许可决定", OccurredOn = new DateOnly(2026, 9, 17), Title = "技术合同登记" };
        Assert.IsType<PlanRecordResult.Recorded>(await recordsService.RecordEventAsync(2026, decision));
        Assert.IsType<PlanRecordResult.AlreadyRecorded>(await recordsService.RecordEventAsync(2026, decision));
        var invalid = Assert.IsType<PlanRecordResult.Invalid>(await recordsService.RecordEventAsync(2026, decision with { Id = "a/b", Kind = "随便" }));
        Assert.Equal(2, invalid.Problems.Count);

        var report = await obligations.GetAsync("zcfgc");
        var due = Assert.Single(report.Obligations, o => o.RuleOrTaskId == "xzzf-decision");
        Assert.Equal(ObligationState.DueToday, due.State);
        Assert.Equal("公示行政许可、行政处罚决定：技术合同登记", due.Title);

        Assert.IsType<PlanRecordResult.Recorded>(await recordsService.MarkEventDisclosedAsync(2026, decision.Id, new DateOnly(2026, 9, 28)));
        Assert.IsType<PlanRecordResult.NotFound>(await recordsService.MarkEventDisclosedAsync(2026, "no-such", new DateOnly(2026, 9, 28)));
        Assert.DoesNotContain((await obligations.GetAsync("zcfgc")).Obligations, o => o.RuleOrTaskId == "xzzf-decision");
    }

    [Fact]
    public async Task An_event_title_too_long_for_its_row_or_with_control_characters_is_refused_and_nothing_is_recorded()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var plans = new PlanService(new TablePlanStore(service, "plan" + suffix), Catalogue);
        var records = new TablePlanRecords(service, "planrecords" + suffix);
        var recordsService = new PlanRecordsService(plans, records, new FakeTimeProvider(new DateTimeOffset(2026, 9, 27, 22, 30, 0, TimeSpan.Zero)));
        var decision = new RecordedEvent { Id = "xk-2026-032", Kind = "行政许可决定", OccurredOn = new DateOnly(2026, 9, 17), Title = "技术合同登记" };

        var huge = Assert.IsType<PlanRecordResult.Invalid>(await recordsService.RecordEventAsync(2026, decision with { Title = new string('题', 100_000) }));
        var control = Assert.IsType<PlanRecordResult.Invalid>(await recordsService.RecordEventAsync(2026, decision with { Title = "技术\u0001合同" }));
        var kind = Assert.IsType<PlanRecordResult.Invalid>(await recordsService.RecordEventAsync(2026, decision with { Kind = new string('类', 100_000) }));

        Assert.Contains("事件标题不能超过 200 个字。", huge.Problems);
        Assert.StartsWith("事件标题含有不允许的控制字符", Assert.Single(control.Problems));
        Assert.True(Assert.Single(kind.Problems).Length < 100);
        Assert.Empty(await records.ListEventsAsync(2026));
    }

    [Fact]
    public async Task Completing_a_task_twice_keeps_the_first_date()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var plans = new PlanService(new TablePlanStore(service, "plan" + suffix), Catalogue);
        var records = new TablePlanRecords(service, "planrecords" + suffix);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 28, 22, 30, 0, TimeSpan.Zero));
        var recordsService = new PlanRecordsService(plans, records, time);

        Assert.IsType<PlanRecordResult.Recorded>(await recordsService.CompleteTaskAsync(2026, "p2-check-h1"));
        time.Advance(TimeSpan.FromDays(2));
        Assert.IsType<PlanRecordResult.Recorded>(await recordsService.CompleteTaskAsync(2026, "p2-check-h1"));
        Assert.IsType<PlanRecordResult.NotFound>(await recordsService.CompleteTaskAsync(2026, "p9-none"));
        Assert.Equal(new DateOnly(2026, 6, 29), (await records.ListCompletedTasksAsync(2026))["p2-check-h1"]);
    }

    private sealed class NothingPublished : ILatestPublications
    {
        public Task<IReadOnlyDictionary<string, DateOnly>> LatestByColumnAsync(DateOnly asOf, CancellationToken ct = default)
            => Task.FromResult<IReadOnlyDictionary<string, DateOnly>>(new Dictionary<string, DateOnly>());
    }
}
