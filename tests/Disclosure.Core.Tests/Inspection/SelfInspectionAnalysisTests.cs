using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using Disclosure.Plan;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

public class SelfInspectionAnalysisTests
{
    private static ColumnFreshness Column(SelfInspectionReport report, string code) => report.Columns.Single(c => c.Code == code);

    [Fact]
    public void A_news_column_with_no_item_for_15_days_is_reported_stale()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode != "gzdt").ToList();
        items.Add(Item("gzdt", Today.AddDays(-15)));
        items.Add(Item("gzdt", Today.AddDays(-20)));

        var report = Analysis().Analyse(Inputs(items));

        var gzdt = Column(report, "gzdt");
        Assert.True(gzdt.IsStale);
        Assert.False(gzdt.IsBlank);
        Assert.Equal(15, gzdt.DaysSinceLatest);
        Assert.Equal(FreshnessRule.News, gzdt.Rule);
        var risk = Assert.Single(report.Risks, r => r.Indicator == SelfInspectionText.StaleIndicator);
        Assert.Equal(RiskLevel.Deduction, risk.Level);
        Assert.Contains("“工作动态”栏目已15天未更新", risk.Description);
    }

    [Fact]
    public void A_news_column_updated_14_days_ago_is_still_within_two_weeks()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode != "gzdt").Append(Item("gzdt", Today.AddDays(-14))).ToList();
        var report = Analysis().Analyse(Inputs(items));
        Assert.False(Column(report, "gzdt").IsStale);
        Assert.Empty(report.Risks);
    }

    [Fact]
    public void A_notice_column_is_stale_after_six_months_and_not_before()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode is not ("tzgg" or "zcfg")).ToList();
        items.Add(Item("tzgg", Today.AddMonths(-6)));              // exactly six months: still within
        items.Add(Item("zcfg", Today.AddMonths(-6).AddDays(-1)));  // one day more: stale
        var report = Analysis().Analyse(Inputs(items));
        Assert.False(Column(report, "tzgg").IsStale);
        Assert.True(Column(report, "zcfg").IsStale);
        Assert.False(Column(report, "kjcg").IsStale); // not scored by frequency
    }

    [Fact]
    public void A_column_whose_items_are_withdrawn_or_not_yet_published_is_blank()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode != "kjcg").ToList();
        items.Add(Item("kjcg", Today.AddDays(-3), state: ItemState.Withdrawn));
        items.Add(Item("kjcg", null, state: ItemState.AwaitingReview, updatedAt: Now));

        var report = Analysis().Analyse(Inputs(items));

        var kjcg = Column(report, "kjcg");
        Assert.True(kjcg.IsBlank);
        Assert.Equal(0, kjcg.PublicItems);
        var risk = Assert.Single(report.Risks);
        Assert.Equal((RiskLevel.Deduction, SelfInspectionText.BlankIndicator, "“科技成果”栏目没有任何已公开信息"), (risk.Level, risk.Indicator, risk.Description));
    }

    [Fact]
    public void An_item_whose_public_period_ended_keeps_no_column_fresh_but_still_counts_as_published_that_month()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode != "kjcg").ToList();
        // Published three days ago with a 公示期 that ended yesterday: the portal shows only a notice now.
        items.Add(Item("kjcg", Today.AddDays(-3)) with { PublicUntil = Today.AddDays(-1) });

        var report = Analysis().Analyse(Inputs(items));

        Assert.True(Column(report, "kjcg").IsBlank);
        Assert.Equal(1, report.PublishedPerMonth[^1].ByColumn["kjcg"]);

        // On its last day it is still on the portal.
        var lastDay = Analysis().Analyse(Inputs(items.Select(i => i.PublicUntil is null ? i : i with { PublicUntil = Today }).ToList()));
        Assert.False(Column(lastDay, "kjcg").IsBlank);
    }

    [Fact]
    public void Five_blank_columns_are_a_veto_risk_at_the_top_of_the_list()
    {
        var blank = new[] { "jgzn", "ghjh", "czzj", "kjxm", "kjcg" };
        var items = EveryColumnFresh().Where(i => !blank.Contains(i.ColumnCode)).ToList();
        var report = Analysis().Analyse(Inputs(items));

        Assert.Equal(RiskLevel.Veto, report.Risks[0].Level);
        Assert.Equal("5个空白栏目（达到5个即单项否决）", report.Risks[0].Description);
        Assert.Equal(1, report.VetoRisks);
        Assert.Equal(5, report.Risks.Count(r => r.Level == RiskLevel.Deduction));
    }

    [Fact]
    public void A_home_page_without_news_for_more_than_two_weeks_is_a_veto()
    {
        var items = Bureau.Columns.Select(c => Item(c.Code, Today.AddDays(-15))).ToList();
        var report = Analysis().Analyse(Inputs(items));
        Assert.True(report.HomePage.IsStale);
        Assert.Equal(Today.AddDays(-15), report.HomePage.LatestPublication);
        Assert.Equal("首页已15天未更新（最近发布2026年3月1日），超过14天", report.Risks.First().Description);
        Assert.Equal(RiskLevel.Veto, report.Risks.First().Level);
    }

    [Fact]
    public void Timeliness_rate_counts_items_published_within_20_working_days_of_formation_by_column_and_department()
    {
        var items = EveryColumnFresh().Select(i => i with { FormedOn = i.PublishedOn!.Value }).ToList(); // 10 on time, 0 days
        // 2026-03-02 (Mon) + 20 working days = 2026-03-30; one day more is late.
        items.Add(Item("zcfg", new DateOnly(2026, 3, 30), formed: new DateOnly(2026, 3, 2), department: "zcfgc", title: "按时：第20个工作日发布"));
        items.Add(Item("zcfg", new DateOnly(2026, 3, 31), formed: new DateOnly(2026, 3, 2), department: "zcfgc", title: "逾期：第21个工作日发布"));
        // Qingming (2026-04-04 to 06) is not counted: 2026-03-10 + 20 working days = 2026-04-07 (with Monday 04-06 a holiday).
        var now = new DateTimeOffset(2026, 4, 8, 9, 0, 0, TimeSpan.FromHours(8));
        items.Add(Item("tzgg", new DateOnly(2026, 4, 7), formed: new DateOnly(2026, 3, 10), department: "bgs", title: "清明假期不计：按时"));

        var report = Analysis().Analyse(Inputs(items) with { Now = now });
        var t = report.Timeliness;

        Assert.Equal(new DateOnly(2025, 5, 1), t.From);
        Assert.Equal(items.Count, t.Overall.Published);
        Assert.Equal(items.Count - 1, t.Overall.OnTime);
        var late = Assert.Single(t.LateItems);
        Assert.Equal(("逾期：第21个工作日发布", 21, "政策法规处"), (late.Title, late.WorkingDays, late.Department));
        var zcfg = t.ByColumn.Single(c => c.Code == "zcfg");
        Assert.Equal((3, 2, 66.7m), (zcfg.Published, zcfg.OnTime, zcfg.OnTimePercent));
        var zcfgc = t.ByDepartment.Single(d => d.Code == "zcfgc");
        Assert.Equal((2, 1, 50m), (zcfgc.Published, zcfgc.OnTime, zcfgc.OnTimePercent));
        Assert.Equal("zcfgc", t.ByDepartment[0].Code); // worst first
        Assert.Equal(Bureau.Columns.Count, t.Distribution.Single(b => b.Label == "0–5").Items);
        Assert.Equal(2, t.Distribution.Single(b => b.Label == "16–20").Items);
        Assert.Equal(1, t.Distribution.Single(b => b.Label == "21–40").Items);
        Assert.Contains(report.Risks, r => r.Indicator == SelfInspectionText.TimelinessIndicator && r.Description.StartsWith("1条信息"));
    }

    [Fact]
    public void A_correction_published_later_does_not_make_an_item_late()
    {
        var first = Item("tzgg", new DateOnly(2026, 3, 3), formed: new DateOnly(2026, 3, 2), id: "corrected");
        var second = first with { Version = 2, PublishedOn = new DateOnly(2026, 3, 13), PublishedVersion = 2 };
        var report = Analysis().Analyse(Inputs([.. EveryColumnFresh(), first, second]));
        Assert.Empty(report.Timeliness.LateItems);
        Assert.Equal(EveryColumnFresh().Count + 1, report.Timeliness.Overall.Published);
    }

    [Fact]
    public void Review_pipeline_lists_long_waits_stuck_items_poison_messages_and_returns_by_department()
    {
        var items = EveryColumnFresh();
        // Monday 2026-03-09 09:00 → Monday 03-16: 5 working days waiting (limit 3). Thursday 03-12: 2 working days.
        items.Add(Item("tzgg", null, state: ItemState.AwaitingReview, updatedAt: new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(8)), title: "等了5个工作日"));
        items.Add(Item("tzgg", null, state: ItemState.AwaitingReview, updatedAt: new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.FromHours(8)), title: "等了2个工作日"));
        items.Add(Item("tzgg", null, state: ItemState.Checking, updatedAt: Now.AddHours(-30), title: "检查卡住"));
        items.Add(Item("tzgg", null, state: ItemState.Checking, updatedAt: Now.AddHours(-1), title: "正在检查"));
        items.Add(Item("tzgg", null, state: ItemState.PublishFailed, updatedAt: Now.AddHours(-1), title: "发布失败"));
        items.Add(Item("tzgg", null, state: ItemState.Returned, department: "cwc"));
        items.Add(Item("tzgg", null, state: ItemState.Returned, department: "cwc"));
        items.Add(Item("tzgg", null, state: ItemState.Returned, department: "rsc"));

        var report = Analysis().Analyse(Inputs(items) with
        {
            PoisonQueues = [new PoisonQueueCount("render-pages-poison", 2), new PoisonQueueCount("compliance-checks-poison", 1)],
        });
        var p = report.Pipeline;

        var waiting = Assert.Single(p.WaitingForReview);
        Assert.Equal(("等了5个工作日", "5个工作日", "待审核"), (waiting.Title, waiting.Waiting, waiting.State));
        Assert.Equal(["检查卡住", "发布失败"], p.Stuck.Select(s => s.Title).ToArray());
        Assert.Equal(["compliance-checks-poison", "render-pages-poison"], p.PoisonQueues.Select(q => q.Queue).ToArray());
        Assert.Equal([("cwc", 2), ("rsc", 1)], p.ReturnedByDepartment.Select(d => (d.Code, d.Count)).ToArray());
        Assert.Empty(p.FindingsByRule);
        Assert.Contains(report.Risks, r => r.Level == RiskLevel.Deduction && r.Description.StartsWith("3条后台任务"));
    }

    [Fact]
    public void Overdue_obligations_are_grouped_by_department_most_first()
    {
        Obligation O(string id, string dept, ObligationState state, int overdue) => new()
        {
            Id = id, Department = dept, Title = id, Context = "工作动态", RuleOrTaskId = id, Period = "2026-03-01",
            DueOn = new DateOnly(2026, 3, 1), State = state, WorkingDaysOverdue = overdue,
        };
        var report = Analysis().Analyse(Inputs(EveryColumnFresh()) with
        {
            Obligations = [O("a", "bgs", ObligationState.Overdue, 3), O("b", "cwc", ObligationState.Overdue, 1), O("c", "cwc", ObligationState.Overdue, 9), O("d", "bgs", ObligationState.Upcoming, 0)],
        });
        Assert.Equal(["cwc", "bgs"], report.OverdueObligations.Select(d => d.Code).ToArray());
        Assert.Equal([9, 1], report.OverdueObligations[0].Overdue.Select(o => o.WorkingDaysOverdue).ToArray());
        Assert.Contains(report.Risks, r => r.Description == "财务处有2项年度计划事项逾期（最长逾期9个工作日）");
    }

    [Fact]
    public async Task Pages_linking_to_a_withdrawn_item_or_presenting_a_repealed_one_are_listed()
    {
        var items = EveryColumnFresh();
        items.Add(Item("tzgg", Today.AddDays(-40), state: ItemState.Withdrawn, id: "gone", title: "已撤回的通知"));
        items.Add(Item("zcfg", Today.AddDays(-40), validity: Validity.Repealed, id: "old", title: "已废止的办法"));
        items.Add(Item("zcfg", Today.AddDays(-5), id: "repealer", relatedId: "old", title: "关于废止的决定"));
        var site = new SiteInMemory(new Dictionary<string, string>
        {
            ["index.html"] = """<a href="/items/gone.html">通知</a><a href="/items/old.html">办法</a>""",
            ["columns/zcfg/index.html"] = """<a href="../../items/old.html">办法（已废止）</a>""",
            ["items/repealer.html"] = """<a href="/items/old.html">原文件</a>""",
            ["items/old.html"] = """<a href="/items/old.html#top">本页</a>""",
            ["items/gone.html"] = "<p>该信息已撤回</p>",
        });

        var links = await SiteLinks.CheckAsync(site, null);
        var report = Analysis().Analyse(Inputs(items, links));

        Assert.Equal([("index.html", "gone", "已撤回"), ("index.html", "old", "废止")],
            report.LinksToRetiredItems.Select(l => (l.Page, l.ItemId, l.Status)).ToArray());
        Assert.Empty(report.BrokenLinks);
    }

    [Theory]
    [InlineData("2026-11-30", null)]
    [InlineData("2026-12-01", "2027")]
    [InlineData("2026-12-31", "2027")]
    public void From_December_a_missing_holiday_calendar_for_the_coming_year_is_reported(string day, string? missingYear)
    {
        var now = new DateTimeOffset(DateOnly.Parse(day).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));

        var report = Analysis().Analyse(Inputs(EveryColumnFresh()) with { Now = now, PlannedYears = new HashSet<int> { 2026, 2027 } });

        var gaps = report.Risks.Where(r => r.Indicator == SelfInspectionText.CalendarIndicator).ToList();
        if (missingYear is null)
        {
            Assert.Empty(gaps);
            return;
        }
        var gap = Assert.Single(gaps);
        Assert.Equal(RiskLevel.Notice, gap.Level);
        Assert.StartsWith($"{missingYear}年节假日安排尚未录入", gap.Description);
        Assert.Contains($"{missingYear}.json", gap.Description);
    }

    [Fact]
    public void A_year_running_without_its_holiday_calendar_costs_points()
    {
        var now = new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.FromHours(8));

        var report = Analysis().Analyse(Inputs(EveryColumnFresh()) with { Now = now });

        var gap = Assert.Single(report.Risks, r => r.Indicator == SelfInspectionText.CalendarIndicator);
        Assert.Equal(RiskLevel.Deduction, gap.Level);
        Assert.StartsWith("2027年节假日安排尚未录入", gap.Description);
    }

    [Theory]
    [InlineData("2026-11-30", new[] { 2026 }, new string[0])]
    [InlineData("2026-12-01", new[] { 2026 }, new[] { "Notice 2027" })]
    [InlineData("2026-12-01", new[] { 2026, 2027 }, new string[0])]
    [InlineData("2026-06-01", new int[0], new[] { "Deduction 2026" })]
    public void A_missing_annual_plan_is_reported_like_a_missing_calendar(string day, int[] planned, string[] expected)
    {
        var now = new DateTimeOffset(DateOnly.Parse(day).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));

        var report = Analysis().Analyse(Inputs(EveryColumnFresh()) with { Now = now, PlannedYears = planned.ToHashSet() });

        var gaps = report.Risks.Where(r => r.Indicator == SelfInspectionText.PlanIndicator)
            .Select(r => $"{r.Level} {r.Description[..4]}").ToArray();
        Assert.Equal(expected, gaps);
    }

    [Fact]
    public void An_unreadable_plan_store_reports_no_plan_gap()
    {
        var report = Analysis().Analyse(Inputs(EveryColumnFresh()) with { PlannedYears = null });

        Assert.DoesNotContain(report.Risks, r => r.Indicator == SelfInspectionText.PlanIndicator);
    }
}
