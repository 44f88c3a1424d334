using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Workbench;

/// <summary>
/// The year's annual report as the office works on it in the workbench (Art. 49–50): the bureau's own text for the
/// sections the system can only draft (一's five parts, 五, 六), generating the report, downloading its Word file, and
/// submitting it for review and publication. Without the texts a generation keeps the system's drafts, which
/// <see cref="AnnualReportSubmission"/> refuses to submit, so the page is the one way from figures to a published report.
/// </summary>
[PageModel]
public sealed record AnnualReportPageModel(
    int Year, IReadOnlyList<AnnualReportTextField> Texts, IReadOnlyList<FormError> Errors, string Notice, string FormToken, string Version)
{
    public const string Template = "annual-report";
    public const string VersionField = "figuresVersion";

    public static string Title(int year) => $"{year}年度政府信息公开工作年度报告";
    public static string Path(int year) => $"/api/annual-reports/{year}";

    public string TextsAction => $"/api/annual-reports/{Year}/texts";
    public string GenerateAction => Path(Year);
    public string SubmitAction => $"/api/annual-reports/{Year}/submission";
    public string DocxUrl => $"/api/annual-reports/{Year}/docx";
    public string FiguresUrl => $"/api/annual-reports/{Year}/figures/edit";

    /// <summary>The last generation, or null when the year's report was never generated.</summary>
    public AnnualReportGenerationView? Generated { get; init; }

    /// <summary>The text sections: form field name, heading, and how the stored texts carry it (read and written).</summary>
    private static readonly (string Name, string Heading, Func<ReportTexts, string?> Get, Func<ReportTexts, string?, ReportTexts> Set)[] Sections =
    [
        ("overviewProactive", "一、总体情况" + AnnualReportText.Section1Proactive, t => t.OverviewProactive, (t, v) => t with { OverviewProactive = v }),
        ("overviewOnRequest", "一、总体情况" + AnnualReportText.Section1OnRequest, t => t.OverviewOnRequest, (t, v) => t with { OverviewOnRequest = v }),
        ("overviewManagement", "一、总体情况" + AnnualReportText.Section1Management, t => t.OverviewManagement, (t, v) => t with { OverviewManagement = v }),
        ("overviewPlatform", "一、总体情况" + AnnualReportText.Section1Platform, t => t.OverviewPlatform, (t, v) => t with { OverviewPlatform = v }),
        ("overviewOversight", "一、总体情况" + AnnualReportText.Section1Oversight, t => t.OverviewOversight, (t, v) => t with { OverviewOversight = v }),
        ("problemsAndImprovements", AnnualReportText.Section5, t => t.ProblemsAndImprovements, (t, v) => t with { ProblemsAndImprovements = v }),
        ("otherMatters", AnnualReportText.Section6, t => t.OtherMatters, (t, v) => t with { OtherMatters = v }),
    ];

    public static IEnumerable<string> FieldNames() => Sections.Select(s => s.Name);

    /// <summary>The stored texts as the form's values (an unwritten section is empty: the report then prints the system's draft).</summary>
    public static Dictionary<string, string> ValuesOf(ReportTexts? texts)
        => Sections.ToDictionary(s => s.Name, s => texts is null ? "" : s.Get(texts) ?? "", StringComparer.Ordinal);

    public static IReadOnlyList<AnnualReportTextField> Fields(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors)
        => [.. Sections.Select(s => new AnnualReportTextField(s.Name, s.Heading, values.GetValueOrDefault(s.Name) ?? "", errors.GetValueOrDefault(s.Name)))];

    /// <summary>
    /// The typed texts as the report's: an empty section stays unwritten (the system's draft), an over-long one is named
    /// beside its section in Chinese. Pasted control characters are removed when the texts are kept, as the JSON API does
    /// (<see cref="ReportTexts.Normalized"/>).
    /// </summary>
    public static (ReportTexts Texts, Dictionary<string, string> Errors) Parse(IReadOnlyDictionary<string, string> values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = new ReportTexts();
        foreach (var section in Sections)
        {
            var typed = values.GetValueOrDefault(section.Name) ?? "";
            var text = typed.Trim();
            if (text.Length > 0 && typed.Length > AnnualReportFiguresValidator.MaxSectionTextLength)
                errors[section.Name] = $"“{section.Heading}”不能超过 {AnnualReportFiguresValidator.MaxSectionTextLength} 字（现 {typed.Length} 字）。";
            texts = section.Set(texts, text.Length == 0 ? null : text);
        }
        return (texts, errors);
    }
}

/// <summary>One text section of the report as a form field.</summary>
[PageModel]
public sealed record AnnualReportTextField(string Name, string Heading, string Value, string? Error)
{
    public string Id => "f-" + Name;
}

/// <summary>What the last generation said: when, which sections are still the system's draft, and the administrator's warnings.</summary>
[PageModel]
public sealed record AnnualReportGenerationView(string GeneratedAt, IReadOnlyList<string> DraftSections, IReadOnlyList<string> Warnings)
{
    public bool MaySubmit => DraftSections.Count == 0;

    public static AnnualReportGenerationView Of(StoredAnnualReport report) => new(
        report.GeneratedAt.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        report.DraftSections ?? (report.HasDraftSections ? ["部分章节"] : []), report.Warnings);
}
