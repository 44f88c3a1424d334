using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Deadlines;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class TimelinessRuleTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private static readonly TimelinessRule Rule = new(new ItemDeadlines(Settings, Calendar), Clock());

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
    public void Year_without_calendar_data_is_counted_Monday_to_Friday_and_marked_as_an_estimate()
    {
        // Art. 26 counted from 2026-12-20 needs 2027's working days. Main once guessed (元旦 a working day) "已超期18个工作日"
        // without saying so, then said only "无法计算", which left the reviewer without the figure. holidays.md: fall back to
        // Monday–Friday and say so. The estimate: due 2027-01-15, 18 working days late on 2027-02-10.
        var findings = Rule.Check(Formed(new DateOnly(2026, 12, 20), new DateOnly(2027, 2, 10)));
        var late = Single(findings, RuleIds.Timeliness);
        Assert.Equal(Severity.Review, late.Severity);
        Assert.Contains("第二十六条", late.Message);
        Assert.Contains("应于2027年1月15日前公开", late.Message);
        Assert.Contains("已超期18个工作日（估算：缺少2027年节假日安排，按周一至周五计算）", late.Message);
        Assert.Contains("2027.json", late.Advice);
        Assert.DoesNotContain(findings, f => f.RuleId == RuleIds.CalendarMissing);
    }

    [Fact]
    public void Year_without_calendar_data_is_reported_even_when_not_late_by_the_estimate()
    {
        var findings = Rule.Check(Formed(new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 5)));
        var note = Assert.Single(findings);
        Assert.Equal(RuleIds.CalendarMissing, note.RuleId);
        Assert.Equal(Severity.Info, note.Severity);
        // 20 working days Monday to Friday after 2026-12-28 (2026's own calendar: no holiday left in December).
        Assert.Contains("应于2027年1月25日前公开（估算：缺少2027年节假日安排，按周一至周五计算），按此尚未超期", note.Message);
    }

    [Fact]
    public void A_due_date_in_a_known_year_counted_late_into_a_year_without_data_is_an_estimate_too()
    {
        // Formed 2026-11-02: due 2026-11-30 on 2026's calendar; published 2027-01-06, the count of days late needs 2027.
        var late = Single(Rule.Check(Formed(new DateOnly(2026, 11, 2), new DateOnly(2027, 1, 6))), RuleIds.Timeliness);
        Assert.Contains("应于2026年11月30日前公开", late.Message);
        Assert.Contains("（估算：缺少2027年节假日安排，按周一至周五计算）", late.Message);
    }

    [Fact]
    public void Published_before_the_missing_year_begins_cannot_be_late_and_says_nothing()
        => Assert.Empty(Rule.Check(Formed(new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 22))));

    [Fact]
    public void Budget_is_due_twenty_calendar_days_after_approval_under_Budget_Law_Art_14()
    {
        // 预算法第十四条: 批复后二十日内. Approved 2026-02-06: due 2026-02-26, not the 20th working day (2026-03-12).
        var budget = Item(i => i with { ColumnCode = "czzj", Genre = "预算", FormedOn = new DateOnly(2026, 2, 6), ApprovedOn = new DateOnly(2026, 2, 6) });
        Assert.Empty(Rule.Check(budget with { PublishedOn = new DateOnly(2026, 2, 26) }));
        var late = Single(Rule.Check(budget with { PublishedOn = new DateOnly(2026, 2, 27) }), RuleIds.Timeliness);
        Assert.Contains("预算法", late.Message);
        Assert.Contains("2026年2月26日", late.Message);
        Assert.Contains("已超期1日", late.Message);
    }

    [Fact]
    public void Licensing_decision_is_due_seven_working_days_after_the_decision_under_double_publicity()
    {
        // 双公示: 7 个工作日 from 决定日期. Decided Friday 2026-09-18: 09-20 (Sunday working day), 09-21…24, (中秋 off), 09-28, 09-29.
        var decision = Item(i => i with { ColumnCode = "xzzf", Genre = "行政许可", FormedOn = new DateOnly(2026, 9, 18), DecidedOn = new DateOnly(2026, 9, 18) });
        Assert.Empty(Rule.Check(decision with { PublishedOn = new DateOnly(2026, 9, 29) }));
        Assert.Contains("已超期1个工作日", Single(Rule.Check(decision with { PublishedOn = new DateOnly(2026, 9, 30) }), RuleIds.Timeliness).Message);
    }

    [Fact]
    public void Interpretation_is_due_the_day_its_policy_is_published_per_Guo_Ban_Fa_2017_47()
    {
        var interpretation = Item(i => i with
        {
            ColumnCode = "zcjd", Genre = "解读", FormedOn = new DateOnly(2026, 3, 2), Relation = Relation.Interprets, RelatedItemId = "policy-1",
        });
        var policyPublished = new DateOnly(2026, 3, 10);
        Assert.Empty(Rule.Check(interpretation with { PublishedOn = policyPublished }, policyPublished));
        Assert.Contains("已超期1个工作日", Single(Rule.Check(interpretation with { PublishedOn = new DateOnly(2026, 3, 11) }, policyPublished), RuleIds.Timeliness).Message);
        // Its policy not yet published: nothing is due yet.
        Assert.Empty(Rule.Check(interpretation with { PublishedOn = new DateOnly(2026, 3, 11) }));
    }

    [Fact]
    public void Notice_is_due_on_the_first_day_of_the_notice_period_it_states()
    {
        var notice = Item(i => i with { ColumnCode = "kjxm", Genre = "公示", FormedOn = new DateOnly(2026, 3, 2), NoticeStartsOn = new DateOnly(2026, 3, 5) });
        Assert.Empty(Rule.Check(notice with { PublishedOn = new DateOnly(2026, 3, 5) }));
        Assert.Contains("公示开始日期", Single(Rule.Check(notice with { PublishedOn = new DateOnly(2026, 3, 6) }), RuleIds.Timeliness).Message);
    }

    [Fact]
    public void Reposted_document_is_timed_from_the_day_it_was_received_not_the_issuers_formed_date_Art_26()
    {
        // A provincial document made 2026-03-02, received 2026-04-01: 20 working days from receipt (2026-04-30), not from 成文.
        var reposted = Item(i => i with
        {
            ColumnCode = "zcfg", Genre = "行政规范性文件", Publisher = "省科学技术厅", FormedOn = new DateOnly(2026, 3, 2),
            ReceivedOn = new DateOnly(2026, 4, 1), PublishedOn = new DateOnly(2026, 4, 20),
        });
        Assert.Empty(Rule.Check(reposted));
        var late = Single(Rule.Check(reposted with { PublishedOn = new DateOnly(2026, 5, 11) }), RuleIds.Timeliness);
        Assert.Contains("收到日期2026年4月1日", late.Message);
        Assert.Contains("转发", late.Message);
    }

    [Fact]
    public void Without_the_date_a_rule_counts_from_the_item_is_timed_by_Art_26_and_says_so()
    {
        var budget = Item(i => i with { ColumnCode = "czzj", Genre = "预算", FormedOn = new DateOnly(2026, 9, 18), PublishedOn = new DateOnly(2026, 10, 23) });
        var finding = Single(Rule.Check(budget), RuleIds.Timeliness);
        Assert.Contains("第二十六条", finding.Message);
        Assert.Contains("未填写批复日期", finding.Message);
    }
}
