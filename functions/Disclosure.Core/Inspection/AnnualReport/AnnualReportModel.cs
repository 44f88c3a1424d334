namespace Disclosure.Inspection.AnnualReport;

/// <summary>A text section of the report: the bureau's edited text, or the system's draft while none has been saved.</summary>
public sealed record ReportSection(string Heading, string Text, bool IsDraft);

/// <summary>
/// One year's 政府信息公开工作年度报告 in the six sections of 国办公开办函〔2021〕30号, with every figure resolved.
/// The HTML page and the DOCX are both renderings of this model (through <see cref="AnnualReportTables"/>).
/// </summary>
public sealed record AnnualReportModel
{
    public required int Year { get; init; }
    public required string AgencyName { get; init; }
    public string Title => AnnualReportText.Title(AgencyName, Year);

    /// <summary>一、总体情况: 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障 in that order.</summary>
    public required IReadOnlyList<ReportSection> Overview { get; init; }
    /// <summary>二: table 二.</summary>
    public required ProactiveDisclosureTable ProactiveDisclosure { get; init; }
    /// <summary>三: table 三.</summary>
    public required ApplicationTable Applications { get; init; }
    /// <summary>四: table 四. Null: the block was not entered (printed 未填).</summary>
    public required OutcomeCounts? Reconsideration { get; init; }
    public required OutcomeCounts? LitigationDirect { get; init; }
    public required OutcomeCounts? LitigationAfterReconsideration { get; init; }
    /// <summary>五.</summary>
    public required ReportSection ProblemsAndImprovements { get; init; }
    /// <summary>六 (信息处理费 included).</summary>
    public required ReportSection OtherMatters { get; init; }

    /// <summary>For the administrator, not printed: uncountable items, missing figures, sections still in draft.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The headings of the text sections that are still the system's draft, in the report's order.</summary>
    public IReadOnlyList<string> DraftSections =>
        Overview.Append(ProblemsAndImprovements).Append(OtherMatters).Where(s => s.IsDraft).Select(s => s.Heading).ToList();

    /// <summary>True while any text section is the system's draft: the report cannot be submitted for publication.</summary>
    public bool HasDraftSections => DraftSections.Count > 0;
}
