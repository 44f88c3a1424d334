using Disclosure.Calendar;
using Disclosure.Plan;

namespace Disclosure.Applications;

/// <summary>
/// Open applications as obligations, so the obligations page and the self-inspection list them beside the plan's: one
/// per application whose reply clock is running, owed by the department handling it (the disclosure office until it is
/// assigned), due on its <c>dueOn</c>; an overdue one is an overdue obligation and so a self-inspection finding. An
/// application whose clock is stopped (补正 awaited, a third party or a fee pending) owes no reply date yet and is not
/// listed. A due date counted across a year without a holiday arrangement is listed by its Monday–Friday estimate,
/// said as such (<see cref="Obligation.MissingCalendarYears"/>). The applicant appears masked (张**): the obligations page is read by departments.
/// </summary>
public sealed class ApplicationObligations(ApplicationService applications, ApplicationClock clock, ApplicationOptions options) : IOpenApplicationObligations
{
    public const string RuleId = "application";
    public const string Context = "依申请公开";

    public async Task<IReadOnlyList<Obligation>> ListAsync(DateOnly today, CancellationToken ct)
    {
        var open = await applications.OpenAsync(ct);
        return open.Select(a => For(a, clock.Read(a), clock.Calendar, today, options.OfficeDepartment)).OfType<Obligation>()
            .OrderBy(o => o.DueOn).ToList();
    }

    public static Obligation? For(DisclosureApplication a, ClockReading reading, WorkingDayCalendar calendar, DateOnly today, string officeDepartment)
    {
        if (a.IsConcluded || reading.DueOn is not { } due) return null;
        // Counted Monday to Friday across a year without an arrangement, the date and counts are estimates and say so.
        IReadOnlyList<int> ahead = [], behind = [];
        var (state, left, overdue) = due == today ? (ObligationState.DueToday, 0, 0)
            : due < today ? (ObligationState.Overdue, 0, calendar.WorkingDaysBetween(due, today).ValueOrEstimate(out behind))
            : (ObligationState.Upcoming, calendar.WorkingDaysBetween(today, due).ValueOrEstimate(out ahead), 0);
        var missing = reading.EstimatedYearsOf(due).Union(ahead).Union(behind).Order().ToList();
        return new Obligation
        {
            Id = ObligationIds.Of(RuleId, a.Id),
            Department = a.Department ?? officeDepartment,
            Title = $"{a.Number}（申请人 {a.Applicant.MaskedName}）：{a.State.ToChinese()}，答复申请人",
            Context = Context,
            RuleOrTaskId = RuleId,
            Period = a.Id,
            Basis = "《中华人民共和国政府信息公开条例》第三十三条",
            DueOn = due,
            State = state,
            WorkingDaysLeft = left,
            WorkingDaysOverdue = overdue,
            MissingCalendarYears = missing,
        };
    }
}
