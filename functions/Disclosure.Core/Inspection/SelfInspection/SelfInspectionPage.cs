using System.Globalization;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// The self-inspection report's template model: every sentence's figures and every table and chart, worked out from
/// the report; the template holds the markup and the fixed wording around them. A part with nothing to show is null.
/// </summary>
/// <param name="GeneratedAt">ISO 8601 with offset, for <c>time datetime</c>.</param>
/// <param name="GeneratedAtText">Beijing time as people read it.</param>
internal sealed record SelfInspectionPage(
    string Title, string GeneratedAt, string GeneratedAtText, RiskSummaryView? Risks, FreshnessView Freshness, LinkCheckView Links,
    TimelinessView Timeliness, PipelineView Pipeline, HtmlTableView? OverdueObligations, HtmlTableView? OpenApplications, SvgChartView MonthlyChart, HtmlTableView MonthlyTable)
{
    public static readonly Type[] ViewTypes =
    [
        typeof(SelfInspectionPage), typeof(RiskSummaryView), typeof(FreshnessView), typeof(LinkCheckView), typeof(TimelinessView),
        typeof(PipelineView), typeof(PipelineListView), typeof(SvgChartView), typeof(SvgLineView), typeof(SvgShapeView),
    ];

    public static SelfInspectionPage From(SelfInspectionReport r)
    {
        var columns = MonthlyColumns(r);
        return new(
            Title: $"{r.Agency}{SelfInspectionText.Title}（{SelfInspectionText.Date(r.Date)}）",
            GeneratedAt: r.GeneratedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            GeneratedAtText: r.GeneratedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            Risks: RisksOf(r),
            Freshness: FreshnessOf(r),
            Links: LinksOf(r),
            Timeliness: TimelinessOf(r.Timeliness),
            Pipeline: PipelineOf(r.Pipeline) with
            {
                ReviewStatement = r.Review?.Statement,
                AutomatedPublication = r.AutomatedPublication.Count == 0 ? null : HtmlTableView.Simple("经管理员准许仅经自动检查后发布的栏目",
                    ["栏目", "设置人", "设置日期", "理由"],
                    r.AutomatedPublication.Select(a => Row(HtmlCellView.RowHeader(a.Column), Text(a.SetBy), Text(SelfInspectionText.Date(a.SetOn)), Text(a.Reason)))),
            },
            OverdueObligations: r.OverdueObligations.Count == 0 ? null : HtmlTableView.Simple("按责任处室列出的逾期事项",
                ["责任处室", "栏目或阶段", "事项", "期限", "逾期工作日"],
                r.OverdueObligations.SelectMany(d => d.Overdue.Select(o => Row(Text(d.Name), Text(o.Context), Text(o.Title),
                    Text(SelfInspectionText.Date(o.DueOn)), HtmlCellView.Number(o.WorkingDaysOverdue))))),
            OpenApplications: r.OpenApplications.Count == 0 ? null : HtmlTableView.Simple(
                $"办理中的政府信息公开申请（共{r.OpenApplications.Count}件，逾期{r.OpenApplications.Count(a => a.IsOverdue)}件）",
                ["申请", "承办处室", "答复期限", "逾期工作日", "剩余工作日"],
                r.OpenApplications.Select(a => Row(Text(a.Title), Text(a.Department), Text(SelfInspectionText.Date(a.DueOn)),
                    HtmlCellView.Number(a.WorkingDaysOverdue), HtmlCellView.Number(a.WorkingDaysLeft)))),
            MonthlyChart: SelfInspectionCharts.Monthly(r.PublishedPerMonth, columns),
            MonthlyTable: HtmlTableView.Simple("各栏目每月发布量", ["月份", .. columns.Select(c => c.Value), "合计"],
                r.PublishedPerMonth.Select(m => Row([HtmlCellView.RowHeader(m.Month),
                    .. columns.Select(c => HtmlCellView.Number(m.ByColumn.GetValueOrDefault(c.Key))), HtmlCellView.Number(m.Total)]))));
    }

    private static RiskSummaryView? RisksOf(SelfInspectionReport r) => r.Risks.Count == 0 ? null : new RiskSummaryView(
        r.VetoRisks, r.Risks.Count(x => x.Level == RiskLevel.Deduction), r.Risks.Count(x => x.Level == RiskLevel.Notice),
        HtmlTableView.Simple("风险清单", ["等级", "指标", "情况"], r.Risks.Select(risk => new HtmlRowView(
            [Text(SelfInspectionText.Level(risk.Level)), Text(risk.Indicator), Text(risk.Description)],
            risk.Level.ToString().ToLowerInvariant()))));

    private static FreshnessView FreshnessOf(SelfInspectionReport r) => new(
        r.HomePage.LatestPublication is { } latest ? $"{SelfInspectionText.Date(latest)}（{r.HomePage.DaysSinceLatest}天前）" : "无",
        r.HomePage.IsStale,
        HtmlTableView.Simple("栏目更新情况", ["栏目", "考核要求", "已公开信息", "最近发布", "距今天数", "结论"], r.Columns.Select(c => Row(
            HtmlCellView.RowHeader(c.Name), Text(SelfInspectionText.Rule(c.Rule)), HtmlCellView.Number(c.PublicItems),
            Text(c.LatestPublication is { } d ? SelfInspectionText.Date(d) : "—"),
            HtmlCellView.Number(c.DaysSinceLatest?.ToString(CultureInfo.InvariantCulture) ?? "—"),
            c.IsBlank ? HtmlCellView.Verdict("空白栏目", "bad") : c.IsStale ? HtmlCellView.Verdict("未按时更新", "bad") : HtmlCellView.Verdict("正常", "ok")))));

    private static LinkCheckView LinksOf(SelfInspectionReport r) => new(r.PagesChecked, r.LinksChecked, r.BrokenLinks.Count,
        r.BrokenLinks.Count == 0 ? null : HtmlTableView.Simple("无法访问的链接", ["所在页面", "链接", "类型"],
            r.BrokenLinks.Select(b => Row(Text("/" + b.Page), Text(b.Href), Text(b.IsAttachment ? "附件" : "页面")))),
        r.LinksToRetiredItems.Count,
        r.LinksToRetiredItems.Count == 0 ? null : HtmlTableView.Simple("链接到已撤回、废止或失效信息的页面", ["所在页面", "被链接的信息", "状态"],
            r.LinksToRetiredItems.Select(x => Row(Text("/" + x.Page), Text(x.Title), Text(x.Status)))));

    private static TimelinessView TimelinessOf(TimelinessSummary t) => new(
        From: SelfInspectionText.Date(t.From),
        To: SelfInspectionText.Date(t.To),
        Published: t.Overall.Published,
        OnTime: t.Overall.OnTime,
        Percent: SelfInspectionText.Percent(t.Overall.OnTimePercent),
        YearsWithoutCalendar: t.YearsWithoutCalendar.Count == 0 ? null : string.Join("、", t.YearsWithoutCalendar),
        Chart: SelfInspectionCharts.Bars("timeliness-chart", "成文日期至发布日期的工作日分布", "横轴为工作日区间，纵轴为信息条数；超过20个工作日为逾期。",
            t.Distribution.Select(b => (b.Label + "个工作日", b.Items,
                b.From > SelfInspectionAnalysis.TimelyWorkingDays ? SelfInspectionCharts.Palette[1] : SelfInspectionCharts.Palette[0])).ToList()),
        Distribution: HtmlTableView.Simple("公开时效分布", ["工作日", "信息条数"],
            t.Distribution.Select(b => Row(HtmlCellView.RowHeader(b.Label), HtmlCellView.Number(b.Items)))),
        ByColumn: RateTable("按栏目统计的按时公开率", "栏目", t.ByColumn),
        ByDepartment: RateTable("按责任处室统计的按时公开率", "责任处室", t.ByDepartment),
        LateItems: t.LateItems.Count == 0 ? null : HtmlTableView.Simple("逾期公开的信息", ["名称", "栏目", "责任处室", "成文日期", "发布日期", "工作日"],
            t.LateItems.Select(x => Row(Text(x.Title), Text(x.Column), Text(x.Department), Text(SelfInspectionText.Date(x.FormedOn)),
                Text(SelfInspectionText.Date(x.PublishedOn)), HtmlCellView.Number(x.WorkingDays)))));

    private static HtmlTableView? RateTable(string caption, string what, IReadOnlyList<TimelinessRate> rates) => rates.Count == 0 ? null
        : HtmlTableView.Simple(caption, [what, "公开条数", "按时", "逾期", "按时公开率"], rates.Select(x => Row(HtmlCellView.RowHeader(x.Name),
            HtmlCellView.Number(x.Published), HtmlCellView.Number(x.OnTime), HtmlCellView.Number(x.Late),
            HtmlCellView.Number(SelfInspectionText.Percent(x.OnTimePercent)))));

    private static PipelineView PipelineOf(ReviewPipeline p) => new(
        Lists: [PipelineList("待审核时间过长的信息", p.WaitingForReview), PipelineList("停留在自动处理环节或处理失败的信息", p.Stuck)],
        PoisonMessages: p.PoisonQueues.Sum(q => q.Messages),
        PoisonQueues: p.PoisonQueues.Count == 0 ? null : string.Join("；", p.PoisonQueues.Select(q => $"{q.Queue}：{q.Messages}")),
        Returned: p.ReturnedByDepartment.Sum(d => d.Count),
        ReturnedByDepartment: p.ReturnedByDepartment.Count == 0 ? null : string.Join("；", p.ReturnedByDepartment.Select(d => $"{d.Name}：{d.Count}")),
        FindingsChart: p.FindingsByRule.Count == 0 ? null : SelfInspectionCharts.Bars("findings-chart", "审核发现按规则统计", "横轴为规则，纵轴为发现条数。",
            p.FindingsByRule.Select(f => (Compliance.RuleNames.Of(f.RuleId), f.Findings, SelfInspectionCharts.Palette[3])).ToList()),
        Findings: p.FindingsByRule.Count == 0 ? null : HtmlTableView.Simple("审核发现按规则统计", ["规则", "发现条数"],
            p.FindingsByRule.Select(f => Row(HtmlCellView.RowHeader(Compliance.RuleNames.Of(f.RuleId)), HtmlCellView.Number(f.Findings)))));

    private static PipelineListView PipelineList(string caption, IReadOnlyList<PipelineItem> items) => new(caption,
        items.Count == 0 ? null : HtmlTableView.Simple(caption, ["名称", "责任处室", "状态", "已等待"],
            items.Select(x => Row(Text(x.Title), Text(x.Department), Text(x.State), Text(x.Waiting)))));

    /// <summary>The columns that published anything in the window: a column of zeros would only widen the table.</summary>
    private static List<KeyValuePair<string, string>> MonthlyColumns(SelfInspectionReport r) =>
        r.ColumnNames.Where(c => r.PublishedPerMonth.Any(m => m.ByColumn.GetValueOrDefault(c.Key) > 0)).ToList();

    private static HtmlRowView Row(params HtmlCellView[] cells) => new(cells);

    private static HtmlCellView Text(string text) => HtmlCellView.Data(text);
}

internal sealed record RiskSummaryView(int Veto, int Deductions, int Notices, HtmlTableView Table);

/// <param name="HomePageLatest">The home page's latest publication and how long ago, or 无.</param>
internal sealed record FreshnessView(string HomePageLatest, bool HomePageIsStale, HtmlTableView Columns);

internal sealed record LinkCheckView(int PagesChecked, int LinksChecked, int BrokenCount, HtmlTableView? Broken, int RetiredCount, HtmlTableView? Retired);

internal sealed record TimelinessView(
    string From, string To, int Published, int OnTime, string Percent, string? YearsWithoutCalendar, SvgChartView Chart,
    HtmlTableView Distribution, HtmlTableView? ByColumn, HtmlTableView? ByDepartment, HtmlTableView? LateItems);

/// <param name="Lists">Waiting too long for review, then stuck in an automatic step.</param>
/// <param name="PoisonQueues">Each poison queue and its count, when there are any.</param>
internal sealed record PipelineView(
    IReadOnlyList<PipelineListView> Lists, int PoisonMessages, string? PoisonQueues, int Returned, string? ReturnedByDepartment,
    SvgChartView? FindingsChart, HtmlTableView? Findings)
{
    /// <summary>条例第十七条: the review statement computed from the audit trail, or null when it could not be read.</summary>
    public string? ReviewStatement { get; init; }
    /// <summary>Columns allowed to publish after the automated check alone, with who, when and why; null when there are none.</summary>
    public HtmlTableView? AutomatedPublication { get; init; }

    /// <summary>The sentence printed instead of the findings' chart and table when there are none.</summary>
    public string NoFindings => SelfInspectionText.NoFindings;
}

/// <summary>A list of items in the pipeline: its table, or "caption：无。" when it is empty.</summary>
internal sealed record PipelineListView(string Caption, HtmlTableView? Table);
