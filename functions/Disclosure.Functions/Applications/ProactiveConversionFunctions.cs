using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Disclosure.Applications;
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
/// </summary>
public class ListConversionProposals(ApplicationService applications, ApplicationOptions options, HttpWorkbench workbench)
{
    [Function(nameof(ListConversionProposals))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/proposals")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有政府信息公开工作机构可以查看转为主动公开的建议。", async _ =>
        {
            var (proposals, suggestions) = await applications.ConversionProposalsAndSuggestionsAsync(options.ProactiveConversionApplicants, ct);
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
                    action = $"/api/applications/{p.First.Id}/proactive-disclosure",
                }),
            });
        });
}

/// <summary>
/// <c>POST /api/applications/{id}/proactive-disclosure</c>: makes the Art. 44 proposal that application <c>id</c> belongs
/// to a submission through the normal intake (a submitter of the office or of the handling department), pre-filled from
/// the register; JSON gives 栏目 <c>column</c>, 体裁 <c>genre</c>, 成文日期 <c>formedOn</c> and optionally <c>title</c>,
/// <c>documentNumber</c>, <c>body</c>. Without an Idempotency-Key the proposal itself is the key, so a repeat from the same
/// person answers with the same submission. <c>409</c> when the application is in no proposal.
/// </summary>
public class ProposeProactiveDisclosure(ApplicationService applications, ApplicationOptions options, IntakeService intake, SubmissionAnswers answers, HttpWorkbench workbench)
{
    [Function(nameof(ProposeProactiveDisclosure))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/proactive-disclosure")] HttpRequest req, string id, CancellationToken ct)
        => workbench.RunForSubmitters(req, async who =>
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
            if (await applications.GetAsync(id, ct) is not { } application || !ApplicationService.MaySee(who, application))
                return Responses.NotFound("找不到该申请。");

            var proposals = await applications.ConversionProposalsAsync(options.ProactiveConversionApplicants, ct);
            if (proposals.FirstOrDefault(p => p.Applications.Any(a => a.Id == id)) is not { } proposal)
                return Responses.Problem(StatusCodes.Status409Conflict, "尚未达到转为主动公开的条件",
                    $"《条例》第四十四条：相同信息须已向至少 {options.ProactiveConversionApplicants} 位不同申请人公开（予以公开或部分公开），本申请所需信息尚未达到。");

            var key = req.Headers["Idempotency-Key"].ToString();
            if (key.Length == 0) key = "art44-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(proposal.Key)))[..32];
            var result = await intake.SubmitAsync(who, ProactiveConversion.DraftFrom(proposal, staff), key, ct);
            return answers.Answer(req, who, null, result, "/api/submissions", "提交", "依申请公开转主动公开");
        });
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
