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
            // The workbench's button: to the submitted item's status page, or a page saying why not.
            if (req.HasFormContentType)
                return outcome switch
                {
                    AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Accepted a } => Responses.SeeOther(Intake.SubmissionAnswers.StatusUrl(a.Item.Id)),
                    AnnualReportSubmissionOutcome.DraftsRemain d => workbench.Message(who, req, StatusCodes.Status409Conflict, "年度报告仍有草稿", d.Reason, AnnualReportPageModel.Path(y), "返回年度报告"),
                    AnnualReportSubmissionOutcome.NotGenerated => workbench.Message(who, req, StatusCodes.Status404NotFound, "尚未生成", $"{y}年度报告尚未生成，请先生成。", AnnualReportPageModel.Path(y), "返回年度报告"),
                    AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Invalid i } => workbench.Message(who, req, StatusCodes.Status400BadRequest, "未能提交", string.Join("；", i.Errors.Select(e => e.Message)), AnnualReportPageModel.Path(y), "返回年度报告"),
                    AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Forbidden f } => workbench.Message(who, req, StatusCodes.Status403Forbidden, "无权提交", f.Reason),
                    AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Conflict c } => workbench.Message(who, req, StatusCodes.Status409Conflict, "提交冲突", c.Reason, AnnualReportPageModel.Path(y), "返回年度报告"),
                    _ => Responses.NotFound(),
                };
            return outcome switch
            {
                AnnualReportSubmissionOutcome.NotGenerated => Responses.NotFound($"{y}年度报告尚未生成，请先生成（POST /api/annual-reports/{y}）。"),
                AnnualReportSubmissionOutcome.DraftsRemain d => Responses.Problem(StatusCodes.Status409Conflict, "年度报告仍有草稿", d.Reason),
                // The same "accepted for processing" answer as POST /api/submissions: the report is checked and reviewed next.
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Accepted a } => Intake.SubmissionAnswers.Accepted(req, a),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Invalid i } => Responses.ValidationProblem(i.Errors),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Forbidden f } => Responses.Forbidden(f.Reason),
                AnnualReportSubmissionOutcome.Submitted { Result: IntakeResult.Conflict c } => Responses.Problem(StatusCodes.Status409Conflict, "提交冲突", c.Reason),
                _ => Responses.NotFound(),
            };
        });
}
