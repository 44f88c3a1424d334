using System.Globalization;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
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

    /// <summary>
    /// The figures' version as HTTP carries it: the blob's ETag as an opaque strong entity-tag, encoded as the plan's is
    /// (<see cref="EntityTags.ETagOf"/>), so the store's token never needs escaping in a header or a hidden field.
    /// </summary>
    public static string ETagOf(StoredFigures stored) => EntityTags.ETagOf(stored.Version);

    /// <summary>The form's hidden version: the entity-tag, or <see cref="FiguresBasis.NothingSaved"/> for a year with no figures.</summary>
    public static string FormVersionOf(StoredFigures? stored) => stored is null ? FiguresBasis.NothingSaved : ETagOf(stored);

    /// <summary>
    /// What a save was based on, from the form's field or an If-Match header: empty is "not said" (428 when figures exist);
    /// a value this API never issued is a version no longer saved (409/412), never a reason to write.
    /// </summary>
    public static FiguresBasis BasisFrom(string? posted)
    {
        var text = posted?.Trim() ?? "";
        if (text.Length == 0) return FiguresBasis.On(null);
        if (text == FiguresBasis.NothingSaved) return FiguresBasis.On(FiguresBasis.NothingSaved);
        return FiguresBasis.On(EntityTags.StoreETagFrom(text) is { } store and not "*" ? store : "unknown:" + text);
    }

    /// <summary>
    /// A page's form of the annual report read within <paramref name="maxBytes"/>, or the page saying it was not this
    /// page's form (413: no length, too long, or not a form), before anything is read from it.
    /// </summary>
    public static async Task<(IFormCollection? Form, IActionResult? NotThisForm)> ReadPageFormAsync(
        HttpWorkbench workbench, Principal who, HttpRequest req, long maxBytes, CancellationToken ct)
    {
        if (req.ContentLength is null || req.ContentLength > maxBytes || !req.HasFormContentType)
            return (null, workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开本页填写。"));
        return (await req.ReadFormAsync(ct), null);
    }

    /// <summary>A page's save refused before writing: 409 when someone saved since, 428 when it named no version.</summary>
    public static int StatusOf(FiguresSaveResult refused)
        => refused.Outcome == FiguresSaveOutcome.Stale ? StatusCodes.Status409Conflict : StatusCodes.Status428PreconditionRequired;
}
