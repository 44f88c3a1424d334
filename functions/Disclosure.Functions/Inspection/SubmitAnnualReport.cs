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
                null => Responses.NotFound($"{y}年度报告尚未生成，请先生成（POST /api/annual-reports/{y}）。"),
                // The same "accepted for processing" answer as POST /api/submissions: the report is checked and reviewed next.
                IntakeResult.Accepted a => Intake.SubmissionAnswers.Accepted(req, a),
                IntakeResult.Invalid i => Responses.ValidationProblem(i.Errors),
                IntakeResult.Forbidden f => Responses.Forbidden(f.Reason),
                IntakeResult.Conflict c => Responses.Problem(StatusCodes.Status409Conflict, "提交冲突", c.Reason),
                _ => Responses.NotFound(),
            };
        });
}
