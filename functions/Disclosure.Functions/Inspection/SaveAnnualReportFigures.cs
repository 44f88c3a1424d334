using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// An administrator saves the year's figures and edited text; an inconsistent table is refused naming the column and the
/// difference. Once figures are saved, a save must say with If-Match (the ETag of <c>GET</c>, or <c>*</c> to replace
/// whatever is saved on purpose) which version it replaces: without it 428, based on figures someone has since replaced
/// 412, and nothing is written. The first save of a year needs no If-Match. Every save is audited in the record's history.
/// </summary>
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

            var ifMatch = req.Headers.IfMatch.ToString().Trim();
            var basis = ifMatch == "*" ? FiguresBasis.AnySaved : InspectionHttp.BasisFrom(ifMatch);
            var result = await reports.SaveFiguresAsync(y, figures, who.Name, basis, ct);
            if (result.Outcome == FiguresSaveOutcome.VersionRequired)
                return Responses.Problem(StatusCodes.Status428PreconditionRequired, "须说明所依据的版本",
                    "本年度已有保存的数据：请先获取（GET）当前数据，并以其 ETag 作为 If-Match 请求头再保存。");
            if (result.Outcome == FiguresSaveOutcome.Stale)
                return Responses.Problem(StatusCodes.Status412PreconditionFailed, "数据已被他人修改", AnnualReportService.StaleMessage + "请重新获取（GET）后再保存。");
            if (!result.Saved)
                return Responses.Problem(StatusCodes.Status400BadRequest, "年度报告数据不一致", string.Join("；", result.Errors),
                    new Dictionary<string, object?> { ["errors"] = result.Errors });
            req.HttpContext.Response.Headers.ETag = EntityTags.ETagOf(result.Version!);
            return new OkObjectResult(result.Figures);
        });
}
