using Disclosure.Calendar;
using Disclosure.Deadlines;

namespace Disclosure.Plan;

/// <summary>
/// Pure: plan + working-day calendar + what has been published + today → what each department owes now.
/// Only obligations worth saying something about are returned: due within the lead time, due today, or overdue.
/// A recorded event is timed by the catalogue's deadline rule for its kind (<see cref="ItemDeadlines"/>: 预算法第十四条,
/// 双公示 …) where there is one, else by the plan's working days. A date or count that needs a year without a calendar is
/// not guessed: the obligation carries <see cref="Obligation.MissingCalendarYears"/> and no number.
/// </summary>
public sealed class ObligationCalculator(WorkingDayCalendar calendar, ItemDeadlines? deadlines = null)
{
    public IReadOnlyList<Obligation> Calculate(DisclosurePlan plan, PublicationFacts facts, DateOnly today, int leadWorkingDays)
    {
        var result = new List<Obligation>();
        foreach (var column in plan.Columns)
        {
            var latest = facts.Latest(column.Code);
            foreach (var rule in column.Rules)
            {
                switch (rule)
                {
                    case AtLeastEvery every:
                        // Never published: the clock runs from the start of the plan year.
                        var due = every.DueAfter(latest ?? plan.Start.AddDays(-1));
                        Add(column, rule, ObligationIds.Date(due), CalendarAnswer<DateOnly>.Of(due));
                        break;
                    case WithinWorkingDaysOfEvent ev:
                        foreach (var e in facts.Events.Where(e => ev.EventKinds.Contains(e.Kind) && e.DisclosedOn is null && e.OccurredOn <= today))
                        {
                            var title = string.IsNullOrEmpty(e.Title) ? $"{rule.Title}（{e.Kind}）" : $"{rule.Title}：{e.Title}";
                            if (deadlines?.RuleForEvent(e.Kind) is { } law)
                                Add(column, rule, e.Id, deadlines.Due(law, e.OccurredOn), title,
                                    DeadlineTexts.Why(law, law.Start, e.OccurredOn));
                            else
                                Add(column, rule, e.Id, calendar.AddWorkingDays(e.OccurredOn, ev.WorkingDays), title);
                        }
                        break;
                    case YearlyByDate yearly:
                        var from = new DateOnly(plan.Year, yearly.FromMonth, yearly.FromDay);
                        if (latest is null || latest < from)
                            Add(column, rule, plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                CalendarAnswer<DateOnly>.Of(new DateOnly(plan.Year, yearly.Month, yearly.Day)));
                        break;
                    case ByPhaseEnd byPhase when plan.FindPhase(byPhase.Phase) is { } phase:
                        if (latest is null || latest < phase.Start)
                            Add(column, rule, phase.Code, CalendarAnswer<DateOnly>.Of(phase.End));
                        break;
                }
            }
        }

        foreach (var phase in plan.Phases)
        {
            foreach (var task in phase.Tasks.Where(t => !facts.CompletedTasks.ContainsKey(t.Id)))
            {
                var due = task.Due ?? phase.End;
                if (Classify(CalendarAnswer<DateOnly>.Of(due)) is not { } s) continue;
                result.Add(new Obligation
                {
                    Id = ObligationIds.Of(task.Id, ObligationIds.Date(due)),
                    Department = task.Department,
                    Title = task.Title,
                    Context = phase.Name,
                    RuleOrTaskId = task.Id,
                    Period = ObligationIds.Date(due),
                    DueOn = due,
                    State = s.State,
                    WorkingDaysLeft = s.Left,
                    WorkingDaysOverdue = s.Overdue,
                    MissingCalendarYears = s.Missing,
                });
            }
        }

        return result.OrderBy(o => o.Department, StringComparer.Ordinal)
            .ThenBy(o => o.DueOn ?? DateOnly.MaxValue).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

        void Add(PlanColumn column, UpdateRule rule, string period, CalendarAnswer<DateOnly> due, string? title = null, string? basis = null)
        {
            if (Classify(due) is not { } s) return;
            result.Add(new Obligation
            {
                Id = ObligationIds.Of(rule.Id, period),
                Department = column.Department,
                Title = title ?? rule.Title,
                Context = column.Name,
                ColumnCode = column.Code,
                RuleOrTaskId = rule.Id,
                Period = period,
                Basis = basis ?? rule.Basis,
                DueOn = due.TryGetValue(out var day, out _) ? day : null,
                State = s.State,
                WorkingDaysLeft = s.Left,
                WorkingDaysOverdue = s.Overdue,
                MissingCalendarYears = s.Missing,
            });
        }

        (ObligationState State, int Left, int Overdue, IReadOnlyList<int> Missing)? Classify(CalendarAnswer<DateOnly> dueAnswer)
        {
            if (!dueAnswer.TryGetValue(out var due, out var missingForDue))
            {
                // The due date lies in (or after) the first year without a calendar. Shown, as "无法计算", once the working
                // days left before that year are within the lead time; a due date is never guessed.
                var before = new DateOnly(missingForDue[0], 1, 1).AddDays(-1);
                return Bound(today, before) is int atLeast && atLeast > leadWorkingDays
                    ? null
                    : (ObligationState.Upcoming, 0, 0, missingForDue);
            }
            if (due == today) return (ObligationState.DueToday, 0, 0, []);
            if (due < today)
            {
                return calendar.WorkingDaysBetween(due, today).Match<(ObligationState, int, int, IReadOnlyList<int>)>(
                    overdue => (ObligationState.Overdue, 0, overdue, []),
                    years => (ObligationState.Overdue, 0, 0, years));
            }
            // Working days after today up to the due date; a due date on a day off leaves 0 when only days off remain.
            return calendar.WorkingDaysBetween(today, due).Match<(ObligationState, int, int, IReadOnlyList<int>)?>(
                left => left <= leadWorkingDays ? (ObligationState.Upcoming, left, 0, []) : null,
                years => Bound(today, new DateOnly(years[0], 1, 1).AddDays(-1)) is int atLeast && atLeast > leadWorkingDays
                    ? null
                    : (ObligationState.Upcoming, 0, 0, years));
        }

        // The working days that are certainly left: those up to the last day the calendar knows (null when today itself is unknown).
        int? Bound(DateOnly from, DateOnly lastKnown)
            => lastKnown <= from ? 0 : calendar.WorkingDaysBetween(from, lastKnown).Match<int?>(n => n, _ => null);
    }
}
