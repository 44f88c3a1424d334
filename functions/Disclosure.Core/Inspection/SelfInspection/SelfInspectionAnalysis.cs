using Disclosure.Deadlines;
using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Plan;
using Disclosure.Publishing;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>Everything one inspection looks at, already read from storage.</summary>
public sealed record SelfInspectionInputs
{
    public required DateTimeOffset Now { get; init; }
    /// <summary>Every version of every item.</summary>
    public required IReadOnlyList<DisclosureItem> Items { get; init; }
    public required SiteLinkReport Site { get; init; }
    public IReadOnlyList<PoisonQueueCount> PoisonQueues { get; init; } = [];
    public IReadOnlyList<FindingCount> Findings { get; init; } = [];
    public IReadOnlyList<Obligation> Obligations { get; init; } = [];
    /// <summary>Which of this year and the next have an annual plan loaded; null when that could not be read.</summary>
    public IReadOnlySet<int>? PlannedYears { get; init; }
    /// <summary>Parts that could not be read this time, in words for the report.</summary>
    public IReadOnlyList<string> Incomplete { get; init; } = [];
    /// <summary>The audit trail's account of the window's publications (条例第十七条); null when it could not be read.</summary>
    public ReviewStatement? Review { get; init; }
}

/// <summary>
/// Inspects the record the way an inspector inspects the site (国办秘函〔2019〕19号 indicators, Regulation Art. 26):
/// pure computation over items, links and counts, so every figure can be checked by a unit test with known data.
/// </summary>
public sealed class SelfInspectionAnalysis(CatalogueSettings catalogue, WorkingDayCalendar calendar, SelfInspectionOptions options)
{
    /// <summary>Art. 26: 20 working days from 成文日期.</summary>
    public const int TimelyWorkingDays = 20;

    private static readonly (string Label, int From, int? To)[] Bands =
        [("0–5", 0, 5), ("6–10", 6, 10), ("11–15", 11, 15), ("16–20", 16, 20), ("21–40", 21, 40), ("40以上", 41, null)];

    public SelfInspectionReport Analyse(SelfInspectionInputs inputs)
    {
        var today = ChinaTime.DateOf(inputs.Now);
        var items = CurrentItems(inputs.Items, today);
        var windowStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-(Math.Max(1, options.WindowMonths) - 1));

        var home = HomePage(items, today);
        var columns = Columns(items, today);
        var timeliness = Timeliness(inputs.Items, windowStart, today);
        var pipeline = Pipeline(items, inputs, today);
        // Open applications come with the obligations (their reply dates); they are reported on their own, not as plan items.
        var obligations = Overdue(inputs.Obligations.Where(o => o.RuleOrTaskId != Applications.ApplicationObligations.RuleId).ToList());
        var applications = OpenApplications(inputs.Obligations);
        var retired = LinksToRetired(items, inputs.Site.Links, today);
        var monthly = PerMonth(items, windowStart, today);

        var risks = Risks(home, columns, inputs.Site, retired, timeliness, pipeline, obligations);
        if (applications.Count(a => a.IsOverdue) is var overdue and > 0)
            risks.Add(new(RiskLevel.Deduction, SelfInspectionText.ApplicationsIndicator,
                SelfInspectionText.ApplicationsOverdue(overdue, applications.Max(a => a.WorkingDaysOverdue))));
        risks.AddRange(LapsedButStatedInForce(items, today));
        risks.AddRange(SiteIdentifierGaps());
        risks.AddRange(YearDataGaps(today, inputs.PlannedYears));
        risks.AddRange(ReviewRisks(inputs.Review));
        risks.AddRange(inputs.Incomplete.Select(text => new InspectionRisk(RiskLevel.Notice, SelfInspectionText.IncompleteIndicator, text)));
        return new SelfInspectionReport
        {
            Date = today,
            GeneratedAt = inputs.Now,
            Agency = catalogue.Agency.Name,
            Risks = risks,
            HomePage = home,
            Columns = columns,
            PagesChecked = inputs.Site.PagesChecked,
            LinksChecked = inputs.Site.LinksChecked,
            BrokenLinks = inputs.Site.Broken,
            LinksToRetiredItems = retired,
            Timeliness = timeliness,
            Pipeline = pipeline,
            OverdueObligations = obligations,
            OpenApplications = applications,
            ColumnNames = catalogue.Columns.Select(c => new KeyValuePair<string, string>(c.Code, c.Name)).ToList(),
            PublishedPerMonth = monthly,
            Incomplete = inputs.Incomplete,
            Review = inputs.Review is { } review ? new ReviewSummary(review.Text(SelfInspectionText.Period(review.From, review.To)),
                review.Published, review.SignedByPeople, review.AutomatedOnlyCount, review.NotFullyReviewed) : null,
            AutomatedPublication = AutomatedPublicationColumns(),
        };
    }

    /// <summary>Every column an administrator let publish after the automated check alone, with who, when and why.</summary>
    private List<AutomatedPublicationColumn> AutomatedPublicationColumns() => catalogue.Columns
        .Where(c => c.AutomatedPublication is not null)
        .Select(c => new AutomatedPublicationColumn(c.Name, c.AutomatedPublication!.SetBy, c.AutomatedPublication.SetOn, c.AutomatedPublication.Reason))
        .ToList();

    /// <summary>
    /// 条例第十七条 (nothing unreviewed is published): a publication without every step signed by a person is a deduction;
    /// each column allowed to publish after the automated check alone is listed, so the exception stays in view.
    /// </summary>
    private IEnumerable<InspectionRisk> ReviewRisks(ReviewStatement? review)
    {
        if (review is { NotFullyReviewed: > 0 })
            yield return new(RiskLevel.Deduction, SelfInspectionText.PipelineIndicator, SelfInspectionText.NotReviewed(review.NotFullyReviewed));
        foreach (var c in AutomatedPublicationColumns())
            yield return new(RiskLevel.Notice, SelfInspectionText.PipelineIndicator, SelfInspectionText.AutomatedPublication(c));
    }

    /// <summary>
    /// Data each year needs before it starts. Working days (reminders, 20-working-day timeliness, the annual report) need
    /// the State Council's holiday notice, published late in the year before: without it every weekday counts as a
    /// working day. Reminders need the year's annual plan: without it no department is reminded of anything. Said from
    /// December on for the coming year (a notice), and as a deduction while the current year runs without it.
    /// </summary>
    private IEnumerable<InspectionRisk> YearDataGaps(DateOnly today, IReadOnlySet<int>? plannedYears)
    {
        var years = today.Month == 12 ? new[] { today.Year, today.Year + 1 } : [today.Year];
        foreach (var year in years)
        {
            var level = year == today.Year ? RiskLevel.Deduction : RiskLevel.Notice;
            if (!calendar.HasDataFor(year))
                yield return new InspectionRisk(level, SelfInspectionText.CalendarIndicator,
                    string.Format(CultureInfo.InvariantCulture, SelfInspectionText.CalendarMissingFormat, year));
            if (plannedYears is not null && !plannedYears.Contains(year))
                yield return new InspectionRisk(level, SelfInspectionText.PlanIndicator,
                    string.Format(CultureInfo.InvariantCulture, SelfInspectionText.PlanMissingFormat, year));
        }
    }

    /// <summary>
    /// An item as it stands: its latest version, and the version the public sees (null when nothing is public).
    /// <see cref="PeriodEnded"/>: its 公开时限 ended, so the portal shows only a notice; it still counts as published.
    /// </summary>
    internal sealed record CurrentItem(DisclosureItem Latest, DisclosureItem? Public, bool PeriodEnded = false)
    {
        public string Id => Latest.Id;
        /// <summary>The version listed on the portal today: home page and column freshness count only these.</summary>
        public DisclosureItem? OnSite => PeriodEnded ? null : Public;
    }

    private static List<CurrentItem> CurrentItems(IReadOnlyList<DisclosureItem> versions, DateOnly today) =>
        versions.GroupBy(v => v.Id).Select(g =>
        {
            var latest = g.MaxBy(v => v.Version)!;
            DisclosureItem? shown = null;
            if (latest.State != ItemState.Withdrawn && latest.Attribute == DisclosureAttribute.Proactive)
            {
                shown = latest.PublishedVersion is { } pv ? g.FirstOrDefault(v => v.Version == pv) ?? latest
                    : latest.State == ItemState.Published ? latest : null;
                if (shown is { PublishedOn: null }) shown = shown with { PublishedOn = latest.PublishedOn };
                if (shown is { PublishedOn: null }) shown = null;
            }
            return new CurrentItem(latest, shown, shown is not null && PublicationService.PublicPeriodEnded(shown, today));
        }).ToList();

    private HomePageFreshness HomePage(List<CurrentItem> items, DateOnly today)
    {
        var latest = items.Where(i => i.OnSite is not null).Select(i => i.OnSite!.PublishedOn!.Value).DefaultIfEmpty().Max();
        if (latest == default) return new HomePageFreshness(null, null, true);
        var days = today.DayNumber - latest.DayNumber;
        return new HomePageFreshness(latest, days, days > options.HomeMaxDays);
    }

    private List<ColumnFreshness> Columns(List<CurrentItem> items, DateOnly today)
    {
        var result = new List<ColumnFreshness>();
        foreach (var column in catalogue.Columns)
        {
            var shown = items.Where(i => i.OnSite?.ColumnCode == column.Code).Select(i => i.OnSite!).ToList();
            var rule = options.IsNewsColumn(column.Code) ? FreshnessRule.News
                : options.IsNoticeOrPolicyColumn(column.Code) ? FreshnessRule.NoticeOrPolicy
                : FreshnessRule.None;
            DateOnly? latest = shown.Count == 0 ? null : shown.Max(i => i.PublishedOn!.Value);
            int? days = latest is { } l ? today.DayNumber - l.DayNumber : null;
            var stale = rule switch
            {
                FreshnessRule.News => latest is null || days > options.NewsMaxDays,
                FreshnessRule.NoticeOrPolicy => latest is null || latest.Value.AddMonths(options.NoticeMaxMonths) < today,
                _ => false,
            };
            result.Add(new ColumnFreshness(column.Code, column.Name, column.ResponsibleDepartment, rule, shown.Count, latest, days, shown.Count == 0, stale));
        }
        return result;
    }

    private TimelinessSummary Timeliness(IReadOnlyList<DisclosureItem> versions, DateOnly from, DateOnly to)
    {
        // Each item counts once, at its first publication: a correction published later is not a late disclosure.
        var firstPublished = versions.Where(v => v.PublishedOn is not null).GroupBy(v => v.Id)
            .ToDictionary(g => g.Key, g => g.Min(v => v.PublishedOn!.Value), StringComparer.Ordinal);
        var deadlines = new ItemDeadlines(catalogue, calendar);
        var unknownYears = new SortedSet<int>();
        var published = versions.Where(v => v.PublishedOn is { } p && p >= from && p <= to && v.Attribute == DisclosureAttribute.Proactive)
            .GroupBy(v => v.Id)
            .Select(g => g.OrderBy(v => v.PublishedOn).ThenBy(v => v.Version).First())
            .Select(v => Measure(v))
            .OfType<(DisclosureItem Item, int Days, bool Late)>()
            .ToList();

        // On time is what the item's own deadline says (条例第二十六条, 预算法第十四条, 双公示 …: Deadlines); the days shown are
        // working days from the day that deadline counts from. An item needing a year without a calendar is left out and
        // that year is reported, never guessed.
        (DisclosureItem Item, int Days, bool Late)? Measure(DisclosureItem v)
        {
            var related = v.Relation == Relation.Interprets && v.RelatedItemId is { } r && firstPublished.TryGetValue(r, out var d) ? d : (DateOnly?)null;
            if (deadlines.For(v, related) is not { } deadline) return (v, 0, false);
            var on = v.PublishedOn!.Value;
            var days = calendar.WorkingDaysBetween(deadline.StartOn, on);
            var late = deadlines.DaysLate(deadline, on);
            if (days.TryGetValue(out var n, out var missingDays) && late.TryGetValue(out var l, out var missingLate)) return (v, n, l > 0);
            unknownYears.UnionWith(missingDays);
            unknownYears.UnionWith(late.Match(_ => [], y => y));
            return null;
        }

        TimelinessRate Rate(string code, string name, IEnumerable<(DisclosureItem Item, int Days, bool Late)> set)
        {
            var list = set.ToList();
            return new TimelinessRate(code, name, list.Count, list.Count(x => !x.Late));
        }

        var byColumn = catalogue.Columns.Select(c => Rate(c.Code, c.Name, published.Where(p => p.Item.ColumnCode == c.Code)))
            .Where(r => r.Published > 0).ToList();
        var byDepartment = published.GroupBy(p => p.Item.DepartmentCode)
            .Select(g => Rate(g.Key, DepartmentName(g.Key), g))
            .OrderBy(r => r.OnTimePercent).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var bands = Bands.Select(b => new TimelinessBand(b.Label, b.From, b.To, published.Count(p => p.Days >= b.From && (b.To is null || p.Days <= b.To)))).ToList();
        var late = published.Where(p => p.Late)
            .OrderByDescending(p => p.Days).ThenBy(p => p.Item.Id, StringComparer.Ordinal)
            .Select(p => new LateItem(p.Item.Id, p.Item.Title, ColumnName(p.Item.ColumnCode), DepartmentName(p.Item.DepartmentCode), p.Item.FormedOn, p.Item.PublishedOn!.Value, p.Days))
            .ToList();
        var missing = (published.Count == 0 ? [] : calendar.YearsWithoutData(published.Min(p => p.Item.FormedOn), to))
            .Union(unknownYears).Order().ToList();
        return new TimelinessSummary(from, to, Rate("all", SelfInspectionText.AllItems, published), byColumn, byDepartment, bands, late, missing);
    }

    private ReviewPipeline Pipeline(List<CurrentItem> items, SelfInspectionInputs inputs, DateOnly today)
    {
        var waiting = new List<PipelineItem>();
        var stuck = new List<PipelineItem>();
        foreach (var latest in items.Select(i => i.Latest).OrderBy(i => Since(i)).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            var since = Since(latest);
            switch (latest.State)
            {
                case ItemState.AwaitingReview:
                    // Unknown (a year without a calendar) is not "waiting too long": the calendar gap is reported on its own (YearDataGaps).
                    var days = calendar.WorkingDaysBetween(ChinaTime.DateOf(since), today).Match(n => n, _ => 0);
                    if (days > options.ReviewWaitWorkingDays)
                        waiting.Add(Entry(latest, since, string.Format(CultureInfo.InvariantCulture, SelfInspectionText.WorkingDaysFormat, days)));
                    break;
                case ItemState.Submitted or ItemState.Checking or ItemState.ReadyToPublish:
                    var hours = (inputs.Now - since).TotalHours;
                    if (hours > options.StuckHours)
                        stuck.Add(Entry(latest, since, string.Format(CultureInfo.InvariantCulture, SelfInspectionText.HoursFormat, (int)hours)));
                    break;
                case ItemState.CheckFailed or ItemState.PublishFailed:
                    stuck.Add(Entry(latest, since, SelfInspectionText.NeedsPerson));
                    break;
            }
        }
        var returned = items.Where(i => i.Latest.State == ItemState.Returned)
            .GroupBy(i => i.Latest.DepartmentCode)
            .Select(g => new DepartmentCount(g.Key, DepartmentName(g.Key), g.Count()))
            .OrderByDescending(d => d.Count).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        return new ReviewPipeline(waiting, stuck,
            inputs.PoisonQueues.OrderBy(q => q.Queue, StringComparer.Ordinal).ToList(),
            returned,
            inputs.Findings.OrderByDescending(f => f.Findings).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList());
    }

    private static DateTimeOffset Since(DisclosureItem item) => item.UpdatedAt > item.SubmittedAt ? item.UpdatedAt : item.SubmittedAt;

    private PipelineItem Entry(DisclosureItem item, DateTimeOffset since, string waiting)
        => new(item.Id, item.Title, DepartmentName(item.DepartmentCode), item.State.ToChinese(), since, waiting);

    private List<OpenApplication> OpenApplications(IReadOnlyList<Obligation> obligations) =>
        obligations.Where(o => o.RuleOrTaskId == Applications.ApplicationObligations.RuleId)
            .OrderByDescending(o => o.State == ObligationState.Overdue).ThenBy(o => o.DueOn)
            .Select(o => new OpenApplication(o.Title, DepartmentName(o.Department), o.DueOn, o.State == ObligationState.Overdue, o.WorkingDaysOverdue, o.WorkingDaysLeft))
            .ToList();

    private List<DepartmentObligations> Overdue(IReadOnlyList<Obligation> obligations) =>
        obligations.Where(o => o.State == ObligationState.Overdue)
            .GroupBy(o => o.Department)
            .Select(g => new DepartmentObligations(g.Key, DepartmentName(g.Key),
                g.OrderByDescending(o => o.WorkingDaysOverdue).ThenBy(o => o.Id, StringComparer.Ordinal)
                    .Select(o => new OverdueObligation(o.Title, o.Context, o.DueOn, o.WorkingDaysOverdue)).ToList()))
            .OrderByDescending(d => d.Overdue.Count).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The 有效性 the portal shows for a public item today (<see cref="ItemValidity"/>, from the published repeal and
    /// revision instruments pointing at it and its 有效期), so that this inspection reads the same value as the public.
    /// </summary>
    private static Validity ShownValidity(List<CurrentItem> items, DisclosureItem shown, DateOnly today)
    {
        DateOnly? Earliest(Relation relation) => items
            .Where(i => i.Public is { } p && p.Relation == relation && p.RelatedItemId == shown.Id)
            .Select(i => (DateOnly?)i.Public!.FormedOn).Min();
        return ItemValidity.Derive(shown, Earliest(Relation.Repeals), Earliest(Relation.Amends), today);
    }

    /// <summary>
    /// 国办发〔2017〕47号: a document that has expired is marked as such. The portal already shows 失效 from the day after
    /// the 有效期, but the department's own statement (which the workbench and an export show) still says 有效: the
    /// responsible department is to correct it (or the 有效期, if the document was extended).
    /// </summary>
    private IEnumerable<InspectionRisk> LapsedButStatedInForce(List<CurrentItem> items, DateOnly today) =>
        items.Where(i => i.Public is { Validity: Validity.InForce } shown && ItemValidity.PastValidUntil(shown, today))
            .OrderBy(i => i.Public!.ValidUntil).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new InspectionRisk(RiskLevel.Deduction, SelfInspectionText.ValidityIndicator,
                SelfInspectionText.PastValidUntil(i.Public!.Title, i.Public.ValidUntil!.Value, DepartmentName(i.Public.DepartmentCode))));

    /// <summary>
    /// 国办发〔2017〕47号: the footer of every government site shows its 主办单位, contact details and the identifiers
    /// (党政机关网站标识, 网站标识码, ICP 备案号, 公安机关备案号). A missing one is listed here rather than left as an empty slot.
    /// </summary>
    private IEnumerable<InspectionRisk> SiteIdentifierGaps() =>
        catalogue.MissingSiteIdentifiers().Select(name =>
            new InspectionRisk(RiskLevel.Deduction, SelfInspectionText.FooterIndicator, SelfInspectionText.IdentifierMissing(name)));

    /// <summary>
    /// A withdrawn item must not be reachable from any other page. A repealed or expired document keeps its page and
    /// may be listed in the catalogue and column lists (marked with its 有效性) and linked from the instrument that
    /// repeals or amends it, or its 解读; any other page linking to it presents it as current.
    /// </summary>
    private static List<LinkToRetiredItem> LinksToRetired(List<CurrentItem> items, IReadOnlyList<SiteLink> links, DateOnly today)
    {
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var result = new List<LinkToRetiredItem>();
        var seen = new HashSet<(string, string)>();
        foreach (var link in links)
        {
            if (ItemIdOf(link.Target) is not { } id || !byId.TryGetValue(id, out var item)) continue;
            if (ItemIdOf(link.Page) == id || !seen.Add((link.Page, id))) continue;
            string? status = null;
            if (item.Latest.State == ItemState.Withdrawn) status = ItemState.Withdrawn.ToChinese();
            else if (item.Public is { } shown && ShownValidity(items, shown, today) is Validity.Repealed or Validity.Expired && !IsListing(link.Page)
                     && !AreRelated(byId, ItemIdOf(link.Page), shown))
                status = ShownValidity(items, shown, today).ToChinese();
            if (status is not null) result.Add(new LinkToRetiredItem(link.Page, id, item.Latest.Title, status));
        }
        return result;
    }

    private static bool IsListing(string page) =>
        page.StartsWith("columns/", StringComparison.Ordinal) || page.StartsWith("catalogue/", StringComparison.Ordinal)
        || page.StartsWith("search/", StringComparison.Ordinal);

    private static bool AreRelated(Dictionary<string, CurrentItem> byId, string? pageItemId, DisclosureItem target)
    {
        if (pageItemId is null) return false;
        if (target.RelatedItemId == pageItemId) return true;
        return byId.TryGetValue(pageItemId, out var page) && (page.Public ?? page.Latest).RelatedItemId == target.Id;
    }

    /// <summary>The item id of an item page path (<c>items/{id}.html</c>), or null.</summary>
    public static string? ItemIdOf(string path) =>
        path.StartsWith("items/", StringComparison.Ordinal) && path.EndsWith(".html", StringComparison.Ordinal) && path.IndexOf('/', 6) < 0
            ? path[6..^5]
            : null;

    private List<MonthlyPublications> PerMonth(List<CurrentItem> items, DateOnly from, DateOnly to)
    {
        var result = new List<MonthlyPublications>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var end = month.AddMonths(1);
            var counts = catalogue.Columns.ToDictionary(c => c.Code,
                c => items.Count(i => i.Public is { } p && p.ColumnCode == c.Code && p.PublishedOn >= month && p.PublishedOn < end));
            result.Add(new MonthlyPublications(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), counts));
        }
        return result;
    }

    private List<InspectionRisk> Risks(HomePageFreshness home, List<ColumnFreshness> columns, SiteLinkReport site,
        List<LinkToRetiredItem> retired, TimelinessSummary timeliness, ReviewPipeline pipeline, List<DepartmentObligations> obligations)
    {
        var t = new List<InspectionRisk>();
        if (home.IsStale)
            t.Add(new(RiskLevel.Veto, SelfInspectionText.HomeIndicator, home.LatestPublication is { } l
                ? SelfInspectionText.HomeStale(home.DaysSinceLatest!.Value, l, options.HomeMaxDays)
                : SelfInspectionText.HomeNeverUpdated));
        var stale = columns.Where(c => c.IsStale).ToList();
        if (stale.Count >= 5) t.Add(new(RiskLevel.Veto, SelfInspectionText.StaleIndicator, SelfInspectionText.ManyStale(stale.Count)));
        var blank = columns.Where(c => c.IsBlank).ToList();
        if (blank.Count >= 5) t.Add(new(RiskLevel.Veto, SelfInspectionText.BlankIndicator, SelfInspectionText.ManyBlank(blank.Count)));

        foreach (var c in stale.Where(c => !c.IsBlank))
            t.Add(new(RiskLevel.Deduction, SelfInspectionText.StaleIndicator, SelfInspectionText.ColumnStale(c, options)));
        foreach (var c in blank)
            t.Add(new(RiskLevel.Deduction, SelfInspectionText.BlankIndicator, SelfInspectionText.ColumnBlank(c)));
        if (site.Broken.Count > 0)
            t.Add(new(RiskLevel.Deduction, SelfInspectionText.LinksIndicator,
                SelfInspectionText.BrokenLinks(site.Broken.Count, site.Broken.Count(b => b.IsAttachment), site.Broken.Select(b => b.Page).Distinct().Count())));
        var withdrawn = retired.Count(r => r.Status == ItemState.Withdrawn.ToChinese());
        if (withdrawn > 0) t.Add(new(RiskLevel.Deduction, SelfInspectionText.RetiredIndicator, SelfInspectionText.WithdrawnLinked(withdrawn)));
        if (timeliness.LateItems.Count > 0)
            t.Add(new(RiskLevel.Deduction, SelfInspectionText.TimelinessIndicator, SelfInspectionText.Late(timeliness.LateItems.Count, timeliness.Overall)));
        var poison = pipeline.PoisonQueues.Sum(q => q.Messages);
        if (poison > 0) t.Add(new(RiskLevel.Deduction, SelfInspectionText.PipelineIndicator, SelfInspectionText.Poison(poison)));

        if (retired.Count > withdrawn) t.Add(new(RiskLevel.Notice, SelfInspectionText.RetiredIndicator, SelfInspectionText.RepealedLinked(retired.Count - withdrawn)));
        if (pipeline.WaitingForReview.Count > 0)
            t.Add(new(RiskLevel.Notice, SelfInspectionText.PipelineIndicator, SelfInspectionText.Waiting(pipeline.WaitingForReview.Count, options.ReviewWaitWorkingDays)));
        if (pipeline.Stuck.Count > 0) t.Add(new(RiskLevel.Notice, SelfInspectionText.PipelineIndicator, SelfInspectionText.Stuck(pipeline.Stuck.Count)));
        foreach (var d in obligations)
            t.Add(new(RiskLevel.Notice, SelfInspectionText.ObligationsIndicator, SelfInspectionText.Overdue(d)));
        return t.OrderBy(r => r.Level).ToList(); // stable: within a level, the order above
    }

    private string DepartmentName(string code) => catalogue.FindDepartment(code)?.Name ?? code;
    private string ColumnName(string code) => catalogue.FindColumn(code)?.Name ?? code;
}
