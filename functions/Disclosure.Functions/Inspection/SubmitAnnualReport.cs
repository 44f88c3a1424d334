using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>Submits the generated report for publication in the 年度报告 column; it is checked and reviewed like any item.</summary>
public class SubmitAnnualReport(AnnualReportSubmission submission, HttpWorkbench workbench)
{
    [Function(nameof(SubmitAnnualReport))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "annual-reports/{year}/submission")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);

            var outcome = await submission.SubmitAsync(who!, y, ct);
            // The workbench's button posts a form: it is answered with pages (the item's status page, or why not, with the
            // way back); a program gets the same refusals as problem+json.
            var form = req.HasFormContentType;
            IActionResult Refused(int status, string title, string detail) => form
                ? workbench.Message(who, req, status, title, detail, AnnualReportPageModel.Path(y), "返回年度报告")
                : Responses.Problem(status, title, detail);
            return outcome switch
            {
                AnnualReportSubmissionOutcome.NotGenerated => Refused(StatusCodes.Status404NotFound, "不存在",
                    $"{y}年度报告尚未生成，请先生成" + (form ? "。" : $"（POST /api/annual-reports/{y}）。")),
                AnnualReportSubmissionOutcome.DraftsRemain d => Refused(StatusCodes.Status409Conflict, "年度报告仍有草稿", d.Reason),
                // The same "accepted for processing" answer as POST /api/submissions: the report is checked and reviewed next.
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Accepted a } =>
                    form ? Responses.SeeOther(Intake.SubmissionAnswers.StatusUrl(a.Item.Id)) : Intake.SubmissionAnswers.Accepted(req, a),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Invalid i } =>
                    form ? Refused(StatusCodes.Status400BadRequest, "未能提交", string.Join("；", i.Errors.Select(e => e.Message))) : Responses.ValidationProblem(i.Errors),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Forbidden f } => Refused(StatusCodes.Status403Forbidden, "无权访问", f.Reason),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Conflict c } => Refused(StatusCodes.Status409Conflict, "提交冲突", c.Reason),
                _ => Responses.NotFound(),
            };
        });
}
