using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Plan;

/// <summary>
/// <c>GET /api/obligations?department=</c>: what a department owes under the plan today, computed as the reminder run
/// computes it. A department sees its own; reviewers and administrators any, or all without <c>department</c>.
/// JSON, or the workbench page when a browser asks for HTML.
/// </summary>
public class GetObligations(ObligationService obligations, PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(GetObligations))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "obligations")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            var department = req.Query["department"].ToString().Trim() is { Length: > 0 } asked ? asked : null;
            if (department is null && !principal.IsReviewer)
            {
                department = principal.DepartmentCode;
                if (department is null) return Responses.Forbidden("您的账号没有所属处室，无法查看待办事项。");
            }
            if (department is not null && !principal.MaySee(department))
                return Responses.Forbidden("只能查看本处室的待办事项。");

            var report = await obligations.GetAsync(department, ct);
            var plan = await plans.GetPlanAsync(report.Today.Year, ct);
            if (department is not null && plan is not null && plan.FindDepartment(department) is null)
                return Responses.NotFound($"{report.Today.Year} 年度计划中没有处室 {department}。");

            if (Responses.WantsHtml(req))
            {
                var model = PlanPages.Obligations(report, plan, mayChooseDepartment: principal.IsReviewer);
                return workbench.Page(principal, PlanPages.ObligationsTemplate, PlanPages.ObligationsTitle(report, plan), model);
            }
            return PlanHttp.Ok(report);
        });
}
