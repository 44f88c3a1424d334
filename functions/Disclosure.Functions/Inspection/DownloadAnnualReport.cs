using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>The generated DOCX filing copy, downloaded under its Chinese title (RFC 6266 <c>filename*=UTF-8''</c>).</summary>
public class DownloadAnnualReport(IAnnualReportStore store, HttpWorkbench workbench)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Function(nameof(DownloadAnnualReport))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "annual-reports/{year}/docx")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            if (await store.GetGeneratedAsync(y, ct) is not { } report)
                return Responses.NotFound($"{y}年度报告尚未生成，请先生成（POST /api/annual-reports/{y}）。");
            // FileDownloadName makes ASP.NET write both filename= (ASCII fallback) and filename*=UTF-8'' (the Chinese title).
            return new FileContentResult(report.Docx, DocxType) { FileDownloadName = report.Title + ".docx" };
        });
}
