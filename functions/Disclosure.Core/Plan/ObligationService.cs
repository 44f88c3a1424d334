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
public sealed class ObligationService(PlanService plans, IPublicationFacts published, WorkingDayCalendar calendar, ReminderOptions options, TimeProvider time)
{
    public async Task<ObligationReport> GetAsync(string? department, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(time);
        var plan = await plans.GetPlanAsync(today.Year, ct);
        if (plan is null) return new ObligationReport { Today = today, Department = department, Obligations = [] };
        var facts = await published.LoadAsync(today.Year, today, ct);
        var all = new ObligationCalculator(calendar).Calculate(plan, facts, today, options.LeadWorkingDays);
        return new ObligationReport
        {
            Today = today,
            Department = department,
            PlanVersion = plan.Version,
            Obligations = string.IsNullOrEmpty(department) ? all : all.Where(o => o.Department == department).ToList(),
        };
    }
}
