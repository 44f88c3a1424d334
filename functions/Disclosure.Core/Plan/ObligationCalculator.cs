using Disclosure.Calendar;
using Disclosure.Deadlines;

namespace Disclosure.Plan;

/// <summary>
/// Pure: plan + working-day calendar + what has been published + today → what each department owes now.
/// Only obligations worth saying something about are returned: due within the lead time, due today, or overdue.
/// A recorded event is timed by the catalogue's deadline rule for its kind (<see cref="ItemDeadlines"/>: 预算法第十四条,
/// 双公示 …) where there is one, else by the plan's working days. A date or count that needs a year without a calendar is
/// counted Monday to Friday (holidays.md) and the obligation carries <see cref="Obligation.MissingCalendarYears"/>, so
/// every page and reminder says it is an estimate.
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
            .ThenBy(o => o.DueOn).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

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
                DueOn = due.ValueOrEstimate(out _),
                State = s.State,
                WorkingDaysLeft = s.Left,
                WorkingDaysOverdue = s.Overdue,
                MissingCalendarYears = s.Missing,
            });
        }

        (ObligationState State, int Left, int Overdue, IReadOnlyList<int> Missing)? Classify(CalendarAnswer<DateOnly> dueAnswer)
        {
            var due = dueAnswer.ValueOrEstimate(out var dueYears);
            if (due == today) return (ObligationState.DueToday, 0, 0, dueYears);
            if (due < today)
            {
                var overdue = calendar.WorkingDaysBetween(due, today).ValueOrEstimate(out var overdueYears);
                return (ObligationState.Overdue, 0, overdue, [.. dueYears.Union(overdueYears).Order()]);
            }
            // Working days after today up to the due date; a due date on a day off leaves 0 when only days off remain.
            var left = calendar.WorkingDaysBetween(today, due).ValueOrEstimate(out var leftYears);
            return left <= leadWorkingDays ? (ObligationState.Upcoming, left, 0, [.. dueYears.Union(leftYears).Order()]) : null;
        }
    }
}
