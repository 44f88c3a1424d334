using Disclosure.Workbench;

namespace Disclosure.Tests.Workbench;

public class WorkbenchPagesTests
{
    private static readonly PageChrome Chrome = new("市科学技术局", "<b>王</b>", "办公室", IsReviewer: true);

    [Fact]
    public void User_text_in_a_page_and_in_the_chrome_is_encoded_and_Chinese_stays_readable()
    {
        var html = new WorkbenchPages().Render("message", "<script>alert(1)</script>标题", new MessageModel("<img src=x onerror=alert(1)>说明", "/x\" onclick=\"y", "链接"), Chrome);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>王</b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;标题", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;说明", html);
        Assert.DoesNotContain("onclick=\"y", html);
    }
}
