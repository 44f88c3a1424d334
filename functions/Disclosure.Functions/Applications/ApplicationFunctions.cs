using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Applications;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Applications;

/// <summary>
/// <c>GET /api/applications/new</c>: the public application form (no sign-in, no script). <c>?register</c> is the
/// office's form for letters, faxes and applications handed in, with the channel and the date of receipt.
/// </summary>
public class ApplicationForm(ApplicationHttp http)
{
    public const string Title = "政府信息公开申请";

    [Function(nameof(ApplicationForm))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/new")] HttpRequest req)
        => http.Workbench.RunOpen(req, who =>
        {
            var register = req.Query.ContainsKey("register");
            if (register && who?.IsReviewer != true)
                return Task.FromResult(who is null ? Responses.Unauthorized() : Responses.Forbidden("只有政府信息公开工作机构可以登记申请。"));
            var model = ApplicationFormModel.Build(new ApplicationDraft(), [], IntakeService.NewId(), byOffice: register);
            return Task.FromResult(register
                ? http.Workbench.Page(who!, "application-form", "登记政府信息公开申请", model)
                : http.Workbench.PublicPage("application-form", Title, model));
        });
}

/// <summary>
/// <c>POST /api/applications</c>: the public form (urlencoded) or JSON; <c>202</c> with <c>{id, number, receivedOn, dueOn,
/// clarifyBy, state, statusUrl}</c> and <c>Location</c>. With <c>channel</c> or <c>receivedOn</c> it is the office's
/// registration of a paper application. The public is limited per client and hour, and a filled honeypot is refused.
/// </summary>
public class SubmitApplication(ApplicationHttp http, ApplicationService applications, IApplicationRateLimit limit, TimeProvider time)
{
    [Function(nameof(SubmitApplication))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications")] HttpRequest req, CancellationToken ct)
        => http.Workbench.RunOpen(req, async who =>
        {
            if (!ApplicationHttp.IsForm(req) && !ApplicationHttp.IsJson(req))
                return Responses.Problem(StatusCodes.Status415UnsupportedMediaType, "不支持的内容类型",
                    "请以表单（application/x-www-form-urlencoded，附身份证明材料时 multipart/form-data）或 JSON 提交申请。");
            var (draft, key, failure) = await ApplicationHttp.ReadDraftAsync(req, ct);
            if (failure is not null) return failure;
            if (draft is null) return Responses.Problem(StatusCodes.Status400BadRequest, "申请内容有误", "请求内容不是有效的 JSON。");
            var form = ApplicationHttp.IsForm(req);

            var registration = !string.IsNullOrWhiteSpace(draft.Channel) || !string.IsNullOrWhiteSpace(draft.ReceivedOn);
            Principal actor;
            if (registration)
            {
                if (who is null) return Responses.Unauthorized();
                if (!who.IsReviewer) return Responses.Forbidden("只有政府信息公开工作机构可以登记信函、传真和当面提交的申请。");
                if (HttpWorkbench.IsCrossSiteWrite(req)) return Responses.Forbidden(HttpTexts.CrossSiteWrite);
                actor = who;
            }
            else
            {
                // A field people never see: only a program fills it in. Nothing is stored.
                if (!string.IsNullOrEmpty(draft.Website))
                    return Responses.Problem(StatusCodes.Status400BadRequest, "申请未能提交", "表单中有不应填写的内容，请刷新页面后重新填写。");
                // Only what would be stored counts: a person correcting a form sent back is not limited by their mistakes.
                if (ApplicationDraftValidator.Validate(draft, ChinaTime.Today(time)).Valid is not null && !await limit.TryTakeAsync(ApplicationHttp.ClientOf(req), time.GetUtcNow(), ct))
                {
                    req.HttpContext.Response.Headers.RetryAfter = "3600";
                    return Responses.Problem(StatusCodes.Status429TooManyRequests, "提交过于频繁", "同一网络地址每小时提交的申请数量已达上限，请稍后再试，或以信函、当面等方式提交。");
                }
                actor = ApplicationPrincipals.Public;
            }

            var result = await applications.RegisterAsync(actor, byOffice: registration, draft, key, ct);
            switch (result)
            {
                case RegistrationResult.Invalid invalid when form:
                    var model = ApplicationFormModel.Build(draft with { Website = null, IdentityProofs = null }, invalid.Errors, key ?? IntakeService.NewId(), registration);
                    return registration
                        ? http.Workbench.Page(actor, "application-form", "登记政府信息公开申请", model, StatusCodes.Status400BadRequest)
                        : http.Workbench.PublicPage("application-form", ApplicationForm.Title, model, StatusCodes.Status400BadRequest);
                case RegistrationResult.Invalid invalid:
                    return Responses.ValidationProblem(invalid.Errors);
                case RegistrationResult.Forbidden forbidden:
                    return Responses.Forbidden(forbidden.Reason);
                case RegistrationResult.Registered registered:
                    var statusUrl = ApplicationView.StatusPath(registered.Application);
                    if (form) return Responses.SeeOther(statusUrl + "&created=1");
                    req.HttpContext.Response.Headers.Location = $"/api/applications/{registered.Application.Id}";
                    var view = http.View(registered.Application, registered.Clock, ApplicationAudience.Applicant);
                    return ApplicationHttp.JsonAnswer(view, registered.IsNew ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
                default:
                    throw new InvalidOperationException(result.GetType().Name);
            }
        });
}

/// <summary>
/// <c>GET /api/applications/{id}</c>: the record, its events and its clock, HTML or JSON by <c>Accept</c>. The applicant
/// reads it with the status link's token; staff with their sign-in (the office in full, the handling department masked).
/// </summary>
public class GetApplication(ApplicationHttp http, ApplicationService applications)
{
    [Function(nameof(GetApplication))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}")] HttpRequest req, string id, CancellationToken ct)
        => http.Workbench.RunOpen(req, async who =>
        {
            var application = await applications.GetAsync(id, ct);
            var token = req.Query["token"].ToString();
            ApplicationAudience audience;
            if (application is not null && ApplicationService.TokenMatches(application, token)) audience = ApplicationAudience.Applicant;
            else if (application is not null && who is not null && ApplicationService.MaySee(who, application)) audience = ApplicationHttp.AudienceOf(who);
            else if (who is null && token.Length == 0) return Responses.Unauthorized();
            // The same answer whether the id or the token is wrong: a guess learns nothing.
            else return Responses.NotFound("找不到该申请。请核对查询链接是否完整。");

            req.HttpContext.Response.Headers.CacheControl = "private, no-store";
            var view = http.View(application, applications.Clock.Read(application), audience);
            if (audience == ApplicationAudience.Office) view = view with { FeeByCount = await applications.FeeByCountAsync(application, ct) };
            if (!Responses.WantsHtml(req)) return ApplicationHttp.JsonAnswer(view);
            var model = new ApplicationStatusModel(view, req.Query.ContainsKey("created"))
            {
                SuggestionToken = audience == ApplicationAudience.Applicant && ApplicationStatusModel.MaySuggest(application) ? token : null,
                Suggested = req.Query.ContainsKey("suggested"),
                Actions = audience == ApplicationAudience.Applicant ? [] : ApplicationEventForms.Offered(application, who!)
                    .Select(k => new ApplicationActionLink(k.ToChinese(), ApplicationEventForms.NewPath(application.Id, k))).ToList(),
                Recorded = ApplicationEventKinds.Parse(req.Query["recorded"].ToString())?.ToChinese(),
            };
            var title = $"政府信息公开申请 {view.Number}";
            return audience == ApplicationAudience.Applicant ? http.Workbench.PublicPage("application-status", title, model) : http.Workbench.Page(who!, "application-status", title, model);
        });
}

/// <summary>
/// <c>GET /api/applications</c>: the register (staff), filtered by <c>state</c>, <c>department</c>, <c>dueBefore</c>, in
/// pages of <c>size</c> continued by <c>after</c>; applicants masked. JSON keeps its <c>{applications}</c> body with a
/// <c>Link: rel="next"</c> header; the page has the filter form and a 下一页 link that keeps the filters.
/// </summary>
public class ListApplications(ApplicationHttp http, ApplicationService applications, CatalogueSettings catalogue)
{
    [Function(nameof(ListApplications))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications")] HttpRequest req, CancellationToken ct)
        => http.Workbench.Run(req, async who =>
        {
            var (request, problems) = ApplicationListRequest.Read(name => req.Query[name].FirstOrDefault(), catalogue);
            if (request is null) return http.Workbench.WrongFilter(who, req, problems, ApplicationListRequest.Path);
            var page = await applications.ListPageAsync(who, request.Filter, request.PageSize, request.After, ct);
            var next = page.Next is null ? null : ApplicationListRequest.Path + request.QueryString(page.Next);
            var views = page.Applications.Select(a => http.View(a, applications.Clock.Read(a), ApplicationAudience.List)).ToList();
            if (!Responses.WantsHtml(req))
            {
                Responses.LinkNext(req, next);
                return ApplicationHttp.JsonAnswer(new { applications = views });
            }
            return http.Workbench.Page(who, "application-list", "依申请公开登记簿", new ApplicationListModel(views, request.Form(catalogue, next)) { MayRegister = who.IsReviewer });
        });
}

/// <summary>
/// <c>POST /api/applications/{id}/events</c>: what happened, with its date <c>on</c>. Answers the record with the
/// recomputed <c>dueOn</c>; 409 with the reason (and the record as it is) when the law does not allow it; the same
/// event id (Idempotency-Key or <c>id</c>) again answers 200 and changes nothing.
/// </summary>
public class RecordApplicationEvent(ApplicationHttp http, ApplicationService applications)
{
    [Function(nameof(RecordApplicationEvent))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/events")] HttpRequest req, string id, CancellationToken ct)
        => http.Workbench.Run(req, async who =>
        {
            if (await ApplicationHttp.ReadBodyAsync(req, ct) is not { } body) return ApplicationHttp.TooLarge();
            if (ApplicationHttp.IsUrlEncoded(req)) return await RecordFromFormAsync(req, who, id, body, ct);
            if (ApplicationHttp.ParseEvent(req, body) is not { } request)
                return Responses.Problem(StatusCodes.Status400BadRequest, "事件内容有误", "请以 JSON 提供 kind、on（yyyy-MM-dd）及该事件所需的字段。");
            // Someone who may not see the application learns nothing of it, not even that it exists.
            if (await applications.GetAsync(id, ct) is not { } current || !ApplicationService.MaySee(who, current))
                return Responses.NotFound("找不到该申请。");

            var audience = ApplicationHttp.AudienceOf(who);
            return await applications.RecordAsync(id, who, request, ct) switch
            {
                EventResult.Recorded r => ApplicationHttp.JsonAnswer(http.View(r.Application, r.Clock, audience)),
                EventResult.Refused r => Responses.Problem(StatusCodes.Status409Conflict, "不能登记该事件", r.Reason,
                    new Dictionary<string, object?> { ["current"] = http.View(r.Current, r.Clock, audience) }),
                EventResult.Invalid i => Responses.Problem(StatusCodes.Status400BadRequest, "事件内容有误", string.Join("；", i.Problems),
                    new Dictionary<string, object?> { ["problems"] = i.Problems.ToArray() }),
                EventResult.NotFound => Responses.NotFound("找不到该申请。"),
                _ => Responses.Problem(StatusCodes.Status409Conflict, "申请已被他人修改", "请重新读取申请后再登记。"),
            };
        });

    /// <summary>
    /// The event's form (<see cref="NewApplicationEvent"/>): recorded, the browser goes back to the application (303);
    /// otherwise the form again with what was typed and why, in Chinese: 400 for a field, 409 for what the law or the
    /// application's state does not allow. The same form posted twice records the event once (its hidden event id).
    /// </summary>
    private async Task<IActionResult> RecordFromFormAsync(HttpRequest req, Principal who, string id, string body, CancellationToken ct)
    {
        var form = QueryHelpers.ParseQuery(body);
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        if (await applications.GetAsync(id, ct) is not { } current || !ApplicationService.MaySee(who, current)) return Responses.NotFound("找不到该申请。");
        var parsed = ApplicationEventKinds.Parse(Field(ApplicationEventForms.Kind));
        if (parsed is not { } kind || !ApplicationEventForms.Offered(current, who).Contains(kind)) return http.NotOffered(who, req, current, parsed);

        IActionResult Again(DisclosureApplication application, IReadOnlyList<FieldError> errors, int status)
            => http.EventForm(who, application, kind, Field(ApplicationEventForms.EventId) ?? IntakeService.NewId(), Field, errors, status);

        var (request, errors) = ApplicationEventForms.Read(kind, Field);
        if (request is null) return Again(current, errors, StatusCodes.Status400BadRequest);
        return await applications.RecordAsync(id, who, request, ct) switch
        {
            EventResult.Recorded => Responses.SeeOther($"/api/applications/{id}?recorded={kind.Code()}"),
            EventResult.Refused r => Again(r.Current, [new FieldError(ApplicationEventForms.Whole, r.Reason)], StatusCodes.Status409Conflict),
            EventResult.Invalid i => Again(current, i.Problems.Select(p => new FieldError(ApplicationEventForms.Whole, p)).ToList(), StatusCodes.Status400BadRequest),
            EventResult.NotFound => Responses.NotFound("找不到该申请。"),
            _ => Again(current, [new FieldError(ApplicationEventForms.Whole, "申请刚被他人修改，请核对后重新登记。")], StatusCodes.Status409Conflict),
        };
    }
}

/// <summary>
/// <c>GET /api/applications/{id}/events/new?kind=…</c>: the form for one event the caller may record now (交办, 补正告知,
/// 延期, 收费通知, 答复 …, the lifecycle's rows for the application's state and the caller's roles), posted as a form to
/// <c>POST /api/applications/{id}/events</c>. Works without script.
/// </summary>
public class NewApplicationEvent(ApplicationHttp http, ApplicationService applications)
{
    [Function(nameof(NewApplicationEvent))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/events/new")] HttpRequest req, string id, CancellationToken ct)
        => http.Workbench.Run(req, async who =>
        {
            if (await applications.GetAsync(id, ct) is not { } application || !ApplicationService.MaySee(who, application))
                return http.Workbench.Message(who, req, StatusCodes.Status404NotFound, "不存在", "找不到该申请。");
            if (ApplicationEventKinds.Parse(req.Query[ApplicationEventForms.Kind].ToString()) is not { } kind)
                return http.Workbench.Message(who, req, StatusCodes.Status400BadRequest, "事项类型有误", "请从申请页面的“登记办理事项”中选择要登记的事项。",
                    $"/api/applications/{id}", "返回申请");
            if (!ApplicationEventForms.Offered(application, who).Contains(kind)) return http.NotOffered(who, req, application, kind);
            var today = ChinaTime.Today(http.Time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return http.EventForm(who, application, kind, IntakeService.NewId(), name => name == ApplicationEventForms.On ? today : null, [], StatusCodes.Status200OK);
        });
}

/// <summary>
/// <c>GET /api/applications/report/{year}</c> (the office): the annual report's tables 三 and 四 as the register computes
/// them, in full: table 三 (<c>rows</c>) row by row and column by column with 总计; table 四 (<c>tableFour</c>) for 行政复议,
/// 行政诉讼 未经复议直接起诉 and 复议后起诉, each with 结果维持, 结果纠正, 其他结果, 尚未审结 and 总计; and section 六's
/// 信息处理费 (<c>fees</c>). The annual report's hand entry can be compared with it.
/// </summary>
public class ApplicationTableThree(ApplicationHttp http, ApplicationService applications)
{
    [Function(nameof(ApplicationTableThree))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/report/{year:int}")] HttpRequest req, int year, CancellationToken ct)
        => http.Workbench.RunForReviewers(req, "只有政府信息公开工作机构可以查看登记簿统计。", async _ =>
        {
            var figures = await applications.ForYearAsync(year, ct);
            var table = new Disclosure.Inspection.AnnualReport.ApplicationTable(figures.Applications);
            var rows = Disclosure.Inspection.AnnualReport.ApplicationTableRows.All.Select(d => new
            {
                code = d.Code,
                label = d.Label,
                columns = Disclosure.Inspection.AnnualReport.ApplicationTable.Columns.ToDictionary(c => c.ToString(), c => table.Value(d.Row, c)),
                total = table.Value(d.Row, null),
            });
            var tableFour = new[]
            {
                (Kind: ChallengeKind.Reconsideration, Group: Disclosure.Inspection.AnnualReport.AnnualReportText.Reconsideration, Counts: figures.Reconsideration),
                (Kind: ChallengeKind.LitigationDirect, Group: "行政诉讼", Counts: figures.LitigationDirect),
                (Kind: ChallengeKind.LitigationAfterReconsideration, Group: "行政诉讼", Counts: figures.LitigationAfterReconsideration),
            }.Select(c => new
            {
                challenge = c.Kind.Code(),
                group = c.Group,
                label = c.Kind.ToChinese(),
                upheld = c.Counts.Upheld,
                corrected = c.Counts.Corrected,
                other = c.Counts.Other,
                pending = c.Counts.Pending,
                total = c.Counts.ComputedTotal,
            });
            var fees = new { notices = figures.ProcessingFeeNotices, yuan = figures.ProcessingFeeYuan };
            return ApplicationHttp.JsonAnswer(new { year, source = "register", rows, tableFour, fees });
        });
}
