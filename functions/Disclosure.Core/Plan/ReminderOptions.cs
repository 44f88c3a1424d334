namespace Disclosure.Plan;

/// <summary>Configuration section <c>Reminders</c>.</summary>
public sealed record ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>
    /// NCRONTAB (6 fields, UTC: Linux plans ignore WEBSITE_TIME_ZONE). 22:30 UTC = 06:30 China time, before the
    /// working day starts. Read by the timer trigger as <c>%Reminders:Schedule%</c>; the run itself decides
    /// whether the China date is a working day.
    /// </summary>
    public string Schedule { get; init; } = "0 30 22 * * *";

    /// <summary>An obligation is announced when it falls due within this many working days.</summary>
    public int LeadWorkingDays { get; init; } = 5;

    /// <summary>Working days overdue after which the leadership group is told; once per obligation and threshold.</summary>
    public IReadOnlyList<int> EscalationThresholds { get; init; } = [5, 10];

    /// <summary>Link in every reminder to the department's obligations page (optional).</summary>
    public string ObligationsPageUrl { get; init; } = "";
}
