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

    /// <summary>
    /// Working days overdue after which the leadership group is told; once per obligation and threshold. Empty means
    /// <see cref="DefaultEscalationThresholds"/> (the configuration binder appends to a non-empty default list rather
    /// than replacing it, so the default is not the initial value).
    /// </summary>
    public IReadOnlyList<int> EscalationThresholds { get; init; } = [];

    public static readonly IReadOnlyList<int> DefaultEscalationThresholds = [5, 10];

    public IReadOnlyList<int> Thresholds => EscalationThresholds.Count > 0 ? EscalationThresholds : DefaultEscalationThresholds;

    /// <summary>Link in every reminder to the department's obligations page (optional).</summary>
    public string ObligationsPageUrl { get; init; } = "";
}
