using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Statistics;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Statistics;

/// <summary>
/// <c>GET /api/statistics[?year=2026][&amp;department=xmc]</c>: a department sees its own figures; reviewers and
/// administrators (the office) see all departments together or pick one. HTML with a chart, or JSON. The month × column
/// table comes in pages of <c>size</c> rows continued by <c>after</c> (<see cref="StatisticsRowsRequest"/>); the monthly
/// totals and the chart are whole on every page.
/// </summary>
public class GetStatistics(HttpWorkbench workbench, DisclosureStatistics statistics, CatalogueSettings catalogue, TimeProvider time)
{
    private const int YearsOffered = 5;

    [Function(nameof(GetStatistics))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "statistics")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var thisYear = ChinaTime.Today(time).Year;
            var year = thisYear;
            if (req.Query["year"].FirstOrDefault() is { Length: > 0 } y
                && (!int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 2000 or > 2100))
                return workbench.Message(who, req, StatusCodes.Status400BadRequest, "年度有误", "年度（year）应为 2000 至 2100 之间的四位数字。", "/api/statistics", "查看本年度统计");
            var asked = req.Query["department"].FirstOrDefault() is { Length: > 0 } d ? d : null;
            if (asked is not null && catalogue.FindDepartment(asked) is null)
                return workbench.Message(who, req, StatusCodes.Status400BadRequest, "处室有误", "处室（department）不存在。", "/api/statistics", "查看统计");
            // A department sees its own; only the office (reviewers, administrators) sees others' or all together.
            string? department;
            if (who.IsReviewer) department = asked;
            else if (who.DepartmentCode is null) return Responses.Forbidden("您的账号未关联处室。");
            else if (asked is not null && asked != who.DepartmentCode)
                return workbench.Message(who, req, StatusCodes.Status403Forbidden, "无权访问", "只能查看本处室的统计。");
            else department = who.DepartmentCode;

            var (rows, problems) = StatisticsRowsRequest.Read(name => req.Query[name].FirstOrDefault(), year, asked);
            if (rows is null) return workbench.WrongFilter(who, req, problems, StatisticsRowsRequest.Path);

            var (report, next) = rows.PageOf(await statistics.ForYearAsync(year, department, ct), catalogue);
            if (!Responses.WantsHtml(req))
            {
                Responses.LinkNext(req, next is null ? null : StatisticsRowsRequest.Path + rows.QueryString(next));
                return new OkObjectResult(report);
            }
            IReadOnlyList<FilterOption> departments = who.IsReviewer
                ? [new FilterOption("", "全部处室", department is null), .. catalogue.Departments.Select(x => new FilterOption(x.Code, x.Name, x.Code == department))]
                : [];
            var years = Enumerable.Range(0, YearsOffered).Select(i => thisYear - i).Append(year).Distinct().OrderDescending()
                .Select(v => new FilterOption(v.ToString(CultureInfo.InvariantCulture), v + "年", v == year)).ToList();
            return workbench.Page(who, "statistics", $"公开工作统计（{report.ScopeName}）", new StatisticsPage(report, StatisticsChart.From(report), departments, years) { Paging = rows.Paging(next) });
        });
}
