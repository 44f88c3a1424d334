using Disclosure.Calendar;

namespace Disclosure.Applications;

/// <summary>
/// The legal clock of one application at a moment, as <see cref="ApplicationClock"/> computed it. A date that needs a year
/// the calendar has no State Council arrangement for is null, and <see cref="Problems"/> says which year is missing.
/// </summary>
public sealed record ClockReading
{
    public required DateOnly ReceivedOn { get; init; }
    /// <summary>The last day to ask for clarification (补正, Art. 30): 7 working days after receipt.</summary>
    public DateOnly? ClarifyBy { get; init; }
    /// <summary>The day the 20 working days count from: receipt, or the last clarification received.</summary>
    public required DateOnly StartedOn { get; init; }
    /// <summary>The last day to reply; null while the count is stopped (补正 awaited, a pause open) or when a year is missing.</summary>
    public DateOnly? DueOn { get; init; }
    /// <summary>The due date before any extension: an extension must be granted by then (Art. 33).</summary>
    public DateOnly? DueOnBeforeExtension { get; init; }
    /// <summary>Working days excluded by closed pauses (third parties, fees) since <see cref="StartedOn"/>.</summary>
    public int WorkingDaysPaused { get; init; }
    public int ExtensionDays { get; init; }
    /// <summary>The day an open pause began (third-party consultation or fee notice), or null.</summary>
    public DateOnly? PausedSince { get; init; }
    public bool AwaitingClarification { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// The clock of Art. 30–33 and 109号 on the 调休 calendar: 20 working days from receipt (again from the day a clarified
/// application arrives), less nothing for weekends and holidays the State Council moved, plus the working days a
/// third-party consultation or a fee notice took, plus one extension. Nothing here counts Monday–Friday on its own.
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

    public static string MissingYear(int year) => CalendarTexts.Incalculable([year]);

    public ClockReading Read(DateOnly receivedOn, IReadOnlyList<ApplicationEvent> events)
    {
        var problems = new List<string>();
        var clarifyBy = Add(receivedOn, ClarifyWithinWorkingDays, problems);

        var started = receivedOn;
        var awaiting = false;
        var paused = 0;
        var extension = 0;
        DateOnly? pausedSince = null;
        var pauseGuessed = false;
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
                    paused += Between(since, e.On, problems);
                    pauseGuessed |= calendar.YearsWithoutData(since, e.On).Count > 0;
                    pausedSince = null;
                    break;
                case ApplicationEventKind.Extended:
                    extension += e.Days ?? 0;
                    break;
            }
        }

        DateOnly? beforeExtension = null, due = null;
        // A pause counted over a year without data is a guess, and so would be any date built on it.
        if (!awaiting && !pauseGuessed)
        {
            beforeExtension = Add(started, ReplyWorkingDays + paused, problems);
            if (pausedSince is null) due = beforeExtension is null ? null : Add(started, ReplyWorkingDays + paused + extension, problems);
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
            Problems = problems.Distinct().ToList(),
        };
    }

    public ClockReading Read(DisclosureApplication application) => Read(application.ReceivedOn, application.Events);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="from"/>, or null (with the missing year) when the count crosses a year without data.</summary>
    public DateOnly? Add(DateOnly from, int days, List<string> problems)
    {
        if (calendar.AddWorkingDays(from, days).TryGetValue(out var result, out var missing)) return result;
        problems.AddRange(missing.Select(MissingYear));
        return null;
    }

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>; 0 with the missing year in
    /// <paramref name="problems"/> when the span crosses a year without data (the caller then computes no date from it).
    /// </summary>
    public int Between(DateOnly from, DateOnly to, List<string> problems)
    {
        if (calendar.WorkingDaysBetween(from, to).TryGetValue(out var days, out var missing)) return days;
        problems.AddRange(missing.Select(MissingYear));
        return 0;
    }
}
