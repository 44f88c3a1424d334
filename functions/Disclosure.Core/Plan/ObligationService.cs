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
/// <remarks>
/// Open applications for disclosure (<see cref="IOpenApplicationObligations"/>) are listed with the plan's obligations,
/// whether or not a plan is loaded: their reply dates come from the law, not from the plan.
/// </remarks>
public sealed class ObligationService(PlanService plans, IPublicationFacts published, WorkingDayCalendar calendar, ReminderOptions options, TimeProvider time,
    Catalogue.CatalogueSettings? catalogue = null, IOpenApplicationObligations? applications = null)
{
    public async Task<ObligationReport> GetAsync(string? department, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(time);
        var plan = await plans.GetPlanAsync(today.Year, ct);
        var fromApplications = applications is null ? [] : await applications.ListAsync(today, ct);
        var all = fromApplications.ToList();
        if (plan is not null)
        {
            var facts = await published.LoadAsync(today.Year, today, ct);
            all.InsertRange(0, new ObligationCalculator(calendar, catalogue is null ? null : new Deadlines.ItemDeadlines(catalogue, calendar))
                .Calculate(plan, facts, today, options.LeadWorkingDays));
        }
        return new ObligationReport
        {
            Today = today,
            Department = department,
            PlanVersion = plan?.Version,
            Obligations = string.IsNullOrEmpty(department) ? all : all.Where(o => o.Department == department).ToList(),
        };
    }
}

/// <summary>Open applications for disclosure as obligations (implemented by the applications feature).</summary>
public interface IOpenApplicationObligations
{
    Task<IReadOnlyList<Obligation>> ListAsync(DateOnly today, CancellationToken ct);
}
