using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// <c>GET /api/annual-reports/{year}</c> (administrators): the year's report as the office finishes it in the workbench —
/// the bureau's texts, generating, the Word file, submitting (<see cref="AnnualReportPageModel"/>). JSON: the last
/// generation's state.
/// </summary>
public class AnnualReportOverview(AnnualReportService reports, IAnnualReportStore store, HttpWorkbench workbench, FormTokens tokens)
{
    [Function(nameof(AnnualReportOverview))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "annual-reports/{year}")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            var stored = await reports.GetFiguresVersionAsync(y, ct);
            var generated = await store.GetGeneratedAsync(y, ct) is { } report ? AnnualReportGenerationView.Of(report) : null;
            if (!Responses.WantsHtml(req))
                return new OkObjectResult(new
                {
                    year = y, generated = generated is not null, generatedAt = generated?.GeneratedAt, draftSections = generated?.DraftSections,
                    warnings = generated?.Warnings, docx = generated is null ? null : $"/api/annual-reports/{y}/docx",
                });
            var notice = req.Query["done"].ToString() switch
            {
                "texts" => "正文已保存。重新生成报告后，报告使用新的正文。",
                "generated" => "报告已生成。",
                _ => "",
            };
            return Page(workbench, tokens, who, y, stored, generated, AnnualReportPageModel.ValuesOf(stored?.Figures.Texts), new Dictionary<string, string>(), [], notice);
        });

    internal static IActionResult Page(HttpWorkbench workbench, FormTokens tokens, Principal who, int year, StoredFigures? stored,
        AnnualReportGenerationView? generated, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> fieldErrors,
        IReadOnlyList<FormError> errors, string notice, int status = StatusCodes.Status200OK)
    {
        var model = new AnnualReportPageModel(year, AnnualReportPageModel.Fields(values, fieldErrors), errors, notice, tokens.Issue(who),
            InspectionHttp.FormVersionOf(stored)) { Generated = generated };
        return workbench.Page(who, AnnualReportPageModel.Template, AnnualReportPageModel.Title(year), model, status);
    }
}

/// <summary>
/// <c>POST /api/annual-reports/{year}/texts</c> (administrators, the page's form and token): the bureau's texts of the
/// report, saved with the year's figures under the figures' version — someone saved figures or texts since: 409 with
/// what was typed kept, nothing written; no version while figures exist: 428. Saved: 303 back to the report's page.
/// </summary>
public class SaveAnnualReportTexts(AnnualReportService reports, IAnnualReportStore store, HttpWorkbench workbench, FormTokens tokens)
{
    /// <summary>Seven sections of at most 20,000 characters, as UTF-8 and form-encoded: far below this.</summary>
    private const long MaxBodyBytes = 2 * 1024 * 1024;

    [Function(nameof(SaveAnnualReportTexts))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "annual-reports/{year}/texts")] HttpRequest req, string year, CancellationToken ct)
        => workbench.RunForAdministrators(req, InspectionHttp.AnnualReportRefusal, async who =>
        {
            if (!InspectionHttp.TryYear(year, out var y)) return InspectionHttp.BadYear(year);
            var (form, notThisForm) = await InspectionHttp.ReadPageFormAsync(workbench, who, req, MaxBodyBytes, ct);
            if (form is null) return notThisForm!;
            var values = AnnualReportPageModel.FieldNames().ToDictionary(n => n, n => form[n].ToString(), StringComparer.Ordinal);
            var stored = await reports.GetFiguresVersionAsync(y, ct);
            // The page again, with the last generation read only then: a save that succeeds does not load the Word file.
            async Task<IActionResult> Again(StoredFigures? now, IReadOnlyDictionary<string, string> fieldErrors, IReadOnlyList<FormError> errors, int status)
            {
                var generated = await store.GetGeneratedAsync(y, ct) is { } report ? AnnualReportGenerationView.Of(report) : null;
                return AnnualReportOverview.Page(workbench, tokens, who, y, now, generated, values, fieldErrors, errors, "", status);
            }

            if (!tokens.IsValid(form[FormTokens.Field].ToString(), who))
                return await Again(stored, new Dictionary<string, string>(), [new FormError("report-texts", HttpTexts.FormTokenInvalid)], StatusCodes.Status403Forbidden);
            var basis = InspectionHttp.BasisFrom(form[AnnualReportPageModel.VersionField].ToString());
            if (AnnualReportService.Precondition(basis, stored) is { } refused)
                return await Again(refused.Current, new Dictionary<string, string>(), [new FormError("report-texts", Refusal(refused))], InspectionHttp.StatusOf(refused));

            var (texts, fieldErrors) = AnnualReportPageModel.Parse(values);
            if (fieldErrors.Count > 0)
                return await Again(stored, fieldErrors, [.. fieldErrors.Select(e => new FormError("f-" + e.Key, e.Value))], StatusCodes.Status400BadRequest);
            var figures = (stored?.Figures ?? new AnnualReportFigures { Year = y }) with { Texts = texts };
            var result = await reports.SaveFiguresAsync(y, figures, who.Name, basis, ct);
            return result.Outcome switch
            {
                FiguresSaveOutcome.Saved => Responses.SeeOther($"{AnnualReportPageModel.Path(y)}?done=texts"),
                FiguresSaveOutcome.Invalid => await Again(stored, new Dictionary<string, string>(), [.. result.Errors.Select(e => new FormError("report-texts", e))], StatusCodes.Status400BadRequest),
                _ => await Again(result.Current, new Dictionary<string, string>(), [new FormError("report-texts", Refusal(result))], InspectionHttp.StatusOf(result)),
            };
        });

    private static string Refusal(FiguresSaveResult refused) => refused.Outcome == FiguresSaveOutcome.Stale
        ? AnnualReportService.StaleMessage + "您填写的正文仍在表单中，请核对后再保存。"
        : AnnualReportService.VersionRequiredMessage;
}
