using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>An administrator saves the year's table 三/四 figures and edited text; an inconsistent table is refused naming the column and the difference.</summary>
public class SaveAnnualReportFigures(AnnualReportService reports, HttpWorkbench workbench)
{
    [Function(nameof(SaveAnnualReportFigures))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "annual-reports/{year}/figures")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);

            AnnualReportFigures? figures;
            try
            {
                figures = await JsonSerializer.DeserializeAsync<AnnualReportFigures>(req.Body, CatalogueLoader.Json, ct);
            }
            catch (JsonException e)
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "年度报告数据格式有误", "请求正文不是有效的年度报告数据。" + HttpTexts.Unreadable(e));
            }
            if (figures is null) return Responses.Problem(StatusCodes.Status400BadRequest, "年度报告数据格式有误", "请求正文为空。");

            var result = await reports.SaveFiguresAsync(y, figures, who.Name, ct);
            if (!result.Saved)
                return Responses.Problem(StatusCodes.Status400BadRequest, "年度报告数据不一致", string.Join("；", result.Errors),
                    new Dictionary<string, object?> { ["errors"] = result.Errors });
            return new OkObjectResult(result.Figures);
        });
}
