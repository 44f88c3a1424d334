using System.Globalization;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Inspection;

/// <summary>Who may use the inspection endpoints, and the route values they share.</summary>
internal static class InspectionHttp
{
    /// <summary>The caller when an administrator; otherwise the answer to give (401 without identity, 403 otherwise).</summary>
    public static (Principal? Who, IActionResult? Denied) Administrator(RequestPrincipal principals, HttpRequest req)
    {
        var who = principals.Resolve(req);
        if (who is null) return (null, Responses.Unauthorized());
        return who.IsAdministrator ? (who, null) : (null, Responses.Forbidden("年度报告仅限政府信息公开工作管理员操作。"));
    }

    /// <summary>Administrators and reviewers (IsReviewer includes administrators).</summary>
    public static (Principal? Who, IActionResult? Denied) Inspector(RequestPrincipal principals, HttpRequest req)
    {
        var who = principals.Resolve(req);
        if (who is null) return (null, Responses.Unauthorized());
        return who.IsReviewer ? (who, null) : (null, Responses.Forbidden("自查报告仅限管理员和审核人员查看。"));
    }

    public static bool TryYear(string? text, out int year)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 9999;

    public static IActionResult BadYear(string? text) => Responses.Problem(StatusCodes.Status400BadRequest, "年度无效", $"“{text}”不是有效的年度。");
}
