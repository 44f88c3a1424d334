using System.Text.Json.Serialization;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>How bad a finding is, as an inspector weighs it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    /// <summary>单项否决: any one fails the site outright.</summary>
    Veto,
    /// <summary>扣分: points are deducted.</summary>
    Deduction,
    /// <summary>提示: to be put right, not scored.</summary>
    Notice,
}

/// <summary>One line of the risk list at the top of the report.</summary>
public sealed record InspectionRisk(RiskLevel Level, string Indicator, string Description);

[JsonConverter(typeof(JsonStringEnumConverter<FreshnessRule>))]
public enum FreshnessRule
{
    /// <summary>Not scored by update frequency; only a blank column counts.</summary>
    None,
    News,
    NoticeOrPolicy,
}

public sealed record ColumnFreshness(
    string Code,
    string Name,
    string? Department,
    FreshnessRule Rule,
    int PublicItems,
    DateOnly? LatestPublication,
    int? DaysSinceLatest,
    bool IsBlank,
    bool IsStale);

public sealed record HomePageFreshness(DateOnly? LatestPublication, int? DaysSinceLatest, bool IsStale);

/// <summary>An item published later than Art. 26 allows: 20 working days after 成文日期.</summary>
public sealed record LateItem(string ItemId, string Title, string Column, string Department, DateOnly FormedOn, DateOnly PublishedOn, int WorkingDays);

public sealed record TimelinessRate(string Code, string Name, int Published, int OnTime)
{
    public int Late => Published - OnTime;
    /// <summary>On-time share in percent, one decimal; null when nothing was published.</summary>
    public decimal? OnTimePercent => Published == 0 ? null : Math.Round(100m * OnTime / Published, 1);
}

/// <summary>How many items took a number of working days in a band (e.g. 0–5) from 成文日期 to 发布日期.</summary>
public sealed record TimelinessBand(string Label, int From, int? To, int Items);

public sealed record TimelinessSummary(
    DateOnly From,
    DateOnly To,
    TimelinessRate Overall,
    IReadOnlyList<TimelinessRate> ByColumn,
    IReadOnlyList<TimelinessRate> ByDepartment,
    IReadOnlyList<TimelinessBand> Distribution,
    IReadOnlyList<LateItem> LateItems,
    IReadOnlyList<int> YearsWithoutCalendar);

public sealed record PipelineItem(string ItemId, string Title, string Department, string State, DateTimeOffset Since, string Waiting);

public sealed record DepartmentCount(string Code, string Name, int Count);

public sealed record ReviewPipeline(
    IReadOnlyList<PipelineItem> WaitingForReview,
    IReadOnlyList<PipelineItem> Stuck,
    IReadOnlyList<PoisonQueueCount> PoisonQueues,
    IReadOnlyList<DepartmentCount> ReturnedByDepartment,
    IReadOnlyList<FindingCount> FindingsByRule);

public sealed record OverdueObligation(string Title, string Context, DateOnly DueOn, int WorkingDaysOverdue);

/// <summary>An application for disclosure whose reply is owed (the applicant masked in <see cref="Title"/>).</summary>
public sealed record OpenApplication(string Title, string Department, DateOnly DueOn, bool IsOverdue, int WorkingDaysOverdue, int WorkingDaysLeft);

public sealed record DepartmentObligations(string Code, string Name, IReadOnlyList<OverdueObligation> Overdue);

/// <summary>A page that still links to an item that was withdrawn, or to a repealed or expired document.</summary>
public sealed record LinkToRetiredItem(string Page, string ItemId, string Title, string Status);

public sealed record MonthlyPublications(string Month, IReadOnlyDictionary<string, int> ByColumn)
{
    public int Total => ByColumn.Values.Sum();
}

/// <summary>The review statement of the window (条例第十七条) and the counts it is made of.</summary>
public sealed record ReviewSummary(string Statement, int Published, int SignedByPeople, int AutomatedOnly, int NotFullyReviewed);

/// <summary>A column allowed to publish after the automated check alone: who set it, when, and why.</summary>
public sealed record AutomatedPublicationColumn(string Column, string SetBy, DateOnly SetOn, string Reason);

/// <summary>The self-inspection of one day: the risk list first, then each part with its figures.</summary>
public sealed record SelfInspectionReport
{
    public required DateOnly Date { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required string Agency { get; init; }
    public required IReadOnlyList<InspectionRisk> Risks { get; init; }
    public required HomePageFreshness HomePage { get; init; }
    public required IReadOnlyList<ColumnFreshness> Columns { get; init; }
    public required int PagesChecked { get; init; }
    public required int LinksChecked { get; init; }
    public required IReadOnlyList<BrokenLink> BrokenLinks { get; init; }
    public required IReadOnlyList<LinkToRetiredItem> LinksToRetiredItems { get; init; }
    public required TimelinessSummary Timeliness { get; init; }
    public required ReviewPipeline Pipeline { get; init; }
    public required IReadOnlyList<DepartmentObligations> OverdueObligations { get; init; }
    /// <summary>Applications for disclosure whose reply clock runs, overdue first (依申请公开).</summary>
    public IReadOnlyList<OpenApplication> OpenApplications { get; init; } = [];
    /// <summary>Column codes in catalogue order with their names, for the monthly chart's legend.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> ColumnNames { get; init; }
    public required IReadOnlyList<MonthlyPublications> PublishedPerMonth { get; init; }
    /// <summary>Parts that could not be checked this time (a source did not answer).</summary>
    public IReadOnlyList<string> Incomplete { get; init; } = [];
    /// <summary>How the window's publications were reviewed, from the audit trail (条例第十七条); null when it could not be read.</summary>
    public ReviewSummary? Review { get; init; }
    /// <summary>Columns an administrator let publish after the automated check alone, with the recorded reason.</summary>
    public IReadOnlyList<AutomatedPublicationColumn> AutomatedPublication { get; init; } = [];

    [JsonIgnore] public int VetoRisks => Risks.Count(r => r.Level == RiskLevel.Veto);
}
