using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Intake;

/// <summary><c>GET /api/submissions/new</c>: the submission form, with a one-time token that makes a repeated submit harmless.</summary>
public class SubmissionForm(HttpWorkbench workbench, SubmissionAnswers answers)
{
    [Function(nameof(SubmissionForm))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/new")] HttpRequest req)
        => workbench.RunForSubmitters(req, who => Task.FromResult(
            answers.Form(who, "报送政府信息", new SubmissionDraft(), [], "/api/submissions", "提交", IntakeService.NewId())));
}

/// <summary><c>POST /api/submissions</c>: form, urlencoded or JSON; 202 with the item's id, 索引号 and status location.</summary>
public class SubmitItem(HttpWorkbench workbench, IntakeService intake, SubmissionAnswers answers, CatalogueSettings catalogue)
{
    [Function(nameof(SubmitItem))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "submissions")] HttpRequest req, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            var (request, failure) = await SubmissionRequest.ReadAsync(req, catalogue.Attachments, ct);
            if (request is null) return failure!;
            if (answers.RefuseForgery(req, who, request, "/api/submissions", "提交", "报送政府信息") is { } forged) return forged;
            var result = await intake.SubmitAsync(who, request.Draft, request.IdempotencyKey, ct);
            return answers.Answer(req, who, request, result, "/api/submissions", "提交", "报送政府信息");
        });
}

/// <summary><c>GET /api/submissions/{id}/correction</c>: the form again, filled with the current version.</summary>
public class CorrectionForm(HttpWorkbench workbench, IItemStore items, SubmissionAnswers answers)
{
    [Function(nameof(CorrectionForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/{id}/correction")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            var stored = await items.GetAsync(id, ct);
            if (stored is null || !who.MaySee(stored.Item.DepartmentCode)) return workbench.Message(who, req, 404, "不存在", "找不到该信息。");
            var draft = await answers.DraftOfAsync(stored.Item, ct);
            return answers.Form(who, $"更正：{stored.Item.Title}", draft, [], $"/api/submissions/{id}/corrections", "提交更正版本", IntakeService.NewId(),
                stored.Item.Version);
        });
}

/// <summary>
/// <c>POST /api/submissions/{id}/corrections</c>: a corrected version under the same 索引号; the checks run again. The
/// version it is based on is required (If-Match with the status ETag, or <c>version</c>): 428 without, 409 when stale.
/// </summary>
public class CorrectItem(HttpWorkbench workbench, IntakeService intake, SubmissionAnswers answers, CatalogueSettings catalogue)
{
    [Function(nameof(CorrectItem))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "submissions/{id}/corrections")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            var (request, failure) = await SubmissionRequest.ReadAsync(req, catalogue.Attachments, ct);
            if (request is null) return failure!;
            if (answers.RefuseForgery(req, who, request, $"/api/submissions/{id}/corrections", "提交更正版本", "更正信息") is { } forged) return forged;
            var etag = req.Headers.IfMatch.ToString();
            var result = await intake.CorrectAsync(who, id, request.Draft, new BasedOn(etag.Length > 0 ? etag : null, request.Version), ct);
            return answers.Answer(req, who, request, result, $"/api/submissions/{id}/corrections", "提交更正版本", "更正信息");
        });
}

/// <summary><c>POST /api/submissions/{id}/withdrawal</c>: ask to take a published item down (撤回), with a reason.</summary>
public class RequestWithdrawal(HttpWorkbench workbench, IntakeService intake, SubmissionAnswers answers)
{
    [Function(nameof(RequestWithdrawal))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "submissions/{id}/withdrawal")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            var (reason, failure) = await SubmissionRequest.ReadReasonAsync(req, ct);
            if (failure is not null) return failure;
            var result = await intake.RequestWithdrawalAsync(who, id, reason, ct);
            return answers.Answer(req, who, null, result, "", "", "申请撤回", SubmissionAnswers.WithdrawalNotice);
        });

}

/// <summary><c>GET /api/submissions/{id}</c>: state, findings and history; HTML or JSON by Accept.</summary>
public class GetSubmission(HttpWorkbench workbench, SubmissionAnswers answers, IItemStore items)
{
    [Function(nameof(GetSubmission))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/{id}")] HttpRequest req, string id, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var stored = await items.GetAsync(id, ct);
            if (stored is null) return workbench.Message(who, req, 404, "不存在", "找不到该信息。");
            if (!who.MaySee(stored.Item.DepartmentCode)) return workbench.Message(who, req, 403, "无权访问", "只能查看本处室报送的信息。");
            var notice = SubmissionAnswers.NoticeText(req.Query["notice"], stored.Item);
            return await answers.StatusAsync(req, who, stored, StatusCodes.Status200OK, notice, ct);
        });
}

/// <summary>
/// <c>GET /api/submissions[?mine]</c>: the department's own items; reviewers see every department's unless they ask for
/// mine. Filters (state, department, column, from/to, title) and pages of <c>size</c> continued by <c>after</c>; the JSON
/// answer is the page's array with a <c>Link: rel="next"</c> header, the page has the filter form and a 下一页 link.
/// </summary>
public class ListSubmissions(HttpWorkbench workbench, IItemListing listing, CatalogueSettings catalogue)
{
    [Function(nameof(ListSubmissions))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var mine = req.Query.ContainsKey("mine") || !who.IsReviewer;
            if (mine && who.DepartmentCode is null) return Responses.Forbidden("您的账号未关联处室。");
            var (request, problems) = ItemListRequest.Read(name => req.Query[name].FirstOrDefault());
            if (request is not null)
            {
                if (request.Filter.DepartmentCode is { } d && catalogue.FindDepartment(d) is null) problems = ["责任处室（department）不存在。"];
                else if (request.Filter.ColumnCode is { } c && catalogue.FindColumn(c) is null) problems = ["栏目（column）不存在。"];
            }
            if (request is null || problems.Count > 0)
                return workbench.WrongFilter(who, req, problems, "/api/submissions" + (mine ? "?mine" : ""));
            // A department's list is its own whatever the query says; the department filter narrows only the full list.
            var filter = mine ? request.Filter with { DepartmentCode = who.DepartmentCode } : request.Filter;
            var page = await listing.ListPageAsync(filter, request.PageSize, request.After, ct);
            var next = page.Next is null ? null : "/api/submissions" + request.QueryString(mine, page.Next);
            if (!Responses.WantsHtml(req))
            {
                Responses.LinkNext(req, next);
                return new OkObjectResult(page.Items.Select(SubmissionAnswers.Summary));
            }
            var rows = page.Items.OrderByDescending(i => i.UpdatedAt).Select(i => new SubmissionListRow(i.Id, i.IndexNumber.ToString(), i.Title,
                catalogue.FindColumn(i.ColumnCode)?.Name ?? i.ColumnCode, catalogue.FindDepartment(i.DepartmentCode)?.Name ?? i.DepartmentCode,
                i.State.ToChinese(), SubmissionStatusModel.Format(i.UpdatedAt))).ToList();
            var scope = mine ? $"{catalogue.FindDepartment(who.DepartmentCode)?.Name}报送的信息" : "全部处室报送的信息";
            var filters = SubmissionListFilters.Build(catalogue, request, mine,
                firstPage: request.After is null ? null : "/api/submissions" + request.QueryString(mine, null), nextPage: next);
            return workbench.Page(who, "submission-list", mine ? "本处室信息" : "全部信息", new SubmissionListModel(scope, rows) { Filters = filters });
        });
}

/// <summary><c>GET /api/submissions/{id}/attachments/{attachmentId}</c>: the department's and reviewers' copy of an attachment.</summary>
public class GetSubmissionAttachment(HttpWorkbench workbench, IItemStore items, IContentStore content)
{
    [Function(nameof(GetSubmissionAttachment))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/{id}/attachments/{attachmentId}")] HttpRequest req,
        string id, string attachmentId, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var stored = await items.GetAsync(id, ct);
            if (stored is null || !who.MaySee(stored.Item.DepartmentCode)) return Responses.NotFound();
            var versions = await items.GetVersionsAsync(id, ct);
            var attachment = versions.SelectMany(v => v.Attachments).FirstOrDefault(a => a.Id == attachmentId);
            if (attachment is null) return Responses.NotFound("找不到该附件。");
            return new FileStreamResult(await content.OpenAsync(id, attachmentId, ct), attachment.ContentType) { FileDownloadName = attachment.FileName };
        });
}
