using Disclosure.Calendar;
using Disclosure.Deadlines;
using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

/// <summary>Obligations of recorded events are timed by the catalogue's deadline rules, and never by a guessed calendar.</summary>
public class DeadlineObligationTests
{
    private static readonly ObligationCalculator Calculator = new(WorkingDays, new ItemDeadlines(CatalogueData, WorkingDays));

    private static PublicationFacts Event(string kind, string on, string id = "ev-1")
        => new() { Events = [new RecordedEvent { Id = id, Kind = kind, OccurredOn = D(on), Title = "事件" }] };

    [Fact]
    public void A_budget_approved_on_6_February_is_due_26_February_under_Budget_Law_Art_14()
    {
        // 预算法第十四条: 20 calendar days from approval. Main's plan rule counted 20 working days: 2026-03-12.
        var o = Calculator.Calculate(SeedPlan(), Event("部门预算批复", "2026-02-06"), D("2026-02-24"), 5).Single(o => o.Period == "ev-1");
        Assert.Equal(D("2026-02-26"), o.DueOn);
        Assert.Equal(ObligationState.Upcoming, o.State);
        Assert.Equal(2, o.WorkingDaysLeft);
        Assert.StartsWith("《预算法》第十四条", o.Basis);
        Assert.Empty(o.MissingCalendarYears);
    }

    [Fact]
    public void A_licensing_decision_is_due_seven_working_days_later_under_double_publicity()
    {
        var o = Calculator.Calculate(SeedPlan(), Event("行政许可决定", "2026-09-18"), D("2026-09-24"), 5).Single(o => o.Period == "ev-1");
        Assert.Equal(D("2026-09-29"), o.DueOn);
        Assert.StartsWith("“双公示”", o.Basis);
    }

    [Fact]
    public void An_obligation_falling_in_a_year_without_a_calendar_is_dated_by_the_Monday_to_Friday_estimate_said_as_such()
    {
        // 20 working days (条例第二十六条, the plan's rule) from 2026-12-21 end in 2027, whose notice is not loaded:
        // 8 left in 2026, then 1, 4–8, 11–15 and 18 January counted Monday to Friday (holidays.md: fall back and say so).
        var o = Calculator.Calculate(SeedPlan(), Event("领导班子调整", "2026-12-21"), D("2027-01-12"), 5).Single(o => o.Period == "ev-1");
        Assert.Equal(D("2027-01-18"), o.DueOn);
        Assert.Equal(4, o.WorkingDaysLeft);
        Assert.Equal([2027], o.MissingCalendarYears);

        var row = PlanPages.Obligations(new ObligationReport { Today = D("2027-01-12"), Obligations = [o] }, SeedPlan(), false).Rows.Single();
        Assert.Equal("2027年1月18日（星期一）（估算：缺少2027年节假日安排，按周一至周五计算）", row.DueText);
        Assert.Equal("2027-01-18", row.DueOn);
        Assert.Contains("2027.json", row.CalendarAdvice);
        Assert.Equal("还剩4个工作日（估算：缺少2027年节假日安排，按周一至周五计算）", row.State);
    }

    [Fact]
    public void An_obligation_whose_missing_year_is_still_far_off_is_not_listed_yet()
        // 2026-12-01: at least 22 working days remain before 2027, far beyond the 5-day lead.
        => Assert.DoesNotContain(Calculator.Calculate(SeedPlan(), Event("领导班子调整", "2026-11-30"), D("2026-12-01"), 5), o => o.Period == "ev-1");

    [Fact]
    public void The_reminder_for_an_estimated_obligation_says_so_and_what_to_add()
    {
        var plan = SeedPlan();
        var open = Calculator.Calculate(plan, Event("领导班子调整", "2026-12-21"), D("2027-01-12"), 5).Where(o => o.Department == "bgs").ToList();
        var mine = open.Single(o => o.Period == "ev-1");
        var digest = new DigestComposer(new ReminderOptions()).ForDepartment(plan, plan.FindDepartment("bgs")!, D("2027-01-12"), open,
            open.Select(o => Reminder.ForDepartment(o).Key).ToHashSet());
        Assert.Contains("应于2027年1月18日（星期一）前完成，还剩4个工作日（估算：缺少2027年节假日安排，按周一至周五计算。", digest.Text);
        Assert.Contains("2027.json", digest.Text);
        Assert.Equal(ObligationState.Upcoming, mine.State);
    }

    [Fact]
    public void Overdue_days_that_need_a_missing_year_are_counted_Monday_to_Friday_and_said_to_be_an_estimate()
    {
        // Due 2026-12-31 (a plan task date) and today 2027-01-04: overdue by 2 working days if 1 January is one (元旦: it is
        // likely not), so the figure and the escalation it reaches are said to be estimates.
        var calculator = new ObligationCalculator(WorkingDays);
        var plan = SeedPlan() with { Phases = [new PlanPhase { Code = "p", Name = "阶段", Start = D("2026-12-01"), End = D("2026-12-31"),
            Tasks = [new PlanTask { Id = "t", Title = "任务", Department = "bgs" }] }] };
        var o = calculator.Calculate(plan, PublicationFacts.None, D("2027-01-04"), 5).Single(o => o.RuleOrTaskId == "t");
        Assert.Equal(ObligationState.Overdue, o.State);
        Assert.Equal([2027], o.MissingCalendarYears);
        Assert.Equal(2, o.WorkingDaysOverdue);
        Assert.Equal(1, Reminder.Escalation(o, [1])!.Threshold);
        Assert.Equal("已逾期2个工作日（估算：缺少2027年节假日安排，按周一至周五计算）", PlanPages.StateText(o));
        Assert.Equal(CalendarAnswer<int>.Missing([2027], 2), WorkingDays.WorkingDaysBetween(D("2026-12-31"), D("2027-01-04")));
    }
}
