using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// <c>GET /api/annual-reports/{year}/figures/edit</c> (administrators): tables 三 and 四 of the year's report as a form,
/// filled with what was saved. <see cref="SaveAnnualReportFiguresForm"/> takes the form back.
/// </summary>
public class AnnualReportFiguresForm(AnnualReportService reports, HttpWorkbench workbench, FormTokens tokens)
{
    public const string SavedNotice = "已保存。生成年度报告时将使用以上数据。";

    [Function(nameof(AnnualReportFiguresForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "annual-reports/{year}/figures/edit")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            var saved = await reports.GetFiguresAsync(y, ct);
            var notice = req.Query["saved"] == "1" ? SavedNotice : "";
            return Page(workbench, tokens, who, y, AnnualFiguresPageModel.ValuesOf(saved), new Dictionary<string, string>(), [], notice, saved);
        });

    internal static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, int year, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> cellErrors, IReadOnlyList<FormError> errors, string notice, AnnualReportFigures? saved, int status = StatusCodes.Status200OK)
    {
        var updated = saved?.UpdatedAt is { } at
            ? $"最后保存：{saved.UpdatedBy}，{at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}。"
            : "";
        var model = AnnualFiguresPageModel.Build(year, values, cellErrors, errors, notice, tokens.Issue(who), updated);
        return workbench.Page(who, AnnualFiguresPageModel.Template, AnnualFiguresPageModel.Title(year), model, status,
            contentSecurityPolicy: WorkbenchPages.ContentSecurityPolicyWithFiguresScript);
    }
}

/// <summary>
/// <c>POST /api/annual-reports/{year}/figures/edit</c> (administrators, the form's token required): checks each cell and
/// the format's totals rule (一 + 二 = 三(七) + 四 per column) with the errors beside the cells, then the report's own rules
/// as <c>PUT …/figures</c> does; saved, the browser is sent back to the form (303). Nothing is saved while anything is wrong.
/// </summary>
public class SaveAnnualReportFiguresForm(AnnualReportService reports, HttpWorkbench workbench, FormTokens tokens)
{
    /// <summary>Far above the form's 150-odd cells of seven digits; more is not this form.</summary>
    private const long MaxBodyBytes = 64 * 1024;

    [Function(nameof(SaveAnnualReportFiguresForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "annual-reports/{year}/figures/edit")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            if (req.ContentLength is null or > MaxBodyBytes || !req.HasFormContentType)
                return workbench.Message(who, req, StatusCodes.Status413PayloadTooLarge, "未保存", "提交的内容不是本页的表单或过大，请重新打开本页填写。");
            var form = await req.ReadFormAsync(ct);
            var values = AnnualFiguresPageModel.FieldNames().ToDictionary(n => n, n => form[n].ToString(), StringComparer.Ordinal);
            var saved = await reports.GetFiguresAsync(y, ct);
            IActionResult Again(IReadOnlyDictionary<string, string> cellErrors, IReadOnlyList<FormError> errors, int status)
                => AnnualReportFiguresForm.Page(workbench, tokens, who, y, values, cellErrors, errors, "", saved, status);

            if (!tokens.IsValid(form[FormTokens.Field].ToString(), who))
                return Again(new Dictionary<string, string>(), [new FormError("figures-table-3", HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden);

            var (figures, cellErrors) = AnnualFiguresPageModel.Parse(y, values, saved);
            if (cellErrors.Count > 0)
                return Again(cellErrors, [.. cellErrors.Select(e => new FormError(e.Key, AnnualFiguresPageModel.CellLabel(e.Key) + "：" + e.Value))],
                    StatusCodes.Status400BadRequest);

            // The report's own rules (last year's carried-forward figures among them) are said above the table.
            var result = await reports.SaveFiguresAsync(y, figures, who.Name, ct);
            if (!result.Saved)
                return Again(cellErrors, [.. result.Errors.Select(e => new FormError("figures-table-3", e))], StatusCodes.Status400BadRequest);
            return Responses.SeeOther($"/api/annual-reports/{y}/figures/edit?saved=1");
        });
}
