using Disclosure.Calendar;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>
/// Art. 26: information to be proactively disclosed is published within 20 working days of being formed or changed.
/// Counted on the national working-day calendar; a year without calendar data is counted Monday–Friday and said so.
/// </summary>
public sealed class TimelinessRule(WorkingDayCalendar calendar, TimeProvider time)
{
    /// <summary>《政府信息公开条例》第二十六条: 自该政府信息形成或者变更之日起20个工作日内.</summary>
    public const int ProactiveDisclosureWorkingDays = 20;

    public const string Source = "发布日期";

    public IReadOnlyList<ComplianceFinding> Check(DisclosureItem item)
    {
        // A takedown is checked again before it happens (ItemState), but taking something down is not publishing it late.
        if (item.Attribute != DisclosureAttribute.Proactive || item.WithdrawalRequested) return [];
        var published = item.PublishedOn is not null;
        var reference = item.PublishedOn ?? ChinaTime.Today(time);
        if (reference <= item.FormedOn) return [];

        var findings = new List<ComplianceFinding>();
        var deadline = calendar.AddWorkingDays(item.FormedOn, ProactiveDisclosureWorkingDays);
        if (reference > deadline)
        {
            var late = calendar.WorkingDaysBetween(deadline, reference);
            if (late > 0)
            {
                findings.Add(new ComplianceFinding(RuleIds.Timeliness, Severity.Review, Source, 0, 0, "",
                    FindingTexts.Late(item.FormedOn, deadline, reference, published, late), FindingTexts.LateAdvice));
            }
        }
        // Only days up to the reference date decide whether it is late, so only their years matter.
        var missing = calendar.YearsWithoutData(item.FormedOn, reference);
        if (missing.Count > 0)
        {
            findings.Add(new ComplianceFinding(RuleIds.CalendarMissing, Severity.Info, Source, 0, 0, "",
                FindingTexts.CalendarMissing(missing), FindingTexts.CalendarMissingAdvice));
        }
        return findings;
    }
}
