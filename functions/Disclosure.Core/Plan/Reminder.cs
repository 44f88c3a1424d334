using System.Security.Cryptography;
using System.Text;

namespace Disclosure.Plan;

public enum ReminderKind
{
    Upcoming,
    DueToday,
    Overdue,
    Escalation,
}

/// <summary>
/// One reminder about one obligation: the unit that is sent at most once. Its <see cref="Key"/> is
/// (obligation id = rule/task + period) + kind [+ threshold], so an upcoming, a due-today and an overdue reminder
/// are each sent once per period, and an escalation once per threshold.
/// </summary>
public sealed record Reminder(Obligation Obligation, ReminderKind Kind, int Threshold = 0)
{
    public string Key => Kind switch
    {
        ReminderKind.Upcoming => $"{Obligation.Id}:upcoming",
        ReminderKind.DueToday => $"{Obligation.Id}:due",
        ReminderKind.Overdue => $"{Obligation.Id}:overdue",
        _ => $"{Obligation.Id}:escalation-{Threshold}",
    };

    public static Reminder ForDepartment(Obligation o) => new(o, o.State switch
    {
        ObligationState.Upcoming => ReminderKind.Upcoming,
        ObligationState.DueToday => ReminderKind.DueToday,
        _ => ReminderKind.Overdue,
    });

    /// <summary>
    /// The highest threshold reached, or null. Only the highest: a run that comes late (or after days off) and finds
    /// two thresholds passed sends one escalation, not two.
    /// </summary>
    public static Reminder? Escalation(Obligation o, IReadOnlyList<int> thresholds)
    {
        if (o.State != ObligationState.Overdue) return null;
        var reached = thresholds.Where(t => t > 0 && o.WorkingDaysOverdue >= t).DefaultIfEmpty(0).Max();
        return reached > 0 ? new Reminder(o, ReminderKind.Escalation, reached) : null;
    }

    /// <summary>A short stable digest of a set of reminder keys, for message ids.</summary>
    public static string Fingerprint(IEnumerable<string> keys)
    {
        var joined = string.Join("\n", keys.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16];
    }
}
