using Disclosure.Calendar;
using Disclosure.Notifications;
using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class ReminderYearTests
{
    private static PlanColumn Column(string code) => SeedPlan().FindColumn(code)!;

    [Fact]
    public async Task Around_Spring_Festival_reminders_fall_on_working_days_including_Saturday_02_14_and_02_28()
    {
        var h = new ReminderHarness(PlanWith(Column("gzdt"), Column("xzzf")));
        foreach (var monday in new[] { "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-03-09" })
            h.Facts.Publications.Add(("gzdt", D(monday)));
        h.Facts.Events.Add(new RecordedEvent
        {
            Id = "cf-2026-002", Kind = "行政处罚决定", OccurredOn = D("2026-02-05"), Title = "某机构科研诚信处罚", DisclosedOn = D("2026-03-09"),
        });

        var byDay = await h.RunYearAsync();
        var window = (DateOnly d) => d >= D("2026-02-03") && d <= D("2026-03-10");

        // Work news published 02-02 → due 02-16 (春节). Announced 5 working days ahead (02-09), silent through the
        // holiday, overdue on 02-24 (first working day after).
        // The penalty of Thu 02-05 (双公示, 7 working days) is due on Saturday 02-14, a 调休 working day: announced
        // 02-09, due-today on that Saturday, overdue 02-24.
        Assert.Equal([D("2026-02-09"), D("2026-02-24")], DaysFor(byDay, "bgs").Where(window));
        Assert.Equal([D("2026-02-09"), D("2026-02-14"), D("2026-02-24")], DaysFor(byDay, "zcfgc").Where(window));
        Assert.Contains("今日到期", Assert.Single(byDay[D("2026-02-14")]).Text);
        // Both reach 5 working days overdue on Saturday 02-28 (调休上班) and 10 on 03-06: one escalation digest each day naming both.
        Assert.Equal([D("2026-02-28"), D("2026-03-06")], DaysFor(byDay, LeadershipGroup.RecipientCode).Where(window));
        var escalation = byDay[D("2026-02-28")].Where(d => d.RecipientCode == LeadershipGroup.RecipientCode).ToList();
        Assert.Single(escalation.Select(d => d.NotificationId).Distinct());
        Assert.Contains("发布工作动态", escalation[0].Text);
        Assert.Contains("某机构科研诚信处罚", escalation[0].Text);
        Assert.DoesNotContain(byDay.Keys, d => d >= D("2026-02-15") && d <= D("2026-02-23"));
        Assert.All(byDay.Keys, d => Assert.Equal(CalendarAnswer<bool>.Of(true), WorkingDays.IsWorkingDay(d)));
    }

    [Fact]
    public async Task Licensing_decision_before_National_Day_is_reminded_on_the_Sunday_working_day_and_escalated_on_the_Saturday_working_day()
    {
        var h = new ReminderHarness(PlanWith(Column("xzzf")));
        h.Facts.Events.Add(new RecordedEvent
        {
            Id = "xk-2026-0917", Kind = "行政许可决定", OccurredOn = D("2026-09-17"), Title = "某公司技术合同登记许可", DisclosedOn = D("2026-10-19"),
        });

        var byDay = await h.RunYearAsync();

        // 双公示: 7 working days after Thu 09-17 → 09-18, 09-20 (Sunday working day), 09-21…24, (中秋 09-25…27), 09-28.
        Assert.Equal([D("2026-09-20"), D("2026-09-28"), D("2026-09-29")], DaysFor(byDay, "zcfgc"));
        // Overdue 09-29 (1), 09-30 (2), 国庆 10-01…07 off, 10-08 (3), 10-09 (4), Saturday 10-10 (5); 10-16 (10).
        Assert.Equal([D("2026-10-10"), D("2026-10-16")], DaysFor(byDay, LeadershipGroup.RecipientCode));

        var sunday = Assert.Single(byDay[D("2026-09-20")]);
        Assert.Contains("即将到期", sunday.Text);
        Assert.Contains("某公司技术合同登记许可", sunday.Text);
        Assert.Contains("2026年9月28日（星期一）", sunday.Text);
        Assert.Contains("已逾期5个工作日", byDay[D("2026-10-10")].First().Text);
    }

    [Fact]
    public async Task No_reminder_is_recorded_on_any_day_off_of_2026_and_weekend_working_days_get_them()
    {
        var h = new ReminderHarness(SeedPlan());
        var byDay = await h.RunYearAsync();

        Assert.All(byDay.Keys, d => Assert.Equal(CalendarAnswer<bool>.Of(true), WorkingDays.IsWorkingDay(d)));
        // Nothing published all year: the yearly report (due Sat 01-31, a day off) is overdue on Mon 02-02 and the
        // annual plan (due at the end of phase 1, Saturday 02-28, a working day) is due that very Saturday.
        Assert.Contains(byDay[D("2026-02-02")], d => d.RecipientCode == "bgs" && d.Text.Contains("年度报告"));
        Assert.Contains(byDay[D("2026-02-28")], d => d.RecipientCode == "bgs" && d.Text.Contains("二、今日到期") && d.Text.Contains("公开年度工作计划"));
        foreach (var (day, deliveries) in byDay)
        {
            // One digest per recipient per run.
            Assert.All(deliveries.GroupBy(d => d.RecipientCode), g => Assert.Single(g.Select(d => d.NotificationId).Distinct()));
        }
    }

    [Fact]
    public async Task Each_reminder_and_each_escalation_threshold_is_sent_exactly_once_in_the_whole_year()
    {
        var h = new ReminderHarness(SeedPlan());
        await h.RunYearAsync(runsPerDay: 3);

        var keys = h.Outbox.Recorded.SelectMany(n => n.ReminderKeys.Select(k => (n.RecipientCode, k))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var leadership = h.Outbox.Recorded.Where(n => n.RecipientCode == LeadershipGroup.RecipientCode).SelectMany(n => n.ReminderKeys).ToList();
        // Never updated: work news fell due on 01-14 and stays overdue — escalated once at 5 and once at 10 working days.
        Assert.Equal(["gzdt-periodic:2026-01-14:escalation-10", "gzdt-periodic:2026-01-14:escalation-5"],
            leadership.Where(k => k.StartsWith("gzdt-periodic:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("ndbg-annual:2026:escalation-5", leadership);
        Assert.Contains("ndbg-annual:2026:escalation-10", leadership);
    }

    [Fact]
    public async Task Running_twice_a_day_or_late_sends_nothing_that_one_run_a_day_did_not()
    {
        var once = new ReminderHarness(SeedPlan());
        var twice = new ReminderHarness(SeedPlan());
        await once.RunYearAsync(runsPerDay: 1);
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
        {
            await twice.RunOnAsync(day, runs: 2);
            // The timer fires again hours late, still the same China day (14:30).
            await twice.RunOnAsync(day, runs: 1, late: TimeSpan.FromHours(8));
        }

        Assert.NotEmpty(once.Outbox.Recorded);
        Assert.Equal(once.Outbox.Recorded.Select(n => n.Id), twice.Outbox.Recorded.Select(n => n.Id));
    }

    [Fact]
    public async Task A_department_with_nothing_new_to_hear_gets_no_message()
    {
        var h = new ReminderHarness(PlanWith(Column("gzdt")));
        h.Facts.Publications.Add(("gzdt", D("2026-04-01")));

        Assert.Empty(await h.RunOnAsync(D("2026-04-02")));          // due 04-15: more than 5 working days away
        Assert.Single(await h.RunOnAsync(D("2026-04-08")));         // 04-09, 10, 13, 14, 15: within 5
        Assert.Empty(await h.RunOnAsync(D("2026-04-09")));          // still upcoming, already said
        var due = Assert.Single(await h.RunOnAsync(D("2026-04-15")));
        Assert.Contains("今日到期", due.Text);
    }

    [Fact]
    public async Task A_day_off_run_returns_at_once_and_says_why()
    {
        var h = new ReminderHarness(SeedPlan());
        var result = await h.Run.RunAsync(TimerInstant(D("2026-10-03")));
        Assert.True(result.Skipped);
        Assert.Equal("休息日", result.SkipReason);
        Assert.Empty(h.Outbox.All);
    }

    [Fact]
    public async Task Two_hosts_running_at_once_record_each_digest_once()
    {
        var h = new ReminderHarness(SeedPlan());
        var instant = TimerInstant(D("2026-02-02"));
        h.Time.SetUtcNow(instant);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.Run.RunAsync(instant))));

        Assert.NotEmpty(h.Outbox.Recorded);
        Assert.All(h.Outbox.Recorded.GroupBy(n => n.RecipientCode), g => Assert.Single(g));
    }
}
