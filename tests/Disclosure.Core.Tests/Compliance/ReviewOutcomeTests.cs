using Disclosure.Compliance;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class ReviewOutcomeTests
{
    private static ComplianceFinding Finding(Severity severity) => new("test.rule", severity, "正文", 0, 1, "x", "消息", "建议");

    [Fact]
    public void A_block_returns_the_item_even_in_a_column_that_always_wants_review()
    {
        Assert.Equal(ReviewDecision.Returned, ReviewOutcome.Decide([Finding(Severity.Info), Finding(Severity.Block), Finding(Severity.Review)], Settings.FindColumn("zcfg")));
        Assert.Equal(ReviewDecision.Returned, ReviewOutcome.Decide([Finding(Severity.Block)], Settings.FindColumn("tzgg")));
    }

    [Fact]
    public void A_review_finding_sends_the_item_to_a_person()
        => Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide([Finding(Severity.Info), Finding(Severity.Review)], Settings.FindColumn("tzgg")));

    [Fact]
    public void A_column_that_always_requires_review_sends_a_clean_item_to_a_person()
        => Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide([], Settings.FindColumn("zcfg")));

    [Fact]
    public void Only_info_findings_in_an_ordinary_column_approve_the_item()
    {
        Assert.Equal(ReviewDecision.Approved, ReviewOutcome.Decide([Finding(Severity.Info)], Settings.FindColumn("tzgg")));
        Assert.Equal(ReviewDecision.Approved, ReviewOutcome.Decide([], null));
    }

    [Fact]
    public void Decisions_and_severities_have_Chinese_names()
    {
        Assert.Equal("退回修改", ReviewDecision.Returned.ToChinese());
        Assert.Equal("阻止", Severity.Block.ToChinese());
    }

    [Fact]
    public void Scanning_a_real_notice_end_to_end_gives_the_expected_decision()
    {
        var column = Settings.FindColumn("kjxm");
        var rules = RuleSet();
        var context = new Disclosure.Compliance.RuleContext(Disclosure.Items.DisclosureAttribute.Proactive, column);
        var clean = rules.Scan([TextSource.Body("各有关单位：现将2026年度科技项目申报工作通知如下。咨询电话：0571-85000000，邮箱xmc@kjj.gov.cn。")], context);
        Assert.Equal(ReviewDecision.Approved, ReviewOutcome.Decide(clean, column));
        var withMobile = rules.Scan([TextSource.Body("联系人：李四，13912345678。")], context);
        Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide(withMobile, column));
        var withId = rules.Scan([TextSource.Body("立项人：王五（440524188001010014）")], context);
        Assert.Equal(ReviewDecision.Returned, ReviewOutcome.Decide(withId, column));
    }
}
