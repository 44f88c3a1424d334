using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

public sealed record RegulationCounts(int IssuedThisYear, int RepealedThisYear, int InForceAtYearEnd);

/// <summary>Where a figure of table 二 came from; the report says it in a note under the table.</summary>
public enum FigureSource
{
    Catalogue,
    Entered,
}

/// <summary>A 本年处理决定数量: the printed <see cref="Count"/>, its source, and what the catalogue counted (kept for comparison).</summary>
public sealed record DecisionCount(int Count, FigureSource Source, int CatalogueCount);

/// <summary>Table 二, 主动公开政府信息情况.</summary>
public sealed record ProactiveDisclosureTable(
    RegulationCounts Rules,
    RegulationCounts NormativeDocuments,
    DecisionCount Licensing,
    DecisionCount Penalties,
    DecisionCount Enforcement,
    decimal? AdministrativeFeesTenThousandYuan);

/// <summary>
/// Counts table 二 from the catalogue. The rules, chosen because the catalogue records dates, not legal events:
/// <list type="bullet">
/// <item>Only the catalogue's record counts: the latest version of each 索引号, 主动公开, state 已发布. Drafts, returned,
/// withdrawn (撤回) and unpublished items are not the bureau's published record.</item>
/// <item>本年制发件数: items of the genre whose 成文日期 falls in the year. The 成文日期 is the date the document was made,
/// so a document signed on 28 December and published in January counts in the year it was made. An item that itself
/// repeals another (relation 废止) is a repeal instrument, not a new rule, and is not counted as issued; nor is a reposted
/// (转发) document, which another agency issued.</item>
/// <item>本年废止件数: items of the genre whose repeal instrument (a published item with relation 废止 pointing at it) has
/// its 成文日期 in the year — the same date rule as 制发. A 废止 mark with no instrument in the catalogue cannot be dated;
/// it is left out and reported as a warning so the administrator can link the instrument or enter the figure.</item>
/// <item>现行有效件数: items of the genre made by 31 December whose 有效性 on 31 December is 有效 — the same
/// <see cref="ItemValidity"/> the portal and the catalogue show: not repealed or revised by an instrument made by then,
/// not past their 有效期, not stated 失效/废止/已修订 without anything in the record to date it.</item>
/// <item>本年处理决定数量 (行政许可, 行政处罚, 行政强制): published items of that genre with 成文日期 (the decision date) in the
/// year — one item per decision, as 双公示 publishes them. An item that lists several decisions undercounts; then the
/// administrator enters the figure, and the entered figure wins.</item>
/// </list>
/// Genres are matched by the names configured in catalogue.json (规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制).
/// </summary>
public static class ProactiveDisclosureCounter
{
    /// <param name="agency">The reporting agency: documents it reposted (转发, <see cref="Reposting"/>) are not its 制发.</param>
    public static ProactiveDisclosureTable Count(CatalogueRecord record, int year, AnnualReportFigures? figures, ICollection<string> warnings, Catalogue.Agency agency)
    {
        var rules = CountRegulations(record, AnnualReportText.Rules, year, warnings, agency);
        var normative = CountRegulations(record, AnnualReportText.NormativeDocuments, year, warnings, agency);
        return new ProactiveDisclosureTable(
            rules,
            normative,
            Decisions(record, AnnualReportText.Licensing, year, figures?.LicensingDecisions),
            Decisions(record, AnnualReportText.Penalties, year, figures?.PenaltyDecisions),
            Decisions(record, AnnualReportText.Enforcement, year, figures?.EnforcementDecisions),
            figures?.AdministrativeFeesTenThousandYuan);
    }

    private static RegulationCounts CountRegulations(CatalogueRecord record, string genre, int year, ICollection<string> warnings, Catalogue.Agency agency)
    {
        var yearEnd = new DateOnly(year, 12, 31);
        var ofGenre = record.Published.Where(i => i.Genre == genre && i.Relation != Relation.Repeals).ToList();

        // 本年制发件数 counts what this agency issued: a reposted national or provincial document is published here, not made here.
        var issued = ofGenre.Count(i => i.FormedOn.Year == year && !Reposting.IsReposted(i, agency));

        // 本年废止件数 counts repeal instruments dated in the year, whatever the original's stated 有效性 says.
        var repealed = ofGenre.Count(i => record.SupersededOn(i, Relation.Repeals)?.Year == year);
        var undated = ofGenre.Count(i => i.Validity == Validity.Repealed && record.SupersededOn(i, Relation.Repeals) is null);
        if (undated > 0)
            warnings.Add($"有{undated}件{genre}标注为废止，但目录中没有与之关联的废止文件，无法确定废止日期，未计入本年废止件数；请关联废止文件或核实后手工调整。");

        // 现行有效件数: the portal's and the catalogue's 有效性 (ItemValidity) as of 31 December.
        var inForce = ofGenre.Count(i => i.FormedOn <= yearEnd && record.ValidityOn(i, yearEnd) == Validity.InForce);

        return new RegulationCounts(issued, repealed, inForce);
    }

    private static DecisionCount Decisions(CatalogueRecord record, string genre, int year, int? entered)
    {
        var counted = record.Published.Count(i => i.Genre == genre && i.FormedOn.Year == year);
        return entered is int value
            ? new DecisionCount(value, FigureSource.Entered, counted)
            : new DecisionCount(counted, FigureSource.Catalogue, counted);
    }
}
