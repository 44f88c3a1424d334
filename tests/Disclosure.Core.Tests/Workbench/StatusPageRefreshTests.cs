using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Tests.Compliance;
using Disclosure.Workbench;

namespace Disclosure.Tests.Workbench;

/// <summary>
/// The status page waits for the queue-triggered check without a timed reload (axe's meta-refresh rule, WCAG 2.2.1): while
/// the item is 已提交 or 检查中 its script (allowed by hash) updates the state and the check's section in place, said in a
/// polite live region, with a button to stop (2.2.2); without script a link looks again. A settled page has neither.
/// </summary>
public class StatusPageRefreshTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });
    private static readonly PageChrome Chrome = new("市科学技术局", "王科员", "科技项目管理处", false);

    private static string Render(ItemState state, bool stopped = false)
    {
        var item = RuleTestKit.Item(i => i with { State = state });
        var model = SubmissionStatusModel.Build(RuleTestKit.Settings, Clerk, item, [], [item], null, null) with { RefreshStopped = stopped };
        return new WorkbenchPages().Render("submission-status", item.Title, model, Chrome); // as SubmissionAnswers draws it: no timed reload
    }

    [Theory]
    [InlineData(ItemState.Submitted)]
    [InlineData(ItemState.Checking)]
    public void A_page_waiting_for_the_check_updates_itself_in_place_without_a_timed_reload_and_says_so(ItemState state)
    {
        var html = Render(state);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.Contains($"<div id=\"check-progress\" data-status-url=\"/api/submissions/item-1\" data-seconds=\"{SubmissionStatusModel.RefreshSeconds}\">", html);
        Assert.Contains($"本页每 {SubmissionStatusModel.RefreshSeconds} 秒更新一次状态和检查结果（不重新载入页面）。<button type=\"button\" id=\"check-stop\">停止自动更新</button>", html);
        Assert.Contains("<a href=\"/api/submissions/item-1\">刷新检查进度</a>", html); // the way without script
        Assert.Contains("<p id=\"check-live\" role=\"status\"></p>", html);
        // The page's policy allows exactly the script the page carries.
        var script = html[(html.IndexOf("<script>", StringComparison.Ordinal) + 8)..html.IndexOf("</script>", StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'; connect-src 'self';", WorkbenchPages.ContentSecurityPolicyWithStatusScript);
    }

    [Theory]
    [InlineData(ItemState.AwaitingReview)]
    [InlineData(ItemState.Returned)]
    [InlineData(ItemState.ReadyToPublish)]
    [InlineData(ItemState.Published)]
    [InlineData(ItemState.CheckFailed)]
    [InlineData(ItemState.PublishFailed)]
    [InlineData(ItemState.Withdrawn)]
    public void A_settled_page_stays_still(ItemState state)
    {
        var html = Render(state);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.DoesNotContain("自动刷新", html);
        Assert.DoesNotContain("自动更新", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public void A_person_who_turned_the_updates_off_gets_a_still_page_with_a_link_to_look_again()
    {
        var html = Render(ItemState.Checking, stopped: true);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.DoesNotContain("data-status-url", html); // the script finds nothing to update
        Assert.Contains("<a href=\"/api/submissions/item-1\">刷新检查进度</a>", html);
        Assert.Contains("<p class=\"hint\">已停止自动更新。</p>", html);
    }

    [Fact]
    public async Task The_updating_page_is_valid_html_by_the_nu_checker()
    {
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["checking.html"] = Render(ItemState.Checking),
            ["stopped.html"] = Render(ItemState.Checking, stopped: true),
        }));
    }
}
