using Disclosure.Calendar;

namespace Disclosure.Applications;

/// <summary>
/// The legal clock of one application at a moment, as <see cref="ApplicationClock"/> computed it. A date that needs a year
/// the calendar has no State Council arrangement for is counted Monday to Friday (holidays.md), and
/// <see cref="IsEstimate"/> says so: it is never to be shown, nor told the applicant, as if it were exact.
/// </summary>
public sealed record ClockReading
{
    public required DateOnly ReceivedOn { get; init; }
    /// <summary>The last day to ask for clarification (补正, Art. 30): 7 working days after receipt.</summary>
    public DateOnly? ClarifyBy { get; init; }
    /// <summary>The day the 20 working days count from: receipt, or the last clarification received.</summary>
    public required DateOnly StartedOn { get; init; }
    /// <summary>The last day to reply; null while the count is stopped (补正 awaited, a pause open).</summary>
    public DateOnly? DueOn { get; init; }
    /// <summary>The due date before any extension: an extension must be granted by then (Art. 33).</summary>
    public DateOnly? DueOnBeforeExtension { get; init; }
    /// <summary>Working days excluded by closed pauses (third parties, fees) since <see cref="StartedOn"/>.</summary>
    public int WorkingDaysPaused { get; init; }
    public int ExtensionDays { get; init; }
    /// <summary>The day an open pause began (third-party consultation or fee notice), or null.</summary>
    public DateOnly? PausedSince { get; init; }
    public bool AwaitingClarification { get; init; }
    /// <summary>The years without a holiday arrangement that some date of this reading was counted across, Monday to Friday.</summary>
    public IReadOnlyList<int> EstimatedYears { get; init; } = [];

    /// <summary>
    /// Whether <paramref name="day"/>, one of this reading's dates, is an estimate: every date is counted forward from the
    /// receipt, so it is one exactly when its count reached a year without an arrangement, that is a year up to its own.
    /// </summary>
    public bool IsEstimate(DateOnly? day) => day is { } d && EstimatedYears.Any(y => y <= d.Year);

    /// <summary>The years a date's estimate assumed (for <see cref="CalendarTexts.Estimated"/>); empty when it is exact.</summary>
    public IReadOnlyList<int> EstimatedYearsOf(DateOnly? day) => day is { } d ? EstimatedYears.Where(y => y <= d.Year).ToList() : [];
}

/// <summary>
/// The clock of Art. 30–33 and 109号 on the 调休 calendar: 20 working days from receipt (again from the day a clarified
/// application arrives), less nothing for weekends and holidays the State Council moved, plus the working days a
/// third-party consultation or a fee notice took, plus one extension. Monday–Friday is counted only for a year the
/// calendar has no arrangement for, and the reading then names that year (<see cref="ClockReading.EstimatedYears"/>).
/// </summary>
public sealed class ApplicationClock(WorkingDayCalendar calendar)
{
    public const int ReplyWorkingDays = 20;
    public const int ClarifyWithinWorkingDays = 7;
    public const int MaxExtensionWorkingDays = 20;
    /// <summary>109号: the applicant has 20 working days from the fee notice to pay.</summary>
    public const int FeePaymentWorkingDays = 20;
    /// <summary>Art. 32: a third party has 15 working days to give its opinion.</summary>
    public const int ThirdPartyWorkingDays = 15;

    public WorkingDayCalendar Calendar => calendar;

    public ClockReading Read(DateOnly receivedOn, IReadOnlyList<ApplicationEvent> events)
    {
        var estimated = new List<int>();
        var clarifyBy = Add(receivedOn, ClarifyWithinWorkingDays, estimated);

        var started = receivedOn;
        var awaiting = false;
        var paused = 0;
        var extension = 0;
        DateOnly? pausedSince = null;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case ApplicationEventKind.ClarificationRequested:
                    awaiting = true;
                    break;
                case ApplicationEventKind.ClarificationReceived:
                    // Art. 30: the period starts again from the day the clarified application arrives; earlier pauses
                    // and extensions belonged to the period that ended.
                    awaiting = false;
                    started = e.On;
                    paused = 0;
                    extension = 0;
                    break;
                case ApplicationEventKind.ThirdPartyConsulted or ApplicationEventKind.FeeNotified:
                    pausedSince = e.On;
                    break;
                case ApplicationEventKind.ThirdPartyReplied or ApplicationEventKind.FeePaid when pausedSince is { } since:
                    paused += Between(since, e.On, estimated);
                    pausedSince = null;
                    break;
                case ApplicationEventKind.Extended:
                    extension += e.Days ?? 0;
                    break;
            }
        }

        DateOnly? beforeExtension = null, due = null;
        if (!awaiting)
        {
            beforeExtension = Add(started, ReplyWorkingDays + paused, estimated);
            if (pausedSince is null) due = Add(started, ReplyWorkingDays + paused + extension, estimated);
        }
        return new ClockReading
        {
            ReceivedOn = receivedOn,
            ClarifyBy = clarifyBy,
            StartedOn = started,
            DueOn = due,
            DueOnBeforeExtension = beforeExtension,
            WorkingDaysPaused = paused,
            ExtensionDays = extension,
            PausedSince = pausedSince,
            AwaitingClarification = awaiting,
            EstimatedYears = [.. estimated.Distinct().Order()],
        };
    }

    public ClockReading Read(DisclosureApplication application) => Read(application.ReceivedOn, application.Events);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="from"/>; a year it crosses without data is added to <paramref name="estimated"/>.</summary>
    public DateOnly Add(DateOnly from, int days, List<int> estimated)
    {
        var day = calendar.AddWorkingDays(from, days).ValueOrEstimate(out var missing);
        estimated.AddRange(missing);
        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; a year the span crosses without data is added to <paramref name="estimated"/>.</summary>
    public int Between(DateOnly from, DateOnly to, List<int> estimated)
    {
        var days = calendar.WorkingDaysBetween(from, to).ValueOrEstimate(out var missing);
        estimated.AddRange(missing);
        return days;
    }
}
