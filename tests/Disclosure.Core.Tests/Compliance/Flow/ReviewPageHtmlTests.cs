using System.Diagnostics;
using System.Text.Json;
using Disclosure.Compliance;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Workbench;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

public class ReviewPageHtmlTests
{
    [Fact]
    public async Task Review_queue_pages_and_the_return_notice_are_valid_HTML_by_the_Nu_checker()
    {
        var h = new FlowHarness();
        var waiting = h.Submit("联系电话13800138000，邮箱zhangsan@example.com。", null, ("扫描件.png", "image/png", ""));
        await h.Review().CheckAsync(new CheckRequest(waiting.Id, 1), CancellationToken.None);
        var withdrawal = h.Submit("现将有关事项通知如下。", i => i with { Id = "item-2", State = ItemState.Published, WithdrawalRequested = true, WithdrawalReason = "<b>已失效</b>" });
        await h.Review().CheckAsync(new CheckRequest(withdrawal.Id, 1), CancellationToken.None);
        var returned = h.Submit("身份证号11010519491231002X", i => i with { Id = "item-3" });
        await h.Review().CheckAsync(new CheckRequest(returned.Id, 1), CancellationToken.None);

        var pages = new WorkbenchPages();
        var chrome = new PageChrome("市科学技术局", "李审核", "办公室", true);
        var entries = await h.Reviews.ListQueueAsync();
        Assert.Equal(2, entries.Count);
        var documents = new Dictionary<string, string>
        {
            ["queue.html"] = pages.Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle, ReviewPages.Queue(entries, Settings, notice: "已记录审核结论：同意。"), chrome),
            ["error.html"] = pages.Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle, ReviewPages.Queue(entries, Settings, error: "不予公开时必须填写理由。"), chrome),
            ["empty.html"] = pages.Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle, ReviewPages.Queue([], Settings), chrome),
            ["notice.html"] = Assert.Single(h.NotificationsTo("xmc")).Html,
        };
        Assert.Contains("【撤回申请】", System.Net.WebUtility.HtmlDecode(documents["queue.html"]));
        Assert.Contains("审核队列为空", System.Net.WebUtility.HtmlDecode(documents["empty.html"]));
        // 条例第十七条: the chain, and the step the approve button signs, are shown with each item (and checked below).
        Assert.Contains("公开办复审（待签署：保密审查人员）", System.Net.WebUtility.HtmlDecode(documents["queue.html"]));
        Assert.Contains("签署“公开办复审”：同意", System.Net.WebUtility.HtmlDecode(documents["queue.html"]));

        Assert.Empty(await NuHtmlChecker.CheckAsync(documents));
    }
}
