using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Plan;

/// <summary>
/// <c>GET /api/plan/{year}/edit/{part}[?key=…]</c> (administrators): the form that adds (no key) or changes one entry of
/// a part of the plan: <c>department</c>, <c>contact</c> (key <c>bgs:0</c>; <c>?department=</c> for a new one),
/// <c>phase</c>, <c>rule</c> (<c>?column=</c> for a new one), <c>column</c> (name and department of an existing one),
/// <c>group</c> (the 领导小组's own name, key <c>leadership</c>), <c>leader</c> (领导小组成员, key <c>0</c>) or <c>channel</c> (key <c>bgs:0</c> or <c>leadership:0</c>; <c>?owner=</c> for a new one). <see cref="SavePlanPart"/> takes it back.
/// </summary>
public class PlanPartForm(PlanService plans, HttpWorkbench workbench, FormTokens tokens, RobotTargetNames robots)
{
    [Function(nameof(PlanPartForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plan/{year:int}/edit/{part}")] HttpRequest req, int year, string part, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            var opened = await PlanPartHttp.OpenAsync(plans, workbench, who, req, year, part, robots, ct);
            if (opened is not ({ } kind, { } stored, null)) return opened.Answer!;
            var plan = PlanLoader.Parse(stored.Json);
            var key = req.Query["key"].ToString();
            if (key.Length == 0 && kind.OnlyKey is { } only) key = only;
            if (key.Length == 0 && !kind.CanAdd)
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "不能新增" + kind.Noun,
                    kind.Apply(plan, "", new Dictionary<string, string>()).Errors[0].Message, PlanUrls.Plan(year), "返回计划");
            IReadOnlyDictionary<string, string>? values = key.Length == 0
                ? kind.Within.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [kind.Within] = req.Query[kind.Within].ToString() }
                : kind.ValuesOf(plan, key);
            if (values is null) return PlanPartHttp.Gone(workbench, who, req, year, kind);
            return PlanPartHttp.Page(workbench, tokens, who, plan, kind, key, values, [], [], EntityTags.ETagOf(stored.ETag), plan.Version);
        });
}

/// <summary>
/// <c>POST /api/plan/{year}/edit/{part}</c> (administrators, the form's token and the plan's version required): saves the
/// entry into the plan the person saw, through the JSON API's validation, audit and store call; errors beside their fields
/// (400), 409 with the saves they had not seen when stale, 428 without a version. Saved: 303 to the plan page.
/// </summary>
public class SavePlanPart(PlanService plans, HttpWorkbench workbench, FormTokens tokens, PlanFormSaving saving, RobotTargetNames robots)
{
    [Function(nameof(SavePlanPart))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/edit/{part}")] HttpRequest req, int year, string part, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            if (await PlanFormSaving.ReadAsync(req, ct) is not { } posted) return PlanPartHttp.NotAForm(workbench, who, req);
            var opened = await PlanPartHttp.OpenAsync(plans, workbench, who, req, year, part, robots, ct);
            if (opened is not ({ } kind, { } stored, null)) return opened.Answer!;
            var key = posted["key"].ToString();
            var isNew = key.Length == 0;
            var values = kind.Fields(isNew).ToDictionary(f => f.Name, f => posted[f.Name].ToString());
            var fieldIds = kind.Fields(isNew).Select(f => kind.FieldId(f.Name)).ToList();
            return await saving.SaveAsync(year, who, kind.Name, posted, stored, fieldIds, kind.FirstFieldId(isNew), plan => kind.Apply(plan, key, values), ct) switch
            {
                PlanFormSaving.Outcome.Refused r => PlanPartHttp.Page(workbench, tokens, who, r.Shown, kind, key, values, r.Errors, r.ChangedSince, r.ETag, r.Version, r.Status),
                _ => Responses.SeeOther(PlanUrls.Plan(year) + "?saved=1"),
            };
        });
}

/// <summary>
/// <c>GET /api/plan/{year}/delete/{part}?key=…</c> (administrators): asks before the entry is deleted, on a page of its
/// own, or says (409) what still refers to it, so that nothing is left pointing at what is gone.
/// </summary>
public class PlanDeletePage(PlanService plans, HttpWorkbench workbench, FormTokens tokens, RobotTargetNames robots)
{
    [Function(nameof(PlanDeletePage))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plan/{year:int}/delete/{part}")] HttpRequest req, int year, string part, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            var opened = await PlanPartHttp.OpenAsync(plans, workbench, who, req, year, part, robots, ct);
            if (opened is not ({ } kind, { } stored, null)) return opened.Answer!;
            var plan = PlanLoader.Parse(stored.Json);
            var key = req.Query["key"].ToString();
            if (key.Length == 0 || kind.ValuesOf(plan, key) is null) return PlanPartHttp.Gone(workbench, who, req, year, kind);
            var deletion = kind.Delete(plan, key);
            var refusal = deletion.Plan is null ? deletion.Errors[0].Message : "";
            return PlanPartHttp.DeletePage(workbench, tokens, who, plan, kind, key, refusal, [], [], EntityTags.ETagOf(stored.ETag), plan.Version,
                refusal.Length > 0 ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        });
}

/// <summary>
/// <c>POST /api/plan/{year}/delete/{part}</c> (administrators, the confirmation page's token and version): deletes the
/// entry unless something still refers to it (409 with the reason), through the same checks and store call as every save.
/// </summary>
public class DeletePlanPart(PlanService plans, HttpWorkbench workbench, FormTokens tokens, PlanFormSaving saving, RobotTargetNames robots)
{
    [Function(nameof(DeletePlanPart))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "plan/{year:int}/delete/{part}")] HttpRequest req, int year, string part, CancellationToken ct)
        => workbench.RunForAdministrators(req, PlanEditForm.Refusal, async who =>
        {
            if (await PlanFormSaving.ReadAsync(req, ct) is not { } posted) return PlanPartHttp.NotAForm(workbench, who, req);
            var opened = await PlanPartHttp.OpenAsync(plans, workbench, who, req, year, part, robots, ct);
            if (opened is not ({ } kind, { } stored, null)) return opened.Answer!;
            var key = posted["key"].ToString();
            var what = kind.Describe(PlanLoader.Parse(stored.Json), key);
            return await saving.SaveAsync(year, who, "delete-" + kind.Name, posted, stored, [kind.Name], PlanDeletePageModel.ConfirmField, plan => kind.Delete(plan, key), ct,
                    refusedStatus: StatusCodes.Status409Conflict) switch
            {
                // Something still refers to the entry: the reason, and no button.
                PlanFormSaving.Outcome.Refused r when r.Errors is [{ } only] && only.FieldId == kind.Name
                    => PlanPartHttp.DeletePage(workbench, tokens, who, r.Shown, kind, key, r.Errors[0].Message, [], [], r.ETag, r.Version, r.Status, what),
                PlanFormSaving.Outcome.Refused r
                    => PlanPartHttp.DeletePage(workbench, tokens, who, r.Shown, kind, key, "", r.Errors, r.ChangedSince, r.ETag, r.Version, r.Status, what),
                _ => Responses.SeeOther(PlanUrls.Plan(year) + "?saved=1"),
            };
        });
}

/// <summary>What the plan's part pages share: finding the part and the plan, and rendering the two pages.</summary>
internal static class PlanPartHttp
{
    public sealed record Opened(PlanPart? Part, StoredPlan? Stored, IActionResult? Answer);

    public static async Task<Opened> OpenAsync(PlanService plans, HttpWorkbench workbench, Principal who, HttpRequest req, int year, string part,
        RobotTargetNames robots, CancellationToken ct)
    {
        if (PlanPart.Find(part, robots) is not { } kind)
            return new(null, null, workbench.Message(who, req, StatusCodes.Status404NotFound, "没有该页面",
                $"计划中可以修改的部分是：{string.Join("、", PlanPart.All.Select(p => $"{p.Noun}（{p.Name}）"))}。", PlanUrls.Plan(year), "返回计划"));
        if (await plans.GetDocumentAsync(year, ct) is not { } stored)
            return new(null, null, workbench.Message(who, req, StatusCodes.Status404NotFound, "没有计划", $"没有 {year} 年度政府信息公开工作计划。"));
        return new(kind, stored, null);
    }

    public static IActionResult Gone(HttpWorkbench workbench, Principal who, HttpRequest req, int year, PlanPart kind)
        => workbench.Message(who, req, StatusCodes.Status404NotFound, "没有该" + kind.Noun,
            $"{year} 年度计划中没有这个{kind.Noun}（可能已被他人删除）。", PlanUrls.Plan(year), "返回计划");

    public static IActionResult NotAForm(HttpWorkbench workbench, Principal who, HttpRequest req)
        => workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开计划页面。");

    public static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, DisclosurePlan plan, PlanPart kind, string key,
        IReadOnlyDictionary<string, string> values, IReadOnlyList<FormError> errors, IReadOnlyList<PlanChangeRow> changed, string etag, string version,
        int status = StatusCodes.Status200OK)
        => workbench.Page(who, PlanPartPageModel.Template, PlanPartPageModel.PageTitle(kind, key.Length == 0),
            PlanPartPageModel.Build(plan, kind, key, values, errors, changed, etag, version, tokens.Issue(who)), status);

    public static IActionResult DeletePage(HttpWorkbench workbench, FormTokens tokens, Principal who, DisclosurePlan plan, PlanPart kind, string key,
        string refusal, IReadOnlyList<FormError> errors, IReadOnlyList<PlanChangeRow> changed, string etag, string version, int status, string? what = null)
        => workbench.Page(who, PlanDeletePageModel.Template, PlanDeletePageModel.PageTitle(kind),
            new PlanDeletePageModel(plan.Year, what ?? kind.Describe(plan, key), refusal, $"/api/plan/{plan.Year}/delete/{kind.Name}", key, errors, changed,
                etag, version, tokens.Issue(who)), status);
}
