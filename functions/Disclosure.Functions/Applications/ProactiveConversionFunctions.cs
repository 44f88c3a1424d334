using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Disclosure.Applications;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Functions.Intake;
using Disclosure.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Applications;

/// <summary>
/// <c>GET /api/applications/proposals</c> (the office): Art. 44's proposals, information that at least
/// <c>Applications:ProactiveConversionApplicants</c> different applicants were given, with the applications by number
/// (never the applicants) and the address of the action that makes it a submission; and the applicants' own suggestions.
/// A browser gets the page, each proposal linked to the form that drafts its item.
/// </summary>
public class ListConversionProposals(ApplicationService applications, ApplicationOptions options, HttpWorkbench workbench)
{
    [Function(nameof(ListConversionProposals))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/proposals")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有政府信息公开工作机构可以查看转为主动公开的建议。", async who =>
        {
            var (proposals, suggestions) = await applications.ConversionProposalsAndSuggestionsAsync(options.ProactiveConversionApplicants, ct);
            if (Responses.WantsHtml(req))
                return workbench.Page(who, ConversionProposalsPageModel.Template, ConversionProposalsPageModel.Title,
                    ConversionProposalsPageModel.Build(options.ProactiveConversionApplicants, proposals, suggestions));
            return ApplicationHttp.JsonAnswer(new
            {
                minimumApplicants = options.ProactiveConversionApplicants,
                // Applicants' own suggestions (建议主动公开): the office weighs them even before several applicants were given the information.
                suggestions = suggestions.Select(s => new
                {
                    id = s.Application.Id,
                    number = s.Application.Number.ToString(),
                    informationSought = s.Application.InformationSought,
                    suggestedOn = s.SuggestedOn,
                    reason = s.Reason,
                    state = s.Application.State.Code(),
                    inProposal = s.InProposal,
                }),
                proposals = proposals.Select(p => new
                {
                    informationSought = p.InformationSought,
                    applicants = p.Applicants,
                    department = p.First.Department,
                    applications = p.Applications.Select(a => new { id = a.Id, number = a.Number.ToString(), concludedOn = a.ConcludedOn, outcome = a.OutcomeRow }),
                    action = ProactiveDisclosureHttp.Action(p.First.Id),
                }),
            });
        });
}

/// <summary>
/// <c>GET /api/applications/{id}/proactive-disclosure/new</c> (submitters): the submission form, pre-filled from the
/// register for the Art. 44 proposal application <c>id</c> belongs to (title, body, department, 主动公开); staff add
/// 栏目, 体裁, 成文日期 and post it to the proposal's action. <c>409</c> when the application is in no proposal.
/// </summary>
public class ProactiveDisclosureForm(ApplicationService applications, ApplicationOptions options, SubmissionAnswers answers, HttpWorkbench workbench)
{
    [Function(nameof(ProactiveDisclosureForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/proactive-disclosure/new")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            var (proposal, refusal) = await ProactiveDisclosureHttp.ProposalAsync(applications, options, workbench, who, req, id, ct);
            if (proposal is null) return refusal!;
            return answers.Form(who, ProactiveDisclosureHttp.Title, ProactiveConversion.DraftFrom(proposal, new SubmissionDraft()), [],
                ProactiveDisclosureHttp.Action(id), "提交", ProactiveDisclosureHttp.Key(proposal));
        });
}

/// <summary>
/// <c>POST /api/applications/{id}/proactive-disclosure</c>: makes the Art. 44 proposal that application <c>id</c> belongs
/// to a submission through the normal intake (a submitter of the office or of the handling department), pre-filled from
/// the register; JSON gives 栏目 <c>column</c>, 体裁 <c>genre</c>, 成文日期 <c>formedOn</c> and optionally <c>title</c>,
/// <c>documentNumber</c>, <c>body</c>; the form of <see cref="ProactiveDisclosureForm"/> gives the whole submission (its
/// token required), answered like the submission form (303 to the item, 400 with the form again). Without an
/// Idempotency-Key the proposal itself is the key, so a repeat from the same person answers with the same submission.
/// <c>409</c> when the application is in no proposal.
/// </summary>
public class ProposeProactiveDisclosure(ApplicationService applications, ApplicationOptions options, IntakeService intake, SubmissionAnswers answers,
    HttpWorkbench workbench, CatalogueSettings catalogue)
{
    [Function(nameof(ProposeProactiveDisclosure))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/proactive-disclosure")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
        {
            SubmissionRequest? request;
            if (ApplicationHttp.IsForm(req))
            {
                (request, var failure) = await SubmissionRequest.ReadAsync(req, catalogue.Attachments, ct);
                if (request is null) return failure!;
                if (answers.RefuseForgery(req, who, request, ProactiveDisclosureHttp.Action(id), "提交", ProactiveDisclosureHttp.Title) is { } forged) return forged;
            }
            else
            {
                if (await ApplicationHttp.ReadBodyAsync(req, ct) is not { } text) return ApplicationHttp.TooLarge();
                SubmissionDraft? staff;
                try
                {
                    staff = text.Length == 0 ? new SubmissionDraft() : JsonSerializer.Deserialize<SubmissionDraft>(text, ApplicationHttp.Json);
                }
                catch (JsonException)
                {
                    staff = null;
                }
                if (staff is null) return Responses.Problem(StatusCodes.Status400BadRequest, "内容有误", "请以 JSON 提供 column、genre、formedOn。");
                request = new SubmissionRequest(staff, null, FromForm: false);
            }
            var (proposal, refusal) = await ProactiveDisclosureHttp.ProposalAsync(applications, options, workbench, who, req, id, ct);
            if (proposal is null) return refusal!;

            var header = req.Headers["Idempotency-Key"].ToString();
            var key = header.Length > 0 ? header : request.IdempotencyKey ?? ProactiveDisclosureHttp.Key(proposal);
            var submitted = request with { Draft = ProactiveConversion.DraftFrom(proposal, request.Draft) };
            var result = await intake.SubmitAsync(who, submitted.Draft, key, ct);
            return answers.Answer(req, who, submitted, result, ProactiveDisclosureHttp.Action(id), "提交", ProactiveDisclosureHttp.Title);
        });
}

/// <summary>What the Art. 44 form and its post share: the proposal an application belongs to, its address and its key.</summary>
internal static class ProactiveDisclosureHttp
{
    public const string Title = "依申请公开转主动公开";

    public static string Action(string applicationId) => $"/api/applications/{applicationId}/proactive-disclosure";

    /// <summary>The proposal is its own idempotency key: a second post of the same proposal answers with the same submission.</summary>
    public static string Key(ConversionProposal proposal) => "art44-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(proposal.Key)))[..32];

    public static async Task<(ConversionProposal? Proposal, IActionResult? Refusal)> ProposalAsync(ApplicationService applications, ApplicationOptions options,
        HttpWorkbench workbench, Identity.Principal who, HttpRequest req, string id, CancellationToken ct)
    {
        if (await applications.GetAsync(id, ct) is not { } application || !ApplicationService.MaySee(who, application))
            return (null, workbench.Message(who, req, StatusCodes.Status404NotFound, "不存在", "找不到该申请。"));
        var proposals = await applications.ConversionProposalsAsync(options.ProactiveConversionApplicants, ct);
        return proposals.FirstOrDefault(p => p.Applications.Any(a => a.Id == id)) is { } proposal
            ? (proposal, null)
            : (null, workbench.Message(who, req, StatusCodes.Status409Conflict, "尚未达到转为主动公开的条件",
                $"《条例》第四十四条：相同信息须已向至少 {options.ProactiveConversionApplicants} 位不同申请人公开（予以公开或部分公开），本申请所需信息尚未达到。",
                "/api/applications/proposals", "查看建议转为主动公开的信息"));
    }
}

/// <summary>
/// <c>POST /api/applications/{id}/suggestion</c> (the applicant, with the status link's <c>token</c>; no sign-in): suggests
/// that the information asked for be published of the agency's own accord (Art. 44), with an optional <c>reason</c>. The
/// status page's form (urlencoded; answered <c>303</c> back to the page) or JSON (answered with the application). Once
/// per application: a repeat answers as the first did; <c>409</c> where the application can take no suggestion.
/// </summary>
public class SuggestProactiveDisclosure(ApplicationHttp http, ApplicationService applications)
{
    [Function(nameof(SuggestProactiveDisclosure))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/suggestion")] HttpRequest req, string id, CancellationToken ct)
        => http.Workbench.RunOpen(req, async _ =>
        {
            var form = ApplicationHttp.IsUrlEncoded(req);
            if (!form && !ApplicationHttp.IsJson(req))
                return Responses.Problem(StatusCodes.Status415UnsupportedMediaType, "不支持的内容类型", "请以表单（application/x-www-form-urlencoded）或 JSON 提交建议。");
            if (await ApplicationHttp.ReadBodyAsync(req, ct) is not { } body) return ApplicationHttp.TooLarge();
            if (ApplicationHttp.ParseSuggestion(req, body) is not { } suggestion)
                return Responses.Problem(StatusCodes.Status400BadRequest, "建议内容有误", "请以 JSON 提供 token 和可选的 reason。");
            // The same answer whether the id or the token is wrong: a guess learns nothing.
            if (await applications.GetAsync(id, ct) is not { } application || !ApplicationService.TokenMatches(application, suggestion.Token))
                return Responses.NotFound("找不到该申请。请核对查询链接是否完整。");

            return await applications.SuggestProactiveDisclosureAsync(id, suggestion.Reason, ct) switch
            {
                EventResult.Recorded r when form => Responses.SeeOther(ApplicationView.StatusPath(r.Application) + "&suggested=1"),
                EventResult.Recorded r => ApplicationHttp.JsonAnswer(http.View(r.Application, r.Clock, ApplicationAudience.Applicant)),
                EventResult.Refused r => Responses.Problem(StatusCodes.Status409Conflict, "不能提出该建议", r.Reason),
                EventResult.Invalid i => Responses.Problem(StatusCodes.Status400BadRequest, "建议内容有误", string.Join("；", i.Problems)),
                EventResult.NotFound => Responses.NotFound("找不到该申请。请核对查询链接是否完整。"),
                _ => Responses.Problem(StatusCodes.Status409Conflict, "申请已被修改", "请刷新页面后重试。"),
            };
        });
}
