using System.Text;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Intake;

/// <summary>Turns intake results into what the caller asked for: pages for people, JSON and problem details for programs.</summary>
public sealed class SubmissionAnswers(
    HttpWorkbench workbench, CatalogueSettings catalogue, IItemStore items, IAuditTrail audit, IContentStore content, IComplianceRecords checks,
    FormTokens tokens)
{
    /// <summary>The submission form for <paramref name="who"/>, with an anti-forgery token bound to them.</summary>
    public IActionResult Form(Principal who, string title, SubmissionDraft draft, IReadOnlyList<FieldError> errors, string formAction,
        string submitLabel, string idempotencyKey, int? version = null, int status = StatusCodes.Status200OK)
        => workbench.Page(who, "submission-form", title,
            SubmissionFormModel.Build(catalogue, who, draft, errors, formAction, submitLabel, idempotencyKey, version) with { FormToken = tokens.Issue(who) }, status);

    /// <summary>
    /// A form a browser sent without a valid token of this person (a page elsewhere posting in their name, or a form
    /// opened by someone else or too long ago) is refused: 403, and a person gets the form back with what they typed and
    /// a fresh token, so nothing is lost. Null when the request may go on.
    /// </summary>
    public IActionResult? RefuseForgery(HttpRequest req, Principal who, SubmissionRequest request, string formAction, string submitLabel, string title)
    {
        if (!request.FromForm || !FormTokens.FromBrowser(req) || tokens.IsValid(request.FormToken, who)) return null;
        if (!Responses.WantsHtml(req)) return Responses.Forbidden(HttpTexts.FormTokenInvalid);
        var page = SubmissionFormModel.Build(catalogue, who, request.Draft, [], formAction, submitLabel, request.IdempotencyKey ?? IntakeService.NewId(),
                request.Version) with { FormToken = tokens.Issue(who) };
        return workbench.Page(who, "submission-form", title, page with { Errors = [new FormError("f-" + SubmissionFields.Title, HttpTexts.FormTokenInvalid)] },
            StatusCodes.Status403Forbidden);
    }

    public static string StatusUrl(string id) => $"/api/submissions/{id}";

    public IActionResult Answer(HttpRequest req, Principal who, SubmissionRequest? request, IntakeResult result,
        string formAction, string submitLabel, string title, string acceptedNotice = AcceptedNotice)
    {
        var html = Responses.WantsHtml(req);
        switch (result)
        {
            case IntakeResult.Accepted accepted when html:
                // Post/Redirect/Get: the browser lands on the status page, so a refresh or a bookmark never posts again.
                var notice = accepted.IsNew ? acceptedNotice : RepeatedNotice;
                return Responses.SeeOther($"{StatusUrl(accepted.Item.Id)}?notice={notice}");
            case IntakeResult.Accepted accepted:
                return Accepted(req, accepted);
            case IntakeResult.Invalid invalid when html && request is { FromForm: true }:
                return Form(who, title, request.Draft, invalid.Errors, formAction, submitLabel,
                    request.IdempotencyKey ?? IntakeService.NewId(), request.Version, StatusCodes.Status400BadRequest);
            case IntakeResult.Invalid invalid:
                return Responses.ValidationProblem(invalid.Errors);
            case IntakeResult.NotFound:
                return workbench.Message(who, req, StatusCodes.Status404NotFound, "不存在", "找不到该信息。");
            case IntakeResult.Forbidden forbidden:
                return workbench.Message(who, req, StatusCodes.Status403Forbidden, "无权操作", forbidden.Reason);
            case IntakeResult.Conflict conflict:
                return workbench.Message(who, req, StatusCodes.Status409Conflict, "无法办理", conflict.Reason);
            case IntakeResult.TooLarge:
                return workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, IntakeTexts.TooLargeTitle, IntakeTexts.TooLarge);
            case IntakeResult.PreconditionRequired:
                return workbench.Message(who, req, StatusCodes.Status428PreconditionRequired, IntakeTexts.VersionRequiredTitle, IntakeTexts.VersionRequired);
            case IntakeResult.Stale stale:
                req.HttpContext.Response.Headers.ETag = stale.ETag;
                return html
                    ? workbench.Message(who, req, StatusCodes.Status409Conflict, IntakeTexts.StaleTitle, IntakeTexts.Stale(stale.Current))
                    : Responses.Problem(StatusCodes.Status409Conflict, IntakeTexts.StaleTitle, IntakeTexts.Stale(stale.Current),
                        new Dictionary<string, object?> { ["current"] = Summary(stale.Current) });
            default:
                throw new InvalidOperationException("unknown intake result " + result.GetType().Name);
        }
    }

    /// <summary>What the status page says on arrival from a form (the <c>notice</c> query of the redirect); anything else says nothing.</summary>
    public static string? NoticeText(string? notice, DisclosureItem item) => notice switch
    {
        AcceptedNotice => $"已受理。索引号为 {item.IndexNumber}，系统正在进行保密审查和个人信息检查，结果将在本页显示。",
        RepeatedNotice => $"该内容此前已提交（索引号 {item.IndexNumber}），未重复登记。",
        RetriedNotice => Disclosure.Publishing.PublicationFailureTexts.Retried,
        WithdrawalNotice when item.WithdrawalRequested => IntakeTexts.WithdrawalReceived(item),
        _ => null,
    };

    /// <summary>The notice after a reviewer's 重新发布 (Publishing/RetryPublication).</summary>
    public const string RetriedNotice = "retried";

    /// <summary>The notice after a withdrawal request (not a new submission: nothing is checked for the department).</summary>
    public const string WithdrawalNotice = "withdrawal";

    private const string AcceptedNotice = "accepted";
    private const string RepeatedNotice = "repeated";

    public async Task<IActionResult> StatusAsync(HttpRequest req, Principal who, StoredItem stored, int status, string? notice, CancellationToken ct)
    {
        var item = stored.Item;
        var history = await audit.ListAsync(item.Id, ct);
        var versions = await items.GetVersionsAsync(item.Id, ct);
        var check = await checks.GetAsync(item.Id, item.Version, ct);
        if (stored.ETag.Length > 0) req.HttpContext.Response.Headers.ETag = stored.ETag;
        if (Responses.WantsHtml(req))
        {
            var page = SubmissionStatusModel.Build(catalogue, who, item, history, versions, notice, check) with
            {
                RefreshStopped = req.Query[SubmissionStatusModel.NoRefreshParameter] == "off",
            };
            // No timed reload (axe's meta-refresh, WCAG 2.2.1): while the check runs the page's script fetches the plain status
            // address and updates the state and the check's section in place; without script the page links to itself.
            return workbench.Page(who, "submission-status", item.Title, page, status,
                contentSecurityPolicy: WorkbenchPages.ContentSecurityPolicyWithStatusScript);
        }
        return new ObjectResult(new
        {
            item = Summary(item),
            metadata = SubmissionStatusModel.MetadataOf(catalogue, item).ToDictionary(m => m.Label, m => m.Value),
            attachments = item.Attachments,
            history = history.Select(h => new { h.At, h.Actor, h.ActorId, h.Action, from = h.From?.ToString(), to = h.To.ToString(), h.Version, h.Details }),
            versions = versions.Select(v => new { v.Version, v.Title, v.UpdatedAt, state = v.State.ToString() }),
            check = check is null ? null : new
            {
                decision = check.Decision.ToString(),
                check.CheckedAt,
                findings = check.Findings.Select(f => new
                {
                    f.Finding.RuleId, severity = f.Finding.Severity.ToString(), f.Finding.Source, f.Finding.Offset, f.Finding.Length,
                    f.Finding.MaskedExcerpt, f.Finding.Message, f.Finding.Advice,
                }),
            },
        }) { StatusCode = status };
    }

    /// <summary>
    /// The one answer for "accepted for processing" across the API (submissions, corrections, withdrawal requests, the
    /// annual report's submission): 202 with <c>Location</c> of the status resource and the item's <see cref="Summary"/>;
    /// 200 with the same body when a retry found the item it had already created.
    /// </summary>
    public static IActionResult Accepted(HttpRequest req, IntakeResult.Accepted accepted)
    {
        req.HttpContext.Response.Headers.Location = StatusUrl(accepted.Item.Id);
        return new ObjectResult(Summary(accepted.Item)) { StatusCode = accepted.IsNew ? StatusCodes.Status202Accepted : StatusCodes.Status200OK };
    }

    public static object Summary(DisclosureItem i) => new
    {
        id = i.Id,
        indexNumber = i.IndexNumber.ToString(),
        version = i.Version,
        title = i.Title,
        column = i.ColumnCode,
        department = i.DepartmentCode,
        state = i.State.ToString(),
        stateName = i.State.ToChinese(),
        withdrawalRequested = i.WithdrawalRequested,
        publishedOn = i.PublishedOn,
        updatedAt = i.UpdatedAt,
        status = StatusUrl(i.Id),
    };

    /// <summary>The current version as the form shows it, for a correction.</summary>
    public async Task<SubmissionDraft> DraftOfAsync(DisclosureItem item, CancellationToken ct)
    {
        var body = "";
        if (item.BodyId is not null)
        {
            await using var stream = await content.OpenAsync(item.Id, item.BodyId, ct);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            body = await reader.ReadToEndAsync(ct);
        }
        return new SubmissionDraft
        {
            Title = item.Title, Column = item.ColumnCode, Genre = item.Genre, Publisher = item.Publisher, Department = item.DepartmentCode,
            DocumentNumber = item.DocumentNumber, FormedOn = item.FormedOn.ToString("yyyy-MM-dd"), Attribute = item.Attribute.ToChinese(),
            Scope = item.Scope.ToChinese(), Term = item.PublicUntil is null ? "长期" : "限时", PublicUntil = item.PublicUntil?.ToString("yyyy-MM-dd"),
            Validity = item.Validity.ToChinese(),
            EffectiveFrom = item.EffectiveFrom?.ToString("yyyy-MM-dd"), ValidUntil = item.ValidUntil?.ToString("yyyy-MM-dd"),
            Keywords = string.Join(" ", item.Keywords), Summary = item.Summary, Body = body,
            BodyFormat = item.BodyFormat == BodyFormat.Html ? "html" : "text", Relation = item.Relation.ToChinese(),
            RelatedItem = item.RelatedItemId, ApprovedOn = item.ApprovedOn?.ToString("yyyy-MM-dd"), DecidedOn = item.DecidedOn?.ToString("yyyy-MM-dd"),
            NoticeStartsOn = item.NoticeStartsOn?.ToString("yyyy-MM-dd"), Reposted = item.Reposted ? "是" : "否",
            ReceivedOn = item.ReceivedOn?.ToString("yyyy-MM-dd"),
        };
    }
}
