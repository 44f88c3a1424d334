using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class TimelinessRuleTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private static readonly TimelinessRule Rule = new(Calendar, Clock());

    private static DisclosureItem Formed(DateOnly formed, DateOnly? published = null)
        => Item(i => i with { FormedOn = formed, PublishedOn = published });

    [Fact]
    public void The_deadline_is_twenty_working_days_as_Art_26_says()
        => Assert.Equal(20, TimelinessRule.ProactiveDisclosureWorkingDays);

    [Fact]
    public void Published_on_the_twentieth_working_day_is_on_time()
        // Formed Friday 2026-09-18: with 中秋 and 国庆 (and the Sunday and Saturday working days) the 20th is 10-22.
        => Assert.Empty(Rule.Check(Formed(new DateOnly(2026, 9, 18), new DateOnly(2026, 10, 22))));

    [Theory]
    [InlineData(2026, 10, 23, 1)]
    [InlineData(2026, 10, 25, 1)]   // a Sunday adds nothing
    [InlineData(2026, 10, 26, 2)]
    public void Published_after_the_twentieth_working_day_says_how_many_working_days_late(int year, int month, int day, int late)
    {
        var finding = Single(Rule.Check(Formed(new DateOnly(2026, 9, 18), new DateOnly(year, month, day))), RuleIds.Timeliness);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Contains($"已超期{late}个工作日", finding.Message);
        Assert.Contains("2026年10月22日", finding.Message);
        Assert.Contains("第二十六条", finding.Message);
    }

    [Fact]
    public void Unpublished_item_is_measured_against_today_in_China()
    {
        // Today is 2026-11-26: working days 10-23 … 11-26 after the 10-22 deadline are 25.
        var finding = Single(Rule.Check(Formed(new DateOnly(2026, 9, 18))), RuleIds.Timeliness);
        Assert.Contains("截至今天2026年11月26日已超期25个工作日", finding.Message);
    }

    [Fact]
    public void Item_not_to_be_disclosed_proactively_has_no_deadline()
        => Assert.Empty(Rule.Check(Formed(new DateOnly(2026, 1, 5)) with { Attribute = DisclosureAttribute.OnRequest }));

    [Fact]
    public void Withdrawal_of_a_late_item_is_not_itself_late()
    {
        var late = Formed(new DateOnly(2026, 9, 18), new DateOnly(2026, 11, 2));
        Assert.NotEmpty(Rule.Check(late));
        Assert.Empty(Rule.Check(late with { WithdrawalRequested = true, WithdrawalReason = "内容有误" }));
    }

    [Fact]
    public void Year_without_calendar_data_is_counted_Monday_to_Friday_and_reported()
    {
        // 2027 has no data yet: 2027-01-01 (a Friday) counts as a working day, so the 20th after 2026-12-20 is 01-15.
        var findings = Rule.Check(Formed(new DateOnly(2026, 12, 20), new DateOnly(2027, 2, 10)));
        Assert.Contains("已超期18个工作日", Single(findings, RuleIds.Timeliness).Message);
        var missing = Single(findings, RuleIds.CalendarMissing);
        Assert.Equal(Severity.Info, missing.Severity);
        Assert.Contains("2027年", missing.Message);
        Assert.Contains("周一至周五", missing.Message);
    }

    [Fact]
    public void Year_without_calendar_data_is_reported_even_when_not_late()
    {
        var findings = Rule.Check(Formed(new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 5)));
        Assert.Equal([RuleIds.CalendarMissing], findings.Select(f => f.RuleId));
    }
}
