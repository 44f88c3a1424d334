using Disclosure.Calendar;
using Disclosure.Deadlines;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>
/// Whether an item is (or would be) published late under its legal deadline: 条例第二十六条 by default, and the other rules
/// the catalogue names (预算法第十四条, 双公示, 解读 with its policy, 公示期, 转发 from receipt) — all from
/// <see cref="ItemDeadlines"/>. A deadline or a lateness that needs a year without a calendar is estimated Monday to Friday
/// and marked as an estimate, with what to add.
/// </summary>
public sealed class TimelinessRule(ItemDeadlines deadlines, TimeProvider time)
{
    /// <summary>《政府信息公开条例》第二十六条: 自该政府信息形成或者变更之日起20个工作日内.</summary>
    public const int ProactiveDisclosureWorkingDays = 20;

    public const string Source = "发布日期";

    /// <param name="relatedPublishedOn">For a 政策解读: when the policy it explains was published.</param>
    public IReadOnlyList<ComplianceFinding> Check(DisclosureItem item, DateOnly? relatedPublishedOn = null)
    {
        // A takedown is checked again before it happens (ItemState), but taking something down is not publishing it late.
        if (item.Attribute != DisclosureAttribute.Proactive || item.WithdrawalRequested) return [];
        if (deadlines.For(item, relatedPublishedOn) is not { } deadline) return [];
        var published = item.PublishedOn is not null;
        var reference = item.PublishedOn ?? ChinaTime.Today(time);
        if (reference <= deadline.StartOn) return [];

        // A due date or a count that needs a year without a calendar is estimated Monday to Friday and said to be one
        // (holidays.md): the reviewer sees whether the item is late by the estimate, and what to add to know for sure.
        var due = deadline.DueOn.ValueOrEstimate(out var dueYears);
        // The due date lies in the first year without a calendar (or later): before that year begins it cannot be late yet.
        if (dueYears.Count > 0 && reference < new DateOnly(dueYears[0], 1, 1)) return [];
        var days = deadlines.DaysLate(deadline.Rule, due, reference).ValueOrEstimate(out var countYears);
        IReadOnlyList<int> estimated = [.. dueYears.Union(countYears).Order()];
        if (days > 0)
            return [new ComplianceFinding(RuleIds.Timeliness, Severity.Review, Source, 0, 0, "",
                FindingTexts.Late(deadline, due, reference, published, days) + FindingTexts.EstimateMark(estimated),
                estimated.Count == 0 ? FindingTexts.LateAdvice : FindingTexts.LateAdvice + CalendarTexts.WhatToAdd(estimated))];
        return estimated.Count == 0 ? [] :
            [new ComplianceFinding(RuleIds.CalendarMissing, Severity.Info, Source, 0, 0, "",
                FindingTexts.NotLateByEstimate(deadline, due, estimated), CalendarTexts.WhatToAdd(estimated))];
    }
}
