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
        AnnualReportFigures? previousYear = null,
        ReviewStatement? review = null,
        RegisterYearFigures? register = null)
    {
        if (figures is not null && figures.Year != year)
            throw new ArgumentException($"填报数据属于{figures.Year}年，不是{year}年", nameof(figures));

        var warnings = new List<string>();
        figures = RegisterFigureMerge.Merge(year, figures?.Normalized(), register, warnings);
        var record = new CatalogueRecord(allItems);
        var table2 = ProactiveDisclosureCounter.Count(record, year, figures, warnings, catalogue.Agency);
        var applications = new ApplicationTable(figures?.Applications ?? new Dictionary<ApplicationRow, ApplicantCounts>());

        var publishedThisYear = record.Published.Where(i => i.PublishedOn?.Year == year).ToList();
        var columnOrder = catalogue.Columns.Select((c, n) => (c.Code, n)).ToDictionary(x => x.Code, x => x.n);
        var byColumn = publishedThisYear
            .GroupBy(i => i.ColumnCode)
            .OrderBy(g => columnOrder.GetValueOrDefault(g.Key, int.MaxValue)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (catalogue.FindColumn(g.Key)?.Name ?? g.Key, g.Count()))
            .ToList();

        var submitted = record.Latest.Where(i => i.SubmittedAt.ToOffset(ChinaStandardTime).Year == year).ToList();

        // Late by each item's own legal deadline (Deadlines: 条例第二十六条, 预算法第十四条, 双公示, 转发 from receipt); an item
        // whose lateness needs a year without a calendar is not counted and the missing year is named.
        var deadlines = new Deadlines.ItemDeadlines(catalogue, calendar);
        var publishedOn = record.Published.Where(i => i.PublishedOn is not null).ToDictionary(i => i.Id, i => i.PublishedOn!.Value, StringComparer.Ordinal);
        var unknown = new SortedSet<int>();
        var late = publishedThisYear.Count(i =>
        {
            var related = i.Relation == Relation.Interprets && i.RelatedItemId is { } r && publishedOn.TryGetValue(r, out var d) ? d : (DateOnly?)null;
            if (deadlines.For(i, related) is not { } deadline) return false;
            return deadlines.DaysLate(deadline, i.PublishedOn!.Value).Match(days => days > 0, years => { unknown.UnionWith(years); return false; });
        });
        if (unknown.Count > 0)
            warnings.Add($"超期公开条数中有信息的期限{Calendar.CalendarTexts.Incalculable([.. unknown])}，未计入。{Calendar.CalendarTexts.WhatToAdd([.. unknown])}");

        var facts = new DraftFacts(
            year, catalogue, byColumn,
            publishedThisYear.Count(i => i.Genre == InterpretationGenre),
            submitted.Count,
            submitted.Count(i => i.State == ItemState.Published),
            late, table2, applications, figures, review);

        warnings.Add(AnnualReportTables.DecisionSources(table2));
        if (figures is null)
            warnings.Add($"尚未填报{year}年统计数据：表三、表四、行政事业性收费和信息处理费显示为“{AnnualReportText.NotEntered}”。");
        else
        {
            var missing = new List<string>();
            if (!applications.IsEntered) missing.Add("表三");
            if (figures.Reconsideration is null) missing.Add($"表四{AnnualReportText.Reconsideration}");
            if (figures.LitigationDirect is null) missing.Add($"表四{AnnualReportText.LitigationDirect}");
            if (figures.LitigationAfterReconsideration is null) missing.Add($"表四{AnnualReportText.LitigationAfterReconsideration}");
            if (figures.AdministrativeFeesTenThousandYuan is null) missing.Add(AnnualReportText.AdministrativeFees);
            if (figures.ProcessingFeeNotices is null || figures.ProcessingFeeYuan is null) missing.Add("信息处理费");
            if (missing.Count > 0)
                warnings.Add($"{year}年以下数据没有填报，报告中显示为“{AnnualReportText.NotEntered}”：{string.Join("、", missing)}。");
            // The previous report may have been corrected after this year's figures were saved.
            foreach (var mismatch in AnnualReportFiguresValidator.CarriedOverMismatches(figures, previousYear))
                warnings.Add(mismatch);
        }

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
            Reconsideration = figures?.Reconsideration,
            LitigationDirect = figures?.LitigationDirect,
            LitigationAfterReconsideration = figures?.LitigationAfterReconsideration,
            ProblemsAndImprovements = Section(AnnualReportText.Section5, texts.ProblemsAndImprovements, AnnualReportDrafts.Problems),
            OtherMatters = Section(AnnualReportText.Section6, texts.OtherMatters, AnnualReportDrafts.OtherMatters),
            Warnings = warnings,
            GeneratedAt = generatedAt,
        };
    }
}
