using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Tests.Compliance;
using Disclosure.Workbench;

namespace Disclosure.Tests.Workbench;

/// <summary>
/// The status page waits for the queue-triggered check without script: a <c>meta refresh</c> while the item is 已提交 or
/// 检查中, none once it waits for a person or is settled, and the text says which (for screen-reader users too).
/// </summary>
public class StatusPageRefreshTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });
    private static readonly PageChrome Chrome = new("市科学技术局", "王科员", "科技项目管理处", false);

    private static string Render(ItemState state, bool stopped = false)
    {
        var item = RuleTestKit.Item(i => i with { State = state });
        var model = SubmissionStatusModel.Build(RuleTestKit.Settings, Clerk, item, [], [item], null, null) with { RefreshStopped = stopped };
        return new WorkbenchPages().Render("submission-status", item.Title, model,
            Chrome with { RefreshSeconds = model.RefreshAfterSeconds, RefreshUrl = model.StatusUrl });
    }

    [Theory]
    [InlineData(ItemState.Submitted)]
    [InlineData(ItemState.Checking)]
    public void A_page_waiting_for_the_check_reloads_itself_and_says_so(ItemState state)
    {
        var html = Render(state);
        Assert.Contains($"<meta http-equiv=\"refresh\" content=\"{SubmissionStatusModel.RefreshSeconds}; url=/api/submissions/item-1\">", html);
        Assert.Contains($"本页每 {SubmissionStatusModel.RefreshSeconds} 秒自动刷新一次，检查完成后停止刷新。", html);
        Assert.Contains("<a href=\"/api/submissions/item-1?refresh=off\">停止自动刷新</a>", html);
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
    }

    [Fact]
    public void A_person_who_turned_the_reload_off_gets_a_still_page_with_a_link_to_look_again()
    {
        var html = Render(ItemState.Checking, stopped: true);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.Contains("已停止自动刷新。<a href=\"/api/submissions/item-1\">重新查看检查进度</a>", html);
    }

    [Fact]
    public async Task The_reloading_page_is_valid_html_by_the_nu_checker()
    {
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["checking.html"] = Render(ItemState.Checking),
            ["stopped.html"] = Render(ItemState.Checking, stopped: true),
        }));
    }
}
