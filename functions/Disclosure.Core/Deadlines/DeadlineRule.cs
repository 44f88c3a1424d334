namespace Disclosure.Deadlines;

/// <summary>How a deadline's count is measured.</summary>
public enum DeadlineUnit
{
    /// <summary>工作日 on the State Council's holiday calendar (条例第二十六条, 双公示).</summary>
    WorkingDays,
    /// <summary>日 as the calendar runs (预算法第十四条: 批复后二十日内).</summary>
    CalendarDays,
}

/// <summary>The event a deadline is counted from; each is a date of the item (or, for a 解读, of its policy).</summary>
public enum DeadlineStart
{
    /// <summary>成文日期: the day the information was formed (条例第二十六条).</summary>
    FormedOn,
    /// <summary>批复日期: the day a budget or final account was approved (预算法第十四条).</summary>
    ApprovedOn,
    /// <summary>决定日期: the day a 行政许可 or 行政处罚 decision was made (双公示).</summary>
    DecidedOn,
    /// <summary>The day the policy a 政策解读 explains was published: the 解读 goes out with it.</summary>
    RelatedPublishedOn,
    /// <summary>公示开始日期: the first day of the 公示期 the notice states; the notice must be public by then.</summary>
    NoticeStartsOn,
    /// <summary>收到日期: the day the agency received a reposted (转发) document.</summary>
    ReceivedOn,
}

/// <summary>
/// One legal deadline as catalogue data (catalogue.json <c>deadlineRules</c>): where it comes from (<see cref="Basis"/>, the
/// article), how long (<see cref="Count"/> <see cref="Unit"/>), from what (<see cref="Start"/>), and what it applies to —
/// items of its <see cref="Columns"/> and <see cref="Genres"/> (empty: any), and the plan's recorded events of its
/// <see cref="EventKinds"/>. A rule with neither columns nor genres is the default for every item.
/// </summary>
public sealed record DeadlineRule
{
    public required string Id { get; init; }
    /// <summary>The legal basis in the words reminders and findings quote, e.g. 《政府信息公开条例》第二十六条.</summary>
    public required string Basis { get; init; }
    public required int Count { get; init; }
    public DeadlineUnit Unit { get; init; } = DeadlineUnit.WorkingDays;
    public DeadlineStart Start { get; init; } = DeadlineStart.FormedOn;
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<string> Genres { get; init; } = [];
    public IReadOnlyList<string> EventKinds { get; init; } = [];

    public bool IsDefault => Columns.Count == 0 && Genres.Count == 0;

    /// <summary>
    /// 《政府信息公开条例》第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开.
    /// The rule when the catalogue names no other, and when the date another rule starts from was not recorded.
    /// </summary>
    public static readonly DeadlineRule Article26 = new()
    {
        Id = "art26",
        Basis = "《政府信息公开条例》第二十六条",
        Count = 20,
        Unit = DeadlineUnit.WorkingDays,
        Start = DeadlineStart.FormedOn,
    };
}
