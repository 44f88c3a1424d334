using System.Globalization;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Inspection;

/// <summary>Who may use the inspection endpoints (the refusals), and the route values they share.</summary>
internal static class InspectionHttp
{
    public const string AnnualReportRefusal = "年度报告仅限政府信息公开工作管理员操作。";
    public const string InspectionRefusal = "自查报告仅限管理员和审核人员查看。";

    public static bool TryYear(string? text, out int year)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 9999;

    public static IActionResult BadYear(string? text) => Responses.Problem(StatusCodes.Status400BadRequest, "年度无效", $"“{text}”不是有效的年度。");
}
