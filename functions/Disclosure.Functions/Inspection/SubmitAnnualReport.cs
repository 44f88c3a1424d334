using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;
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

            return await submission.SubmitAsync(who!, y, ct) switch
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
