using System.Globalization;
using Disclosure.Functions.Http;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// The year's 修改记录 of the figures a page at a time, newest first: the saves the figures record holds, then with
/// <c>part</c> each archived part of older saves (<see cref="IFiguresHistoryArchive"/>); the next (older) page is in
/// <c>Link: rel="next"</c>, or for a browser the page's 下一页 link. A year without saved figures has an empty history.
/// </summary>
public class GetAnnualReportFiguresHistory(AnnualReportService reports, HttpWorkbench workbench)
{
    [Function(nameof(GetAnnualReportFiguresHistory))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "annual-reports/{year}/figures/history")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            int? part = null;
            if (req.Query["part"].FirstOrDefault() is { Length: > 0 } p)
            {
                if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return Responses.Problem(StatusCodes.Status400BadRequest, "翻页位置有误", "修改记录的分段（part）应为非负整数，请从第一页重新开始。");
                part = n;
            }
            var page = await reports.GetFiguresHistoryAsync(y, part, ct);
            // A year nobody has saved figures for has a history too: an empty one (the form links it from the start).
            if (page is null && part is null) page = new FiguresHistoryPage([], null);
            if (page is null) return Responses.NotFound($"{y}年度的修改记录没有第 {part} 段。");
            var model = FiguresHistoryPageModel.For(y, part, page);
            if (Responses.WantsHtml(req)) return workbench.Page(who, FiguresHistoryPageModel.Template, FiguresHistoryPageModel.Title(y), model);
            Responses.LinkNext(req, model.Paging.NextPage);
            return new OkObjectResult(new { year = y, history = page.Saves });
        });
}
