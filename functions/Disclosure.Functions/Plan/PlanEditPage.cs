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
            return Page(workbench, tokens, who, plan, form, [], notice, PlanHttp.ETagOf(stored.ETag));
        });

    internal static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, DisclosurePlan plan, PlanTaskForm form,
        IReadOnlyList<FormError> errors, string notice, string etag, int status = StatusCodes.Status200OK)
        => workbench.Page(who, PlanEditPageModel.Template, PlanEditPageModel.PageTitle(plan.Year),
            PlanEditPageModel.Build(plan, form, errors, notice, etag, tokens.Issue(who)), status);
}

/// <summary>
/// <c>POST /api/plan/{year}/edit</c> (administrators, the form's token required): saves one task into the plan the person
/// saw. The form carries that plan's ETag: when someone saved the plan in between, nothing is written and the page comes
/// back (409) with the plan as it is now and what was typed still in the form, to check and save again.
/// </summary>
public class SavePlanTask(PlanService plans, HttpWorkbench workbench, FormTokens tokens)
{
    private const long MaxBodyBytes = 16 * 1024;
    private const string Changed = "计划已被他人修改，您的修改未保存。上面是现在的计划，您填写的内容仍在表单中：请核对后再保存。";

    [Function(nameof(SavePlanTask))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/edit")] HttpRequest req, int year, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            if (req.ContentLength is null or > MaxBodyBytes || !req.HasFormContentType)
                return workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开计划页面。");
            if (await plans.GetDocumentAsync(year, ct) is not { } stored)
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "没有计划", $"没有 {year} 年度政府信息公开工作计划。");
            var current = PlanLoader.Parse(stored.Json);
            var posted = await req.ReadFormAsync(ct);
            var form = new PlanTaskForm(posted["taskId"].ToString(), posted["phase"].ToString(), posted["title"].ToString(),
                posted["department"].ToString(), posted["due"].ToString());
            var seenETag = posted["planETag"].ToString();
            IActionResult Again(IReadOnlyList<FormError> errors, int status, string etag)
                => PlanEditForm.Page(workbench, tokens, who, current, form, errors, "", etag, status);

            if (!tokens.IsValid(posted[FormTokens.Field].ToString(), who))
                return Again([new FormError("task-title", HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden, seenETag);
            // Based on another version than the stored one: show the plan as it is now, with the new tag, and save nothing.
            if (PlanHttp.StoreETagFrom(seenETag) is not { } seen || seen != stored.ETag)
                return Again([new FormError("task-title", Changed)], StatusCodes.Status409Conflict, PlanHttp.ETagOf(stored.ETag));

            var (changed, errors) = form.ApplyTo(current);
            if (changed is null) return Again(errors, StatusCodes.Status400BadRequest, seenETag);
            return await plans.SaveAsync(year, PlanLoader.Serialize(changed), seen, ct) switch
            {
                PlanSaveResult.Saved => Responses.SeeOther($"/api/plan/{year}/edit?saved=1"),
                PlanSaveResult.Invalid invalid => Again([.. invalid.Problems.Select(p => new FormError("task-title", p))], StatusCodes.Status400BadRequest, seenETag),
                // Someone saved between our read and our write: the store's If-Match refused it.
                _ => Again([new FormError("task-title", Changed)], StatusCodes.Status409Conflict,
                    PlanHttp.ETagOf((await plans.GetDocumentAsync(year, ct))?.ETag ?? stored.ETag)),
            };
        });
}
