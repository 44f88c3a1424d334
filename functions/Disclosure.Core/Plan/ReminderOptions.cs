namespace Disclosure.Plan;

/// <summary>
/// Configuration section <c>Reminders</c>. The timer's schedule is the flat setting <c>ReminderSchedule</c>
/// (<c>[TimerTrigger("%ReminderSchedule%")]</c>, NCRONTAB in UTC: <c>0 30 22 * * *</c> = 06:30 China time); the run
/// itself decides whether the China date is a working day, so the schedule fires every day.
/// </summary>
public sealed record ReminderOptions
{
    public const string Section = "Reminders";

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
