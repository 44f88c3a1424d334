using System.Globalization;
using Disclosure.Functions.Http;
using Disclosure.Inspection.SelfInspection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>A stored self-inspection file (report.html, report.json or report.csv) of a day.</summary>
public class GetInspectionReport(SelfInspectionService inspections, HttpWorkbench workbench)
{
    [Function(nameof(GetInspectionReport))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inspections/{date}/{file}")] HttpRequest req, string date, string file, CancellationToken ct)
        => workbench.RunForReviewers(req, InspectionHttp.InspectionRefusal, async who =>
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return Responses.Problem(StatusCodes.Status400BadRequest, "日期无效", "日期格式应为 YYYY-MM-DD。");
            if (await inspections.GetFileAsync(day, file, ct) is not { } stored)
                return Responses.NotFound($"{date}没有名为“{file}”的自查报告文件。");
            return new FileContentResult(stored.Content, stored.ContentType);
        });
}
