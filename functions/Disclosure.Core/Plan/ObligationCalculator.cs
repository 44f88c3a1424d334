using Disclosure.Calendar;

namespace Disclosure.Plan;

/// <summary>
/// Pure: plan + working-day calendar + what has been published + today → what each department owes now.
/// Only obligations worth saying something about are returned: due within the lead time, due today, or overdue.
/// </summary>
public sealed class ObligationCalculator(WorkingDayCalendar calendar)
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
                        Add(column, rule, ObligationIds.Date(due), due);
                        break;
                    case WithinWorkingDaysOfEvent ev:
                        foreach (var e in facts.Events.Where(e => ev.EventKinds.Contains(e.Kind) && e.DisclosedOn is null && e.OccurredOn <= today))
                        {
                            Add(column, rule, e.Id, calendar.AddWorkingDays(e.OccurredOn, ev.WorkingDays),
                                title: string.IsNullOrEmpty(e.Title) ? $"{rule.Title}（{e.Kind}）" : $"{rule.Title}：{e.Title}");
                        }
                        break;
                    case YearlyByDate yearly:
                        var from = new DateOnly(plan.Year, yearly.FromMonth, yearly.FromDay);
                        if (latest is null || latest < from)
                            Add(column, rule, plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), new DateOnly(plan.Year, yearly.Month, yearly.Day));
                        break;
                    case ByPhaseEnd byPhase when plan.FindPhase(byPhase.Phase) is { } phase:
                        if (latest is null || latest < phase.Start)
                            Add(column, rule, phase.Code, phase.End);
                        break;
                }
            }
        }

        foreach (var phase in plan.Phases)
        {
            foreach (var task in phase.Tasks.Where(t => !facts.CompletedTasks.ContainsKey(t.Id)))
            {
                var due = task.Due ?? phase.End;
                if (Classify(due) is not { } s) continue;
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
                });
            }
        }

        return result.OrderBy(o => o.Department, StringComparer.Ordinal)
            .ThenBy(o => o.DueOn).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

        void Add(PlanColumn column, UpdateRule rule, string period, DateOnly due, string? title = null)
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
                Basis = rule.Basis,
                DueOn = due,
                State = s.State,
                WorkingDaysLeft = s.Left,
                WorkingDaysOverdue = s.Overdue,
            });
        }

        (ObligationState State, int Left, int Overdue)? Classify(DateOnly due)
        {
            if (due == today) return (ObligationState.DueToday, 0, 0);
            if (due < today) return (ObligationState.Overdue, 0, calendar.WorkingDaysBetween(due, today));
            // Working days after today up to the due date; a due date on a day off leaves 0 when only days off remain.
            var left = calendar.WorkingDaysBetween(today, due);
            return left <= leadWorkingDays ? (ObligationState.Upcoming, left, 0) : null;
        }
    }
}
