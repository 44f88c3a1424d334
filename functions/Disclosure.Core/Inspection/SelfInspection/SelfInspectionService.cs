using System.Globalization;
using System.Text;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Lists;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.Templating;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>What one run produced: the report, where its files are, and whether the leadership group was told.</summary>
public sealed record SelfInspectionRun(SelfInspectionReport Report, IReadOnlyList<string> Files, bool Notified)
{
    public DateOnly Date => Report.Date;
    public string DateText => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Inspects the system the way an inspector would (the plan's 定期检查和评估): reads the record, the published site and
/// the work queues, writes the report's HTML, JSON and CSV for the day, and sends the leadership group a summary.
/// At-least-once safe: a second run on the same day replaces the day's files with a fresh reading, and the summary's
/// id is the day, so the outbox accepts it once.
/// </summary>
public sealed class SelfInspectionService(
    IReportItemSource items,
    ISiteSnapshot site,
    IPoisonQueueCounter poison,
    IReviewFindingSource findings,
    ObligationService obligations,
    PlanService plans,
    INotifier notifier,
    ISelfInspectionStore store,
    CatalogueSettings catalogue,
    WorkingDayCalendar calendar,
    SelfInspectionOptions options,
    TimeProvider time,
    ReviewRecord? reviews = null)
{
    public async Task<SelfInspectionRun> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var analysis = new SelfInspectionAnalysis(catalogue, calendar, options);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-(Math.Max(1, options.WindowMonths) - 1));

        // The item record is the report's backbone: without it there is no report. Every other source is one part of
        // it; a part that cannot be read is named in the report instead of costing the leadership the whole month's check.
        var incomplete = new List<string>();
        async Task<T> Part<T>(string part, Func<Task<T>> read, T fallback)
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                incomplete.Add(SelfInspectionText.PartFailed(part, e.Message));
                return fallback;
            }
        }

        var inputs = new SelfInspectionInputs
        {
            Now = now,
            Items = await items.ListAllItemsAsync(ct).ConfigureAwait(false),
            Site = await Part(SelfInspectionText.LinksIndicator, () => SiteLinks.CheckAsync(site, catalogue.Agency.SiteBaseUrl, ct), new SiteLinkReport(0, 0, [], [])),
            PoisonQueues = await Part<IReadOnlyList<PoisonQueueCount>>(SelfInspectionText.PoisonPart, () => poison.CountAsync(ct), []),
            Findings = await Part<IReadOnlyList<FindingCount>>(SelfInspectionText.FindingsPart, () => findings.CountByRuleAsync(from, today, ct), []),
            Obligations = await Part<IReadOnlyList<Obligation>>(SelfInspectionText.ObligationsIndicator,
                async () => (await obligations.GetAsync(null, ct).ConfigureAwait(false)).Obligations, []),
            PlannedYears = await Part<IReadOnlySet<int>?>(SelfInspectionText.PlanIndicator, async () =>
            {
                var years = new HashSet<int>();
                foreach (var year in new[] { today.Year, today.Year + 1 })
                    if (await plans.GetPlanAsync(year, ct).ConfigureAwait(false) is not null) years.Add(year);
                return years;
            }, null),
            Review = reviews is null ? null
                : await Part<ReviewStatement?>(SelfInspectionText.PipelineIndicator, async () => await reviews.StatementAsync(from, today, ct).ConfigureAwait(false), null),
            Incomplete = incomplete,
        };
        var report = analysis.Analyse(inputs);
        var files = SelfInspectionFiles.Write(report);
        await store.SaveAsync(report.Date, files, ct).ConfigureAwait(false);

        var notified = false;
        if (await plans.GetPlanInForceAsync(today, ct).ConfigureAwait(false) is { } plan)
            notified = await notifier.SendAsync(Summary(report, plan.LeadershipGroup), ct).ConfigureAwait(false);
        return new SelfInspectionRun(report, files.Select(f => Location(report.Date, f.Name)).ToList(), notified);
    }

    public Task<ReportFile?> GetFileAsync(DateOnly date, string fileName, CancellationToken ct = default)
        => SelfInspectionFiles.Names.Contains(fileName) ? store.GetAsync(date, fileName, ct) : Task.FromResult<ReportFile?>(null);

    /// <summary>One page of the stored reports, newest first, with where each file is read from and the links to the first and the next page (the admin area's list).</summary>
    public async Task<InspectionListModel> ListPageAsync(InspectionListRequest request, CancellationToken ct = default)
    {
        var page = await store.ListDatesPageAsync(request.PageSize, request.After, ct).ConfigureAwait(false);
        return new InspectionListModel(page.Dates.Select(Row).ToList())
        {
            Paging = ListPaging.For(InspectionListRequest.Path, request.After is { } after ? InspectionListRequest.Day(after) : null,
                page.Next is { } next ? InspectionListRequest.Day(next) : null, request.QueryString),
        };
    }

    private static InspectionListRow Row(DateOnly d) => new(
        InspectionListRequest.Day(d), SelfInspectionText.Date(d),
        Location(d, SelfInspectionFiles.Html), Location(d, SelfInspectionFiles.Json), Location(d, SelfInspectionFiles.Csv));

    /// <summary>The API path a stored file is read from.</summary>
    public static string Location(DateOnly date, string fileName)
        => string.Create(CultureInfo.InvariantCulture, $"/api/inspections/{date:yyyy-MM-dd}/{fileName}");

    private const string SummaryTemplate = "Inspection/SelfInspection/Templates/leadership-summary";
    // Encoded as the other e-mails are (NotificationBuilder): the summary is one of them.
    private static readonly EmbeddedTemplates SummaryTemplates = new(TemplateEncoders.Html, [typeof(LeadershipSummaryMail)]);

    /// <summary>The leadership group's short summary: the counts, the 单项否决 risks and where the full report is.</summary>
    public Notification Summary(SelfInspectionReport report, LeadershipGroup group)
    {
        var link = options.AdminBaseUrl.TrimEnd('/') + Location(report.Date, SelfInspectionFiles.Html);
        var subject = SelfInspectionText.SummarySubject(report.Date, report.VetoRisks);
        var lines = new List<string>
        {
            $"{group.Name}：",
            $"{report.Agency}{SelfInspectionText.Date(report.Date)}政府信息公开自查结果：单项否决风险{report.VetoRisks}项，扣分项{report.Risks.Count(r => r.Level == RiskLevel.Deduction)}项，提示{report.Risks.Count(r => r.Level == RiskLevel.Notice)}项；"
            + $"主动公开按时公开率{SelfInspectionText.Percent(report.Timeliness.Overall.OnTimePercent)}，无法访问的链接{report.BrokenLinks.Count}个。",
        };
        var top = report.Risks.Where(r => r.Level != RiskLevel.Notice).Take(8).Select(r => $"【{SelfInspectionText.Level(r.Level)}】{r.Description}").ToList();
        var footer = $"完整报告：{link}（本通知由系统自动发送）";

        var text = new StringBuilder();
        foreach (var l in lines) text.Append(l).Append('\n');
        foreach (var t in top) text.Append("- ").Append(t).Append('\n');
        text.Append(footer).Append('\n');

        var markdown = new StringBuilder("### ").Append(subject).Append("\n\n");
        // Risk descriptions carry item and column names: escaped as every other robot message is, so a title cannot start markup.
        foreach (var l in lines) markdown.Append(NotificationBuilder.MarkdownEscape(l)).Append("\n\n");
        foreach (var t in top) markdown.Append("- ").Append(NotificationBuilder.MarkdownEscape(t)).Append('\n');
        markdown.Append('\n').Append(footer).Append('\n');

        return new Notification
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"self-inspection-{report.Date:yyyyMMdd}"),
            RecipientCode = LeadershipGroup.RecipientCode,
            RecipientName = group.Name,
            Channels = group.Channels,
            Subject = subject,
            Text = text.ToString(),
            Html = SummaryTemplates.Render(SummaryTemplate, new LeadershipSummaryMail(lines, top, link)),
            Markdown = markdown.ToString(),
        };
    }
}

/// <summary>The leadership summary's HTML template model.</summary>
/// <param name="Paragraphs">The greeting and the counts.</param>
/// <param name="Risks">The 单项否决 and 扣分 risks, at most eight.</param>
/// <param name="ReportUrl">Where the full report is read.</param>
internal sealed record LeadershipSummaryMail(IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Risks, string ReportUrl);
