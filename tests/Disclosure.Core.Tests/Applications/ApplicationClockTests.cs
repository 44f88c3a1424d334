using Disclosure.Applications;
using Disclosure.Calendar;

namespace Disclosure.Tests.Applications;

/// <summary>
/// The legal clock on the State Council's 调休 calendar (holidays.md): every expected date below was counted by hand on
/// the year's notice, and each case crosses a holiday or a weekend made a working day, where Monday–Friday counting errs.
/// </summary>
public class ApplicationClockTests
{
    private static readonly ApplicationClock Clock = new(WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")));
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static ApplicationEvent Event(ApplicationEventKind kind, DateOnly on, int? days = null)
        => new(Guid.NewGuid().ToString("N"), kind, on, "测试", Now) { Days = days };

    [Theory]
    // 春节 2026 (2/15–2/23 off, Saturdays 2/14 and 2/28 worked): Monday–Friday counting would say 3月6日.
    [InlineData("2026-02-06", "2026-03-12")]
    // 国庆 2024 (10/1–10/7 off, Sundays 9/29 and Saturday 10/12 worked).
    [InlineData("2024-09-27", "2024-10-30")]
    // 春节 2025 (1/28–2/4 off, Sunday 1/26 and Saturday 2/8 worked).
    [InlineData("2025-01-24", "2025-02-27")]
    // 中秋 and 国庆 2026 (9/25–9/27 and 10/1–10/7 off, Sunday 9/20 and Saturday 10/10 worked).
    [InlineData("2026-09-10", "2026-10-14")]
    public void The_reply_is_due_on_the_20th_working_day_after_receipt(string received, string due)
    {
        var reading = Clock.Read(DateOnly.Parse(received), []);

        Assert.Equal(DateOnly.Parse(due), reading.DueOn);
        Assert.Empty(reading.EstimatedYears);
    }

    [Fact]
    public void Clarification_must_be_asked_within_7_working_days_counting_the_saturdays_worked_around_spring_festival()
    {
        // 2/13 Fri, 2/14 Sat (worked), 2/24–2/27, 2/28 Sat (worked).
        Assert.Equal(new DateOnly(2026, 2, 28), Clock.Read(new DateOnly(2026, 2, 12), []).ClarifyBy);
    }

    [Fact]
    public void A_received_clarification_restarts_the_20_working_days_from_its_own_date_across_may_day()
    {
        var received = new DateOnly(2026, 4, 1);
        var asked = Clock.Read(received, [Event(ApplicationEventKind.ClarificationRequested, new DateOnly(2026, 4, 3))]);
        Assert.True(asked.AwaitingClarification);
        Assert.Null(asked.DueOn); // the period starts again when the clarified application arrives

        var clarified = Clock.Read(received,
        [
            Event(ApplicationEventKind.ClarificationRequested, new DateOnly(2026, 4, 3)),
            Event(ApplicationEventKind.ClarificationReceived, new DateOnly(2026, 4, 20)),
        ]);
        // 5/1–5/5 off, Saturday 5/9 worked.
        Assert.Equal(new DateOnly(2026, 5, 20), clarified.DueOn);
        Assert.Equal(new DateOnly(2026, 4, 20), clarified.StartedOn);
    }

    [Fact]
    public void A_third_party_consultation_moves_the_due_date_by_the_working_days_it_took()
    {
        var received = new DateOnly(2026, 3, 2);
        Assert.Equal(new DateOnly(2026, 3, 30), Clock.Read(received, []).DueOn);

        var open = Clock.Read(received, [Event(ApplicationEventKind.ThirdPartyConsulted, new DateOnly(2026, 3, 10))]);
        Assert.Null(open.DueOn);
        Assert.Equal(new DateOnly(2026, 3, 10), open.PausedSince);

        var replied = Clock.Read(received,
        [
            Event(ApplicationEventKind.ThirdPartyConsulted, new DateOnly(2026, 3, 10)),
            Event(ApplicationEventKind.ThirdPartyReplied, new DateOnly(2026, 3, 20)),
        ]);
        Assert.Equal(8, replied.WorkingDaysPaused); // 3/11–3/13, 3/16–3/20
        Assert.Equal(new DateOnly(2026, 4, 10), replied.DueOn); // 28 working days: 清明 4/4–4/6 fall on a weekend and Monday
    }

    [Fact]
    public void A_fee_notice_stops_the_clock_until_payment_like_a_consultation()
    {
        var received = new DateOnly(2026, 3, 2);
        var paid = Clock.Read(received,
        [
            Event(ApplicationEventKind.FeeNotified, new DateOnly(2026, 3, 10)),
            Event(ApplicationEventKind.FeePaid, new DateOnly(2026, 3, 20)),
        ]);
        Assert.Equal(new DateOnly(2026, 4, 10), paid.DueOn);
    }

    [Fact]
    public void An_extension_adds_its_working_days_across_national_day()
    {
        var received = new DateOnly(2026, 9, 1);
        var extended = Clock.Read(received, [Event(ApplicationEventKind.Extended, new DateOnly(2026, 9, 20), days: 20)]);

        Assert.Equal(new DateOnly(2026, 9, 29), extended.DueOnBeforeExtension);
        Assert.Equal(new DateOnly(2026, 11, 2), extended.DueOn);
        Assert.Equal(20, extended.ExtensionDays);
    }

    [Fact]
    public void A_due_date_in_a_year_without_a_calendar_is_a_Monday_to_Friday_estimate_flagged_as_one()
    {
        // holidays.md: fall back to Monday–Friday and say so. Main gave no date at all, so no reminder reached anyone.
        var reading = Clock.Read(new DateOnly(2026, 12, 10), []);

        Assert.Equal(new DateOnly(2027, 1, 7), reading.DueOn); // 15 working days left in 2026, then 1 and 4–7 January
        Assert.True(reading.IsEstimate(reading.DueOn));
        Assert.Equal([2027], reading.EstimatedYears);
        Assert.Equal(new DateOnly(2026, 12, 21), reading.ClarifyBy); // still within 2026, so exact
        Assert.False(reading.IsEstimate(reading.ClarifyBy));
    }

    [Fact]
    public void A_pause_that_runs_into_a_year_without_a_calendar_makes_the_due_date_an_estimate()
    {
        var reading = Clock.Read(new DateOnly(2026, 12, 1),
        [
            Event(ApplicationEventKind.ThirdPartyConsulted, new DateOnly(2026, 12, 2)),
            Event(ApplicationEventKind.ThirdPartyReplied, new DateOnly(2027, 1, 6)),
        ]);

        // 25 working days paused (3 December to 6 January, 1 January counted), so 45 after 1 December: 2 February.
        Assert.Equal(25, reading.WorkingDaysPaused);
        Assert.Equal(new DateOnly(2027, 2, 2), reading.DueOn);
        Assert.True(reading.IsEstimate(reading.DueOn));
    }
}
