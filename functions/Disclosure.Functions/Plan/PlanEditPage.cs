using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Plan;

/// <summary>
/// <c>GET /api/plan/{year}/edit[?task=id]</c> (administrators): the year's plan, its phases and tasks, and a form that
/// edits one task (or adds one). <see cref="SavePlanTask"/> takes the form back.
/// </summary>
public class PlanEditForm(PlanService plans, HttpWorkbench workbench, FormTokens tokens)
{
    public const string Refusal = "只有管理员可以修改年度计划。";

    [Function(nameof(PlanEditForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plan/{year:int}/edit")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, Refusal, async who =>
        {
            if (await plans.GetDocumentAsync(year, ct) is not { } stored)
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "没有计划", $"没有 {year} 年度政府信息公开工作计划。");
            var plan = PlanLoader.Parse(stored.Json);
            var taskId = req.Query["task"].ToString();
            var form = taskId.Length > 0 ? PlanTaskForm.Of(plan, taskId) : PlanTaskForm.Empty(plan);
            if (form is null)
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "没有该任务", $"{year} 年度计划中没有编号为 {taskId} 的任务。", $"/api/plan/{year}/edit", "返回计划");
            var notice = req.Query["saved"] == "1" ? "已保存。提醒和公开待办事项将按新的计划计算。" : "";
            return Page(workbench, tokens, who, plan, form, [], notice, EntityTags.ETagOf(stored.ETag), changes: await plans.ListChangesAsync(year, ct));
        });

    internal static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, DisclosurePlan plan, PlanTaskForm form,
        IReadOnlyList<FormError> errors, string notice, string etag, int status = StatusCodes.Status200OK,
        IReadOnlyList<PlanChange>? changes = null, IReadOnlyList<PlanChangeRow>? changed = null)
        => workbench.Page(who, PlanEditPageModel.Template, PlanEditPageModel.PageTitle(plan.Year),
            PlanEditPageModel.Build(plan, form, errors, notice, etag, tokens.Issue(who), changes, changed), status);
}

/// <summary>
/// <c>POST /api/plan/{year}/edit</c> (administrators, the form's token required): saves one task into the plan the person
/// saw. The form carries that plan's ETag: when someone saved the plan in between, nothing is written and the page comes
/// back (409) with the plan as it is now, the saves they had not seen, and what was typed still in the form, to check and
/// save again (<see cref="PlanFormSaving"/>, which every plan form shares).
/// </summary>
public class SavePlanTask(PlanService plans, HttpWorkbench workbench, FormTokens tokens, PlanFormSaving saving)
{
    private static readonly string[] FieldIds = ["task-title", "task-phase", "task-department", "task-due"];

    [Function(nameof(SavePlanTask))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/edit")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            if (await PlanFormSaving.ReadAsync(req, ct) is not { } posted)
                return workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开计划页面。");
            if (await plans.GetDocumentAsync(year, ct) is not { } stored)
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "没有计划", $"没有 {year} 年度政府信息公开工作计划。");
            var form = new PlanTaskForm(posted["taskId"].ToString(), posted["phase"].ToString(), posted["title"].ToString(),
                posted["department"].ToString(), posted["due"].ToString());
            return await saving.SaveAsync(year, who, "task", posted, stored, FieldIds, "task-title", plan =>
            {
                var (changed, errors) = form.ApplyTo(plan);
                return new PlanEdit(changed, errors);
            }, ct) switch
            {
                PlanFormSaving.Outcome.Refused r => PlanEditForm.Page(workbench, tokens, who, r.Shown, form, r.Errors, "", r.ETag, r.Status, changed: r.ChangedSince),
                _ => Responses.SeeOther($"/api/plan/{year}/edit?saved=1"),
            };
        });
}
