using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>The year's saved figures, as last saved, with their ETag for a later <c>PUT</c>'s If-Match.</summary>
public class GetAnnualReportFigures(AnnualReportService reports, HttpWorkbench workbench)
{
    [Function(nameof(GetAnnualReportFigures))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "annual-reports/{year}/figures")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            if (await reports.GetFiguresVersionAsync(y, ct) is not { } stored) return Responses.NotFound($"{y}年度尚未填报年度报告数据。");
            req.HttpContext.Response.Headers.ETag = InspectionHttp.ETagOf(stored);
            return new OkObjectResult(stored.Figures);
        });
}
