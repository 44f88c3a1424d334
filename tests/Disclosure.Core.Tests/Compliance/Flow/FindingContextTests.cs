using Disclosure.Compliance;
using Disclosure.Workbench;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

public class FindingContextTests
{
    [Fact]
    public void Context_around_one_number_never_shows_another_in_full()
    {
        const string text = "甲的电话13800138000，乙的电话13900139000，丙的编号123456。";
        var findings = Scan(text);

        var contexts = FindingContext.For(findings, [TextSource.Body(text)]);

        var first = contexts.First(c => c.Finding.Offset == text.IndexOf("138", StringComparison.Ordinal));
        Assert.Equal("甲的电话", first.Before);
        Assert.StartsWith("，乙的电话＊＊＊＊＊＊＊＊＊＊＊，丙的", first.After);
        Assert.DoesNotContain(contexts, c => (c.Before + c.After).Contains("13900139000") || (c.Before + c.After).Contains("123456"));
    }

    [Fact]
    public void A_finding_outside_any_text_source_has_no_context()
    {
        var finding = new ComplianceFinding(RuleIds.DocumentNumber, Severity.Review, "文号", 0, 3, "市科发", "文号格式不规范", "请改正");

        var context = Assert.Single(FindingContext.For([finding], [TextSource.Body("正文")]));

        Assert.Equal(("", ""), (context.Before, context.After));
    }

    [Fact]
    public async Task The_review_queue_page_marks_the_masked_match_in_its_context_and_encodes_everything_else()
    {
        var h = new FlowHarness();
        var item = h.Submit("<script>x</script>联系电话13800138000。");
        await h.Review().CheckAsync(new Disclosure.Intake.CheckRequest(item.Id, 1), CancellationToken.None);
        var entries = await h.Reviews.ListQueueAsync();

        var html = new WorkbenchPages().Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle, ReviewPages.Queue(entries, Settings),
            new PageChrome("市科学技术局", "李审核", "", true));

        Assert.Contains("<mark>138****8000</mark>", html);
        Assert.DoesNotContain("13800138000", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("action=\"/api/reviews/item-1\"", html);
        Assert.Contains("name=\"version\" value=\"1\"", html);
    }
}
