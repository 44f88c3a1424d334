using System.Net;
using System.Text.RegularExpressions;
using Disclosure.Integration.Tests.Support;
using Disclosure.Notifications;
using Microsoft.Extensions.DependencyInjection;
using static Disclosure.Integration.Tests.Intake.SubmissionTests;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The outbox page filters by status, channel, recipient and date and pages with a continuation kept in the links. The
/// outbox is shared with other tests, so every assertion is about this test's own recipient's messages.
/// </summary>
public class OutboxListFilterTests
{
    /// <summary>Records messages to a recipient no other test uses: three e-mails today, a robot message today, an e-mail in 2020.</summary>
    internal static async Task<(string Recipient, List<string> Today, string Robot, string Old)> RecordAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<IOutbox>();
        var recipient = "lp-" + Guid.NewGuid().ToString("N")[..10];
        Notification Message(string id, ChannelKind channel) => new()
        {
            Id = $"{recipient}-{id}",
            RecipientCode = recipient,
            RecipientName = "翻页测试处",
            Channels = [new ChannelAddress { Kind = channel, Address = channel == ChannelKind.Email ? "lp@kjj.gov.cn" : "Robots__lp" }],
            Subject = $"发件箱翻页 {id}",
            Text = "正文",
            Html = "<p>正文</p>",
            Markdown = "正文",
        };
        var now = DateTimeOffset.UtcNow;
        var today = new List<string>();
        foreach (var n in new[] { "a", "b", "c" })
        {
            Assert.True(await outbox.TryRecordAsync(Message(n, ChannelKind.Email), now));
            today.Add($"{recipient}-{n}");
        }
        Assert.True(await outbox.TryRecordAsync(Message("robot", ChannelKind.WeCom), now));
        // 2020-01-05 10:00 in Beijing.
        Assert.True(await outbox.TryRecordAsync(Message("old", ChannelKind.Email), new DateTimeOffset(2020, 1, 5, 2, 0, 0, TimeSpan.Zero)));
        return (recipient, today, $"{recipient}-robot", $"{recipient}-old");
    }

    [Fact]
    public async Task Pages_continue_after_the_last_key_and_the_filters_are_kept_in_the_links()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var (recipient, today, robot, old) = await RecordAsync(host.Services);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var oldDelivery = (await outbox.ListPageAsync(new OutboxFilter { RecipientCode = recipient, CreatedTo = new DateOnly(2020, 1, 5) }, 10, null)).Deliveries.Single();
        var claimed = await outbox.TryClaimAsync(oldDelivery, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        Assert.True(await outbox.MarkFailedAsync(claimed!, "550 mailbox unavailable", retryAt: null));

        // JSON: two a page, the next page's address in a Link header with the filter in it, every message once.
        var seen = new List<string>();
        var pages = 0;
        for (string? url = $"/api/outbox?recipient={recipient}&size=2"; url is not null; pages++)
        {
            using var response = await client.SendAsync(Get(url, "bgs", roles: "Administrator"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await Submissions.JsonOf(response)).EnumerateArray().Select(e => e.GetProperty("notificationId").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("recipient=" + recipient, url);
        }
        Assert.Equal(3, pages);
        Assert.Equal(today.Append(robot).Append(old).Order(), seen.Order());

        var chinaToday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        Assert.Equal([old], await IdsAsync(client, $"/api/outbox?recipient={recipient}&status=failed"));
        Assert.Equal(today.Append(robot).Order(), (await IdsAsync(client, $"/api/outbox?recipient={recipient}&status=Pending")).Order());
        Assert.Equal([robot], await IdsAsync(client, $"/api/outbox?recipient={recipient}&channel=WeCom"));
        Assert.Equal(today.Append(robot).Order(), (await IdsAsync(client, $"/api/outbox?recipient={recipient}&from={chinaToday}&to={chinaToday}")).Order());
        Assert.Equal([old], await IdsAsync(client, $"/api/outbox?recipient={recipient}&from=2020-01-05&to=2020-01-05"));
        Assert.Empty(await IdsAsync(client, $"/api/outbox?recipient={recipient}&status=Delivered"));

        // The page: the form shows the filter in force, 下一页 keeps it, an empty result says the filters found nothing.
        using var first = await client.SendAsync(Get($"/api/outbox?recipient={recipient}&channel=Email&size=2", "bgs", html: true, roles: "Administrator"));
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{recipient}\"", html);
        Assert.Matches("<option value=\"Email\" selected>", html);
        var nextLink = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(nextLink.Success, html);
        var next = WebUtility.HtmlDecode(nextLink.Groups[1].Value);
        Assert.Contains("channel=Email", next);
        Assert.Contains("size=2", next);
        using var second = await client.SendAsync(Get(next, "bgs", html: true, roles: "Administrator"));
        var secondHtml = await second.Content.ReadAsStringAsync();
        Assert.Contains("第一页", secondHtml);
        Assert.DoesNotContain("发件箱翻页 robot", secondHtml);
        using var none = await client.SendAsync(Get($"/api/outbox?recipient={recipient}&status=Delivered", "bgs", html: true, roles: "Administrator"));
        Assert.Contains("没有符合筛选条件的消息", await none.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("status=Lost", "状态（status）")]
    [InlineData("status=3", "状态（status）")]
    [InlineData("channel=Fax", "渠道（channel）")]
    [InlineData("recipient=a%2Fb", "收件方（recipient）")]
    [InlineData("from=2026-02-30", "生成日期起（from）")]
    [InlineData("from=2026-03-01&to=2026-02-01", "不能晚于")]
    [InlineData("size=0", "每页条数（size）")]
    [InlineData("after=no-slash", "翻页位置（after）")]
    public async Task A_wrong_filter_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var problem = await ListPages.AssertWrongFilterAsync(client, "/api/outbox?" + query, (url, html) => Get(url, "bgs", html, "Administrator"), named);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains(named));
    }

    /// <summary>Every notification id the outbox answers, following its next links.</summary>
    private static Task<List<string>> IdsAsync(HttpClient client, string url)
        => ListPages.IdsAsync(client, url, next => Get(next, "bgs", roles: "Administrator"),
            page => page.EnumerateArray().Select(e => e.GetProperty("notificationId").GetString()!));
}
