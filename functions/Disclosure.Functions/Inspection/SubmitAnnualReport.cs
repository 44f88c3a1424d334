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
                AnnualReportSubmissionOutcome.Submitted { Result: var result } => Answer(result),
                _ => Responses.NotFound(),
            };
        });

    private static IActionResult Answer(IntakeResult result) => result switch
        {
            IntakeResult.Accepted a => new ObjectResult(new
            {
                itemId = a.Item.Id,
                indexNumber = a.Item.IndexNumber.ToString(),
                state = a.Item.State.ToString(),
                isNew = a.IsNew,
            })
            { StatusCode = a.IsNew ? StatusCodes.Status201Created : StatusCodes.Status200OK },
            IntakeResult.Invalid i => Responses.ValidationProblem(i.Errors),
            IntakeResult.Forbidden f => Responses.Forbidden(f.Reason),
            IntakeResult.Conflict c => Responses.Problem(StatusCodes.Status409Conflict, "提交冲突", c.Reason),
            _ => Responses.NotFound(),
        };
}
