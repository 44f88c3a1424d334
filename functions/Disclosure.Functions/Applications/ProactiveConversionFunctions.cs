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
/// (never the applicants) and the address of the action that makes it a submission.
/// </summary>
public class ListConversionProposals(ApplicationService applications, ApplicationOptions options, HttpWorkbench workbench)
{
    [Function(nameof(ListConversionProposals))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/proposals")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有政府信息公开工作机构可以查看转为主动公开的建议。", async _ =>
        {
            var proposals = await applications.ConversionProposalsAsync(options.ProactiveConversionApplicants, ct);
            return ApplicationHttp.JsonAnswer(new
            {
                minimumApplicants = options.ProactiveConversionApplicants,
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
