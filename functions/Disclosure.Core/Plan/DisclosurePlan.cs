using System.Text.Json.Serialization;
using Disclosure.Notifications;

namespace Disclosure.Plan;

/// <summary>
/// The bureau's annual disclosure plan (政府信息公开工作年度计划) as data: phases with tasks (四、工作步骤),
/// columns with their responsible department and update rules (二、公开内容), departments with contacts and
/// channels, and the leadership group (五、保障措施). A new year's plan is a new file, not a code change.
/// </summary>
public sealed record DisclosurePlan
{
    public required int Year { get; init; }
    /// <summary>Changes with every edit, so a reminder can name the plan version it was computed from.</summary>
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<PlanPhase> Phases { get; init; }
    public required IReadOnlyList<PlanColumn> Columns { get; init; }
    public required IReadOnlyList<PlanDepartment> Departments { get; init; }
    public required LeadershipGroup LeadershipGroup { get; init; }

    [JsonIgnore] public DateOnly Start => new(Year, 1, 1);
    [JsonIgnore] public DateOnly End => new(Year, 12, 31);

    public PlanDepartment? FindDepartment(string? code) => Departments.FirstOrDefault(d => d.Code == code);
    public PlanPhase? FindPhase(string? code) => Phases.FirstOrDefault(p => p.Code == code);
    public PlanColumn? FindColumn(string? code) => Columns.FirstOrDefault(c => c.Code == code);

    /// <summary>
    /// Whether the department keeps a column whose deadline this kind of event starts (部门预算批复 → 财务处): besides
    /// the 公开办, only such a department may record the event and the day its information was disclosed.
    /// </summary>
    public bool IsResponsibleForEvent(string? departmentCode, string eventKind)
        => departmentCode is not null && Columns.Any(c => c.Department == departmentCode
            && c.Rules.OfType<WithinWorkingDaysOfEvent>().Any(r => r.EventKinds.Contains(eventKind)));
}

public sealed record PlanPhase
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required DateOnly Start { get; init; }
    public required DateOnly End { get; init; }
    public IReadOnlyList<PlanTask> Tasks { get; init; } = [];
}

/// <summary>A one-off task of a phase; done when an administrator records its completion.</summary>
public sealed record PlanTask
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Department { get; init; }
    /// <summary>When absent the task is due at the end of its phase.</summary>
    public DateOnly? Due { get; init; }
}

/// <summary>A catalogue column as the plan sees it: who keeps it current and by which rules.</summary>
public sealed record PlanColumn
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Department { get; init; }
    public required IReadOnlyList<UpdateRule> Rules { get; init; }
}

public sealed record PlanDepartment
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
    public IReadOnlyList<ChannelAddress> Channels { get; init; } = [];
}

public sealed record Contact
{
    public required string Name { get; init; }
    public string Role { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";
}

/// <summary>领导小组: 以局主要领导为组长 (plan 五、1); receives escalations of overdue obligations.</summary>
public sealed record LeadershipGroup
{
    /// <summary>The recipient code used in the outbox; never a department code.</summary>
    public const string RecipientCode = "leadership";

    public required string Name { get; init; }
    public IReadOnlyList<Contact> Members { get; init; } = [];
    public IReadOnlyList<ChannelAddress> Channels { get; init; } = [];
}

/// <summary>
/// How a column must be kept current. The kinds are the shapes the bureau's rules take; their numbers are data.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AtLeastEvery), "atLeastEvery")]
[JsonDerivedType(typeof(WithinWorkingDaysOfEvent), "withinWorkingDaysOfEvent")]
[JsonDerivedType(typeof(YearlyByDate), "yearlyByDate")]
[JsonDerivedType(typeof(ByPhaseEnd), "byPhaseEnd")]
public abstract record UpdateRule
{
    /// <summary>Unique in the plan; part of every obligation id, so it must not change once reminders went out.</summary>
    public required string Id { get; init; }
    /// <summary>What is to be published, in the words a department understands (e.g. 工作动态更新).</summary>
    public required string Title { get; init; }
    /// <summary>Why the rule exists (an article, an inspection indicator); shown in reminders.</summary>
    public string Basis { get; init; } = "";
}

/// <summary>At least every N days or months since the column's latest publication (工作动态 14 天, 通知公告 6 个月).</summary>
public sealed record AtLeastEvery : UpdateRule
{
    public int Days { get; init; }
    public int Months { get; init; }

    public DateOnly DueAfter(DateOnly latest) => latest.AddMonths(Months).AddDays(Days);
}

/// <summary>
/// Within N working days of a recorded event (预算批复, 人员变动, 行政许可/处罚决定 — 双公示 7 个工作日;
/// otherwise Art. 26: 20 个工作日). The day of the event is not counted (holidays.md).
/// </summary>
public sealed record WithinWorkingDaysOfEvent : UpdateRule
{
    public required int WorkingDays { get; init; }
    public required IReadOnlyList<string> EventKinds { get; init; }
}

/// <summary>Yearly by a date (年度报告 by 1月31日); done by a publication in the column since <see cref="FromMonth"/>/<see cref="FromDay"/>.</summary>
public sealed record YearlyByDate : UpdateRule
{
    public required int Month { get; init; }
    public required int Day { get; init; }
    public int FromMonth { get; init; } = 1;
    public int FromDay { get; init; } = 1;
}

/// <summary>By the end of a phase (年度工作计划 in 第一阶段); done by a publication in the column since the phase began.</summary>
public sealed record ByPhaseEnd : UpdateRule
{
    public required string Phase { get; init; }
}
