using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// <c>GET /api/annual-reports/{year}/figures/edit</c> (administrators): every figure of the year's report that the office
/// enters (table 二's decisions and fees, tables 三 and 四, section 六's 信息处理费) as a form, filled with what was saved,
/// with the version it was filled from and the latest saves. <see cref="SaveAnnualReportFiguresForm"/> takes it back.
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
            var stored = await reports.GetFiguresVersionAsync(y, ct);
            var previous = await reports.GetFiguresAsync(y - 1, ct);
            var notice = req.Query["saved"] == "1" ? SavedNotice : "";
            var state = new FiguresFormState(y, stored, previous, AnnualFiguresPageModel.ValuesOf(stored?.Figures));
            return Page(workbench, tokens, who, state, new Dictionary<string, string>(), [], notice);
        });

    internal static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, FiguresFormState state,
        IReadOnlyDictionary<string, string> cellErrors, IReadOnlyList<FormError> errors, string notice, int status = StatusCodes.Status200OK,
        IReadOnlyList<FiguresDifference>? differences = null)
    {
        var saved = state.Stored?.Figures;
        var updated = saved?.UpdatedAt is { } at
            ? $"最后保存：{saved.UpdatedBy}，{at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}。"
            : "";
        var model = AnnualFiguresPageModel.Build(state.Year, state.Values, cellErrors, errors, notice, tokens.Issue(who), updated, state.PreviousYear) with
        {
            Version = InspectionHttp.FormVersionOf(state.Stored),
            History = AnnualFiguresPageModel.HistoryOf(saved),
            Differences = differences ?? [],
        };
        return workbench.Page(who, AnnualFiguresPageModel.Template, AnnualFiguresPageModel.Title(state.Year), model, status,
            contentSecurityPolicy: WorkbenchPages.ContentSecurityPolicyWithFiguresScript);
    }
}

/// <summary>What the figures page is drawn from: the year, its saved figures and version, last year's figures, the values shown.</summary>
internal sealed record FiguresFormState(int Year, StoredFigures? Stored, AnnualReportFigures? PreviousYear, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// <c>POST /api/annual-reports/{year}/figures/edit</c> (administrators, the form's token required): the form carries the
/// version it was filled from (<c>figuresVersion</c>). Someone saved since: 409, nothing written, the page shows the
/// figures now saved that differ from what was typed, with what was typed kept; no version while figures exist: 428.
/// Then each cell and the format's rules (一 + 二 = 三(七) + 四 per column, 二 = last year's 四, a fee only with a notice),
/// with the errors beside the cells; then the report's own rules as <c>PUT …/figures</c> does. Saved: 303 back to the
/// form. A client that asks for JSON gets the same refusals as problem+json, the wrong cells named in <c>errors</c>.
/// </summary>
public class SaveAnnualReportFiguresForm(AnnualReportService reports, HttpWorkbench workbench, FormTokens tokens)
{
    /// <summary>Far above the form's 160-odd cells of at most 14 characters; more is not this form.</summary>
    private const long MaxBodyBytes = 64 * 1024;
    private const string ChangedHint = "下表列出现在保存的数据与您填写的不同之处；您填写的内容仍在表单中，请核对后再保存。";

    [Function(nameof(SaveAnnualReportFiguresForm))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "annual-reports/{year}/figures/edit")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            var (form, notThisForm) = await InspectionHttp.ReadPageFormAsync(workbench, who, req, MaxBodyBytes, ct);
            if (form is null) return notThisForm!;
            var values = AnnualFiguresPageModel.FieldNames().ToDictionary(n => n, n => form[n].ToString(), StringComparer.Ordinal);
            var basis = InspectionHttp.BasisFrom(form[AnnualFiguresPageModel.VersionField].ToString());
            var stored = await reports.GetFiguresVersionAsync(y, ct);
            var previous = await reports.GetFiguresAsync(y - 1, ct);
            var html = Responses.WantsHtml(req);
            IActionResult Again(StoredFigures? now, IReadOnlyDictionary<string, string> cellErrors, IReadOnlyList<FormError> errors, int status,
                IReadOnlyList<FiguresDifference>? differences = null)
                => AnnualReportFiguresForm.Page(workbench, tokens, who, new FiguresFormState(y, now, previous, values), cellErrors, errors, "", status, differences);

            if (!tokens.IsValid(form[FormTokens.Field].ToString(), who))
                return Again(stored, new Dictionary<string, string>(), [new FormError("figures-table-3", HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden);

            // Based on figures someone has since replaced, or on no stated version: nothing is read from the cells yet,
            // the page shows what is saved now beside what was typed, with the version to save against after checking.
            if (AnnualReportService.Precondition(basis, stored) is { } refused)
                return Refused(refused, html, values, Again);

            var (figures, cellErrors) = AnnualFiguresPageModel.Parse(y, values, stored?.Figures, previous);
            if (cellErrors.Count > 0)
            {
                if (!html)
                    return Responses.ValidationProblem([.. cellErrors.Select(e => new FieldError(e.Key, AnnualFiguresPageModel.CellLabel(e.Key) + "：" + e.Value))]);
                return Again(stored, cellErrors, [.. cellErrors.Select(e => new FormError(e.Key, AnnualFiguresPageModel.CellLabel(e.Key) + "：" + e.Value))],
                    StatusCodes.Status400BadRequest);
            }

            var result = await reports.SaveFiguresAsync(y, figures, who.Name, basis, ct);
            return result.Outcome switch
            {
                FiguresSaveOutcome.Saved => Responses.SeeOther($"/api/annual-reports/{y}/figures/edit?saved=1"),
                FiguresSaveOutcome.Invalid when !html => Responses.Problem(StatusCodes.Status400BadRequest, "年度报告数据不一致", string.Join("；", result.Errors),
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["figures"] = [.. result.Errors] } }),
                // The report's own rules (the year itself, the texts) are said above the table.
                FiguresSaveOutcome.Invalid => Again(stored, cellErrors, [.. result.Errors.Select(e => new FormError("figures-table-3", e))], StatusCodes.Status400BadRequest),
                // Someone saved between our read and our write: the store's condition refused it.
                _ => Refused(result, html, values, Again),
            };
        });

    private delegate IActionResult Redraw(StoredFigures? now, IReadOnlyDictionary<string, string> cellErrors, IReadOnlyList<FormError> errors, int status,
        IReadOnlyList<FiguresDifference>? differences = null);

    private static IActionResult Refused(FiguresSaveResult refused, bool html, IReadOnlyDictionary<string, string> values, Redraw again)
    {
        var stale = refused.Outcome == FiguresSaveOutcome.Stale;
        var status = InspectionHttp.StatusOf(refused);
        var differences = AnnualFiguresPageModel.DifferencesFrom(refused.Current?.Figures, values);
        var message = (stale ? AnnualReportService.StaleMessage : AnnualReportService.VersionRequiredMessage) + ChangedHint;
        if (!html)
            return Responses.Problem(status, stale ? "数据已被他人修改" : "缺少所依据的版本", message, new Dictionary<string, object?>
            {
                ["currentVersion"] = refused.Current is { } current ? InspectionHttp.ETagOf(current) : null,
                ["differences"] = differences.Select(d => new { figure = d.Figure, saved = d.Before, submitted = d.After }).ToArray(),
            });
        return again(refused.Current, new Dictionary<string, string>(),
            [new FormError(differences.Count > 0 ? "figures-differences" : "figures-table-3", message)], status, differences);
    }
}
