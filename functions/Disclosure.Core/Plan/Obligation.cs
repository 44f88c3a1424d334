namespace Disclosure.Plan;

public enum ObligationState
{
    Upcoming,
    DueToday,
    Overdue,
}

/// <summary>
/// One thing a department owes under the plan, for one period. <see cref="Id"/> = rule or task id + ":" + period,
/// deterministic from the plan and the facts, so every run (and every host) derives the same id.
/// </summary>
public sealed record Obligation
{
    public required string Id { get; init; }
    public required string Department { get; init; }
    public required string Title { get; init; }
    /// <summary>Column name, or phase name for a task: the heading a department recognises.</summary>
    public required string Context { get; init; }
    public string? ColumnCode { get; init; }
    public required string RuleOrTaskId { get; init; }
    /// <summary>The period this obligation is for: a due date, an event id or a year.</summary>
    public required string Period { get; init; }
    public string Basis { get; init; } = "";
    /// <summary>The last day allowed; a Monday–Friday estimate when <see cref="MissingCalendarYears"/> is not empty.</summary>
    public required DateOnly DueOn { get; init; }
    public required ObligationState State { get; init; }
    /// <summary>Working days after today up to the due date (0 when the due date is not a working day and only days off remain).</summary>
    public int WorkingDaysLeft { get; init; }
    /// <summary>Working days after the due date up to today.</summary>
    public int WorkingDaysOverdue { get; init; }
    /// <summary>
    /// Years without a holiday calendar that the due date or the working days left/overdue were counted across, Monday to
    /// Friday: when not empty, those figures are estimates and every page and message says so
    /// (<see cref="Calendar.CalendarTexts.Estimated"/>).
    /// </summary>
    public IReadOnlyList<int> MissingCalendarYears { get; init; } = [];
}

/// <summary>The text every id is built from: safe as an Azure Table key and in a URL without escaping.</summary>
public static class ObligationIds
{
    public static bool IsSafe(string s)
        => s.Length is > 0 and <= 200 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    public static string Of(string ruleOrTaskId, string period) => $"{ruleOrTaskId}:{period}";

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
