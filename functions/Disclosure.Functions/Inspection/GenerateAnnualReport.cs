using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>Builds the year's report from the catalogue and the saved figures; answers where the DOCX is and what is unfinished.</summary>
public class GenerateAnnualReport(AnnualReportService reports, HttpWorkbench workbench)
{
    [Function(nameof(GenerateAnnualReport))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "annual-reports/{year}")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);

            GeneratedAnnualReport report;
            try
            {
                report = await reports.GenerateAsync(y, ct);
            }
            catch (ArgumentOutOfRangeException e)
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "年度无效", e.Message.Split(Environment.NewLine)[0].Split(" (Parameter")[0]);
            }
            // The workbench's button: back to the report's page, which shows the generation.
            if (req.HasFormContentType) return Responses.SeeOther($"{AnnualReportPageModel.Path(y)}?done=generated");
            var docx = $"/api/annual-reports/{y}/docx";
            return new CreatedResult(docx, new
            {
                year = report.Year,
                title = report.Title,
                generatedAt = report.Model.GeneratedAt,
                hasDraftSections = report.Model.HasDraftSections,
                warnings = report.Model.Warnings,
                docx,
                figures = $"/api/annual-reports/{y}/figures",
                submission = $"/api/annual-reports/{y}/submission",
            });
        });
}
