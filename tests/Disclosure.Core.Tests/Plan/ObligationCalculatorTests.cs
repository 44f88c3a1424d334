using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class ObligationCalculatorTests
{
    private static readonly ObligationCalculator Calculator = new(WorkingDays);

    private static IReadOnlyList<Obligation> On(string day, PublicationFacts facts, int lead = 5)
        => Calculator.Calculate(SeedPlan(), facts, D(day), lead);

    private static PublicationFacts Published(params (string Column, string On)[] latest)
        => new() { LatestPublishedOn = latest.ToDictionary(p => p.Column, p => D(p.On)) };

    [Theory]
    [InlineData("2026-03-09", null, 0)]                    // 03-16 is 5 working days away: outside a 4-day lead
    [InlineData("2026-03-10", ObligationState.Upcoming, 4)]
    [InlineData("2026-03-16", ObligationState.DueToday, 0)]
    [InlineData("2026-03-18", ObligationState.Overdue, 2)]
    public void Work_news_is_due_14_days_after_the_latest_item(string today, ObligationState? expected, int days)
    {
        var facts = Published(("gzdt", "2026-03-02"));
        var gzdt = On(today, facts, lead: 4).SingleOrDefault(o => o.RuleOrTaskId == "gzdt-periodic");
        if (expected is null) { Assert.Null(gzdt); return; }
        Assert.NotNull(gzdt);
        Assert.Equal(D("2026-03-16"), gzdt.DueOn);
        Assert.Equal("gzdt-periodic:2026-03-16", gzdt.Id);
        Assert.Equal(expected, gzdt.State);
        Assert.Equal(days, expected == ObligationState.Overdue ? gzdt.WorkingDaysOverdue : gzdt.WorkingDaysLeft);
        Assert.Equal("bgs", gzdt.Department);
    }

    [Fact]
    public void Notices_are_due_six_months_after_the_latest_notice()
    {
        var o = On("2026-08-31", Published(("tzgg", "2026-03-03"))).Single(o => o.RuleOrTaskId == "tzgg-periodic");
        Assert.Equal(D("2026-09-03"), o.DueOn);
        Assert.Equal(ObligationState.Upcoming, o.State);
    }

    [Fact]
    public void Dual_publicity_deadline_counts_7_working_days_across_Mid_Autumn_and_the_Sunday_working_day()
    {
        var facts = new PublicationFacts { Events = [new RecordedEvent { Id = "cf-1", Kind = "行政处罚决定", OccurredOn = D("2026-09-18") }] };
        var o = On("2026-09-28", facts).Single(o => o.RuleOrTaskId == "xzzf-decision");
        // 09-20 (Sunday working day), 21, 22, 23, 24, (25–27 off), 28, 29.
        Assert.Equal(D("2026-09-29"), o.DueOn);
        Assert.Equal("xzzf-decision:cf-1", o.Id);
        Assert.Equal("zcfgc", o.Department);
        Assert.Equal(1, o.WorkingDaysLeft);
    }

    [Fact]
    public void A_disclosed_event_owes_nothing()
    {
        var facts = new PublicationFacts
        {
            Events = [new RecordedEvent { Id = "ys-2026", Kind = "部门预算批复", OccurredOn = D("2026-03-02"), DisclosedOn = D("2026-03-10") }],
        };
        Assert.DoesNotContain(On("2026-03-27", facts), o => o.RuleOrTaskId == "czzj-budget");
    }

    [Fact]
    public void Budget_approval_gives_finance_20_working_days()
    {
        var facts = new PublicationFacts { Events = [new RecordedEvent { Id = "ys-2026", Kind = "部门预算批复", OccurredOn = D("2026-03-02") }] };
        var o = On("2026-03-27", facts).Single(o => o.RuleOrTaskId == "czzj-budget");
        Assert.Equal(D("2026-03-30"), o.DueOn);
        Assert.Equal("cwc", o.Department);
    }

    [Fact]
    public void Annual_report_due_on_a_Saturday_off_is_announced_on_Friday_with_no_working_day_left_and_overdue_on_Monday()
    {
        var friday = On("2026-01-30", PublicationFacts.None).Single(o => o.RuleOrTaskId == "ndbg-annual");
        Assert.Equal(ObligationState.Upcoming, friday.State);
        Assert.Equal(0, friday.WorkingDaysLeft);
        var monday = On("2026-02-02", PublicationFacts.None).Single(o => o.RuleOrTaskId == "ndbg-annual");
        Assert.Equal(ObligationState.Overdue, monday.State);
        Assert.Equal(1, monday.WorkingDaysOverdue);
    }

    [Fact]
    public void Annual_report_published_in_January_is_done_for_the_year()
        => Assert.DoesNotContain(On("2026-02-02", Published(("ndbg", "2026-01-20"))), o => o.RuleOrTaskId == "ndbg-annual");

    [Fact]
    public void Last_years_annual_report_does_not_count_for_this_year()
        => Assert.Contains(On("2026-02-02", Published(("ndbg", "2025-01-20"))), o => o.RuleOrTaskId == "ndbg-annual");

    [Fact]
    public void Annual_plan_is_due_at_the_end_of_phase_one_unless_published_in_the_phase()
    {
        Assert.Equal(ObligationState.DueToday, On("2026-02-28", PublicationFacts.None).Single(o => o.RuleOrTaskId == "ghjh-annual-plan").State);
        Assert.DoesNotContain(On("2026-02-28", Published(("ghjh", "2026-01-15"))), o => o.RuleOrTaskId == "ghjh-annual-plan");
    }

    [Fact]
    public void Phase_tasks_are_due_at_their_date_or_the_phase_end_until_recorded_complete()
    {
        var open = On("2026-12-10", PublicationFacts.None);
        Assert.Equal(D("2026-12-15"), open.Single(o => o.RuleOrTaskId == "p3-summary").DueOn);
        Assert.Equal("第三阶段（11—12月）", open.Single(o => o.RuleOrTaskId == "p3-summary").Context);
        var done = On("2026-12-10", PublicationFacts.None with { CompletedTasks = new Dictionary<string, DateOnly> { ["p3-summary"] = D("2026-12-01") } });
        Assert.DoesNotContain(done, o => o.RuleOrTaskId == "p3-summary");
    }

    [Fact]
    public void Escalation_takes_the_highest_threshold_reached_only()
    {
        var o = On("2026-02-24", PublicationFacts.None).Single(o => o.RuleOrTaskId == "ndbg-annual");
        // Due Sat 01-31; 02-02 … 02-13, 02-14 (Saturday working day), then 春节, then 02-24: 12 working days.
        Assert.Equal(12, o.WorkingDaysOverdue);
        var escalation = Reminder.Escalation(o, [5, 10]);
        Assert.NotNull(escalation);
        Assert.Equal("ndbg-annual:2026:escalation-10", escalation.Key);
        Assert.Null(Reminder.Escalation(o, [20]));
    }
}
