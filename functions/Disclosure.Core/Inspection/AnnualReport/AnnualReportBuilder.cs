using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>Puts one year's report together from the catalogue's items and the administrator's figures. Pure: no I/O, no clock.</summary>
public static class AnnualReportBuilder
{
    /// <summary>China Standard Time has no daylight saving; business dates are read at UTC+8.</summary>
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public const string InterpretationGenre = "解读";

    public static AnnualReportModel Build(
        int year,
        IEnumerable<DisclosureItem> allItems,
        AnnualReportFigures? figures,
        CatalogueSettings catalogue,
        WorkingDayCalendar calendar,
        DateTimeOffset generatedAt,
        ReviewStatement? review = null)
    {
        if (figures is not null && figures.Year != year)
            throw new ArgumentException($"填报数据属于{figures.Year}年，不是{year}年", nameof(figures));

        figures = figures?.Normalized();
        var warnings = new List<string>();
        var record = new CatalogueRecord(allItems);
        var table2 = ProactiveDisclosureCounter.Count(record, year, figures, warnings);
        var applications = new ApplicationTable(figures?.Applications ?? new Dictionary<ApplicationRow, ApplicantCounts>());

        var publishedThisYear = record.Published.Where(i => i.PublishedOn?.Year == year).ToList();
        var columnOrder = catalogue.Columns.Select((c, n) => (c.Code, n)).ToDictionary(x => x.Code, x => x.n);
        var byColumn = publishedThisYear
            .GroupBy(i => i.ColumnCode)
            .OrderBy(g => columnOrder.GetValueOrDefault(g.Key, int.MaxValue)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (catalogue.FindColumn(g.Key)?.Name ?? g.Key, g.Count()))
            .ToList();

        var submitted = record.Latest.Where(i => i.SubmittedAt.ToOffset(ChinaStandardTime).Year == year).ToList();

        if (!calendar.HasDataFor(year))
            warnings.Add($"未载入{year}年节假日安排，超期公开条数按周一至周五计算。");
        var late = publishedThisYear.Count(i => calendar.WorkingDaysBetween(i.FormedOn, i.PublishedOn!.Value) > AnnualReportDrafts.PublicationDeadlineWorkingDays);

        var facts = new DraftFacts(
            year, catalogue, byColumn,
            publishedThisYear.Count(i => i.Genre == InterpretationGenre),
            submitted.Count,
            submitted.Count(i => i.State == ItemState.Published),
            late, table2, applications, figures, review);

        if (figures is null)
            warnings.Add($"尚未填报{year}年统计数据：表三、表四按0计，行政事业性收费按0计。");

        var texts = figures?.Texts ?? new ReportTexts();
        ReportSection Section(string heading, string? edited, Func<DraftFacts, string> draft)
        {
            if (edited is not null) return new ReportSection(heading, edited, false);
            warnings.Add($"“{heading}”仍为系统生成的草稿，发布前请审核修改。");
            return new ReportSection(heading, draft(facts), true);
        }

        return new AnnualReportModel
        {
            Year = year,
            AgencyName = catalogue.Agency.Name,
            Overview =
            [
                Section(AnnualReportText.Section1Proactive, texts.OverviewProactive, AnnualReportDrafts.Proactive),
                Section(AnnualReportText.Section1OnRequest, texts.OverviewOnRequest, AnnualReportDrafts.OnRequest),
                Section(AnnualReportText.Section1Management, texts.OverviewManagement, AnnualReportDrafts.Management),
                Section(AnnualReportText.Section1Platform, texts.OverviewPlatform, AnnualReportDrafts.Platform),
                Section(AnnualReportText.Section1Oversight, texts.OverviewOversight, AnnualReportDrafts.Oversight),
            ],
            ProactiveDisclosure = table2,
            Applications = applications,
            Reconsideration = figures?.Reconsideration ?? new OutcomeCounts(),
            LitigationDirect = figures?.LitigationDirect ?? new OutcomeCounts(),
            LitigationAfterReconsideration = figures?.LitigationAfterReconsideration ?? new OutcomeCounts(),
            ProblemsAndImprovements = Section(AnnualReportText.Section5, texts.ProblemsAndImprovements, AnnualReportDrafts.Problems),
            OtherMatters = Section(AnnualReportText.Section6, texts.OtherMatters, AnnualReportDrafts.OtherMatters),
            Warnings = warnings,
            GeneratedAt = generatedAt,
        };
    }
}
