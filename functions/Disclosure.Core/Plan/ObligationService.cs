using System.Text;
using Disclosure.Calendar;

namespace Disclosure.Plan;

public sealed record ObligationReport
{
    public required DateOnly Today { get; init; }
    public string? Department { get; init; }
    public string? PlanVersion { get; init; }
    public required IReadOnlyList<Obligation> Obligations { get; init; }
}

/// <summary>
/// For <c>GET /api/obligations?department=</c> (JSON) and its HTML view: what each department owes today, computed
/// exactly as the reminder run computes it.
/// </summary>
/// <remarks>With the catalogue, recorded events are timed by its deadline rules (预算法第十四条 …), as the reminders time them.</remarks>
public sealed class ObligationService(PlanService plans, IPublicationFacts published, WorkingDayCalendar calendar, ReminderOptions options, TimeProvider time,
    Catalogue.CatalogueSettings? catalogue = null)
{
    public async Task<ObligationReport> GetAsync(string? department, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(time);
        var plan = await plans.GetPlanAsync(today.Year, ct);
        if (plan is null) return new ObligationReport { Today = today, Department = department, Obligations = [] };
        var facts = await published.LoadAsync(today.Year, today, ct);
        var all = new ObligationCalculator(calendar, catalogue is null ? null : new Deadlines.ItemDeadlines(catalogue, calendar)).Calculate(plan, facts, today, options.LeadWorkingDays);
        return new ObligationReport
        {
            Today = today,
            Department = department,
            PlanVersion = plan.Version,
            Obligations = string.IsNullOrEmpty(department) ? all : all.Where(o => o.Department == department).ToList(),
        };
    }
}
