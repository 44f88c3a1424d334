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
/// JSON, or the workbench page when a browser asks for HTML. Narrowed by <c>state</c> and answered in pages of
/// <c>size</c> continued by <c>after</c> (<see cref="ObligationListRequest"/>): the next page in <c>Link: rel="next"</c>
/// or the page's 下一页 link; a wrong value is 400 naming it.
/// </summary>
public class GetObligations(ObligationService obligations, PlanService plans, HttpWorkbench workbench)
{
    [Function(nameof(GetObligations))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "obligations")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async principal =>
        {
            var (request, problems) = ObligationListRequest.Read(name => req.Query[name].FirstOrDefault());
            if (request is null) return workbench.WrongFilter(principal, req, problems, ObligationListRequest.Path);
            var department = request.Department;
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
                return workbench.WrongFilter(principal, req, [$"责任处室（department）不在{report.Today.Year}年度计划中。"], ObligationListRequest.Path);

            // A department's own request keeps its department in the links, so the next page is the same list.
            request = request with { Department = department };
            var (page, next) = request.PageOf(report.Obligations);
            report = report with { Obligations = page };
            if (Responses.WantsHtml(req))
            {
                var model = PlanPages.Obligations(report, plan, mayChooseDepartment: principal.IsReviewer) with { Filters = request.Form(next) };
                return workbench.Page(principal, PlanPages.ObligationsTemplate, PlanPages.ObligationsTitle(report, plan), model);
            }
            Responses.LinkNext(req, next is null ? null : ObligationListRequest.Path + request.QueryString(next));
            return PlanHttp.Ok(report);
        });
}
