using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Deadlines;

/// <summary>
/// When an item (or a recorded event of the plan) is due, and why: the one place the lateness finding, the obligations,
/// the reminders, the self-inspection and the annual report ask. The rules are the catalogue's <c>deadlineRules</c>; the
/// working days come from <see cref="WorkingDayCalendar"/>, so a count into a year without a calendar is
/// <see cref="CalendarAnswer{T}.Unknown"/>: each caller decides whether to use its Monday–Friday estimate, said as such
/// (obligations and reminders), or to say the figure cannot be computed (the lateness finding, the annual report).
/// </summary>
public sealed class ItemDeadlines(CatalogueSettings catalogue, WorkingDayCalendar calendar)
{
    private readonly IReadOnlyList<DeadlineRule> _rules = catalogue.DeadlineRules;

    /// <summary>The default (a rule with neither columns nor genres), else 条例第二十六条.</summary>
    public DeadlineRule Default => _rules.FirstOrDefault(r => r.IsDefault) ?? DeadlineRule.Article26;

    /// <summary>
    /// The most specific rule for an item: one naming the genre and the column, then the genre, then the column, then the
    /// default. Genre before column, because the law attaches to the kind of document (a 行政规范性文件 in 财政资金 is still
    /// under 第二十六条, a 预算 under 预算法第十四条) and the column only to where it is shown.
    /// </summary>
    public DeadlineRule RuleFor(string columnCode, string genre)
        => _rules
            .Where(r => !r.IsDefault
                && (r.Columns.Count == 0 || r.Columns.Contains(columnCode))
                && (r.Genres.Count == 0 || r.Genres.Contains(genre)))
            .Select((r, order) => (Rule: r, Score: (r.Genres.Count > 0 ? 2 : 0) + (r.Columns.Count > 0 ? 1 : 0), order))
            .OrderByDescending(x => x.Score).ThenBy(x => x.order)
            .Select(x => x.Rule)
            .FirstOrDefault() ?? Default;

    /// <summary>The rule that times a recorded event of the plan (部门预算批复 → 预算法第十四条), if the catalogue has one.</summary>
    public DeadlineRule? RuleForEvent(string eventKind) => _rules.FirstOrDefault(r => r.EventKinds.Contains(eventKind));

    /// <summary>
    /// The deadline of an item, or null while the day it counts from has not come (a 解读 whose policy is not yet published).
    /// <paramref name="relatedPublishedOn"/> is the publication date of the item a 解读 explains.
    /// </summary>
    public ItemDeadline? For(DisclosureItem item, DateOnly? relatedPublishedOn = null)
    {
        var rule = RuleFor(item.ColumnCode, item.Genre);
        var start = rule.Start;
        string? note = null;
        // 转发: the issuer's 成文日期 is not when this agency could act; its clock runs from the day the document arrived.
        if (Reposting.IsReposted(item, catalogue.Agency) && start == DeadlineStart.FormedOn)
        {
            start = DeadlineStart.ReceivedOn;
            note = DeadlineTexts.RepostedNote;
        }
        DateOnly? from = start switch
        {
            DeadlineStart.FormedOn => item.FormedOn,
            DeadlineStart.ApprovedOn => item.ApprovedOn,
            DeadlineStart.DecidedOn => item.DecidedOn,
            DeadlineStart.NoticeStartsOn => item.NoticeStartsOn,
            DeadlineStart.ReceivedOn => item.ReceivedOn,
            DeadlineStart.RelatedPublishedOn => relatedPublishedOn,
            _ => null,
        };
        if (from is null && start == DeadlineStart.RelatedPublishedOn && !string.IsNullOrEmpty(item.RelatedItemId)) return null;
        if (from is null)
        {
            // The date this rule counts from was not recorded (an item from before the field existed): it is timed as any
            // other item, from its 成文日期 under the default rule, and the reason says so.
            note = DeadlineTexts.StartNotRecorded(StartLabel(start));
            rule = Default;
            start = DeadlineStart.FormedOn;
            from = item.FormedOn;
        }
        return new ItemDeadline(rule, start, from.Value, Due(rule, from.Value), note);
    }

    /// <summary>The last day allowed: the N-th working day after the start (the day itself not counted), or N calendar days after it.</summary>
    public CalendarAnswer<DateOnly> Due(DeadlineRule rule, DateOnly start) => rule.Unit switch
    {
        DeadlineUnit.CalendarDays => CalendarAnswer<DateOnly>.Of(start.AddDays(rule.Count)),
        _ => calendar.AddWorkingDays(start, rule.Count),
    };

    /// <summary>How many days (in the rule's unit) <paramref name="reference"/> is after the due date; 0 when not late.</summary>
    public CalendarAnswer<int> DaysLate(DeadlineRule rule, DateOnly due, DateOnly reference) => rule.Unit switch
    {
        _ when reference <= due => CalendarAnswer<int>.Of(0),
        DeadlineUnit.CalendarDays => CalendarAnswer<int>.Of(reference.DayNumber - due.DayNumber),
        _ => calendar.WorkingDaysBetween(due, reference),
    };

    /// <summary>Days late of an item published (or still unpublished) on <paramref name="reference"/>.</summary>
    public CalendarAnswer<int> DaysLate(ItemDeadline deadline, DateOnly reference)
        => deadline.DueOn.Then(due => DaysLate(deadline.Rule, due, reference));

    public static string StartLabel(DeadlineStart start) => start switch
    {
        DeadlineStart.FormedOn => "成文日期",
        DeadlineStart.ApprovedOn => "批复日期",
        DeadlineStart.DecidedOn => "决定日期",
        DeadlineStart.RelatedPublishedOn => "所解读政策的发布日期",
        DeadlineStart.NoticeStartsOn => "公示开始日期",
        DeadlineStart.ReceivedOn => "收到日期",
        _ => start.ToString(),
    };
}

/// <summary>An item's deadline: the rule, the day it counts from, the due date (or the missing calendar years), and any note.</summary>
public sealed record ItemDeadline(DeadlineRule Rule, DeadlineStart Start, DateOnly StartOn, CalendarAnswer<DateOnly> DueOn, string? Note)
{
    /// <summary>Why the item is due when it is, e.g. "《预算法》第十四条：批复日期2026年2月6日起20日内".</summary>
    public string Why => DeadlineTexts.Why(Rule, Start, StartOn) + (Note is null ? "" : "（" + Note + "）");
}

/// <summary>The sentences about deadlines, shared by findings, pages and reports.</summary>
public static class DeadlineTexts
{
    public const string RepostedNote = "转发文件，自本机关收到之日起计算";

    public static string StartNotRecorded(string label) => $"未填写{label}，按成文日期和条例第二十六条计算";

    public static string Period(DeadlineRule rule) => rule.Count == 0
        ? "当日"
        : string.Create(CultureInfo.InvariantCulture, $"{rule.Count}{Unit(rule.Unit)}内");

    public static string Unit(DeadlineUnit unit) => unit == DeadlineUnit.CalendarDays ? "日" : "个工作日";

    public static string Why(DeadlineRule rule, DeadlineStart start, DateOnly startOn)
        => $"{rule.Basis}：{ItemDeadlines.StartLabel(start)}{Date(startOn)}起{Period(rule)}";

    public static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
