using System.Net;
using Disclosure.Integration.Tests.Support;
using static Disclosure.Integration.Tests.Intake.SubmissionTests;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The submissions list filters by state, department, column, date and title, and pages with a continuation kept in the
/// links. Other tests' items share the storage, so every assertion is about this test's own items (a tag in the title).
/// </summary>
public class SubmissionListFilterTests
{
    [Fact]
    public async Task Pages_continue_after_the_last_key_and_the_next_links_keep_the_filters()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var tag = "翻页" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        foreach (var (n, department) in new[] { (1, "bgs"), (2, "cwc"), (3, "cwc"), (4, "xmc"), (5, "bgs") })
            ids.Add((await Submissions.JsonOf(await client.SendAsync(Submissions.Json(Submissions.Valid($"{tag}通知{n}"), department)))).GetProperty("id").GetString()!);

        // JSON: two a page, the next page's address in a Link header, the same filter in it, every item once.
        var seen = new List<string>();
        var url = $"/api/submissions?title={Uri.EscapeDataString(tag)}&size=2";
        var pages = 0;
        while (url is not null)
        {
            using var response = await client.SendAsync(Get(url, "bgs", roles: "Reviewer"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await Submissions.JsonOf(response)).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.True(page.Count <= 2);
            seen.AddRange(page);
            pages++;
            url = response.Headers.TryGetValues("Link", out var links) ? NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("title=" + Uri.EscapeDataString(tag), url);
        }
        Assert.Equal(ids.Order(), seen.Order());
        // At least three pages of two; more only when other tests' items made a page stop at its read limit.
        Assert.True(pages >= 3, $"{pages} pages");

        // Department and state filters are asked of the store; a department user sees only its own whatever it asks.
        var cwc = await IdsAsync(client, $"/api/submissions?title={Uri.EscapeDataString(tag)}&department=cwc", "bgs", "Reviewer");
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), cwc.Order());
        var own = await IdsAsync(client, $"/api/submissions?mine&title={Uri.EscapeDataString(tag)}&department=cwc", "xmc", "Submitter");
        Assert.Equal([ids[3]], own);
        Assert.Empty(await IdsAsync(client, $"/api/submissions?title={Uri.EscapeDataString(tag)}&state=Published", "bgs", "Reviewer"));
        Assert.Equal(5, (await IdsAsync(client, $"/api/submissions?title={Uri.EscapeDataString(tag)}&state=Submitted&column=tzgg", "bgs", "Reviewer")).Count);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        Assert.Equal(5, (await IdsAsync(client, $"/api/submissions?title={Uri.EscapeDataString(tag)}&from={today}&to={today}", "bgs", "Reviewer")).Count);
        Assert.Empty(await IdsAsync(client, $"/api/submissions?title={Uri.EscapeDataString(tag)}&to=2020-01-01", "bgs", "Reviewer"));

        // The page: the form shows the filter in force, 下一页 keeps it, an empty result says the filters found nothing.
        using var first = await client.SendAsync(Get($"/api/submissions?title={Uri.EscapeDataString(tag)}&size=2", "bgs", html: true, roles: "Reviewer"));
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{tag}\"", html);
        var nextLink = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(nextLink.Success, html);
        var next = WebUtility.HtmlDecode(nextLink.Groups[1].Value);
        Assert.Contains("title=" + Uri.EscapeDataString(tag), next);
        Assert.Contains("size=2", next);
        using var second = await client.SendAsync(Get(next, "bgs", html: true, roles: "Reviewer"));
        Assert.Contains("第一页", await second.Content.ReadAsStringAsync());
        using var none = await client.SendAsync(Get($"/api/submissions?title={Uri.EscapeDataString(tag)}&state=Withdrawn", "bgs", html: true, roles: "Reviewer"));
        Assert.Contains("没有符合筛选条件的信息", await none.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("state=Nonsense", "状态")]
    [InlineData("state=3", "状态")]
    [InlineData("from=2026-13-01", "更新日期起")]
    [InlineData("from=2026-12-01&to=2026-11-01", "不能晚于")]
    [InlineData("size=0", "每页条数")]
    [InlineData("size=100000", "每页条数")]
    [InlineData("after=..%2F..", "翻页位置")]
    [InlineData("department=nosuch", "责任处室")]
    [InlineData("column=nosuch", "栏目")]
    [InlineData("title=%01x", "控制字符")]
    public async Task A_wrong_filter_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        await ListPages.AssertWrongFilterAsync(client, "/api/submissions?" + query, (url, html) => Get(url, "bgs", html, "Reviewer"), named);
    }

    /// <summary>Every id the list answers, following its next links.</summary>
    private static Task<List<string>> IdsAsync(HttpClient client, string url, string department, string role)
        => ListPages.IdsAsync(client, url, next => Get(next, department, roles: role), page => page.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));

    internal static string NextOf(string link)
    {
        var match = System.Text.RegularExpressions.Regex.Match(link, "^<([^>]+)>; rel=\"next\"$");
        Assert.True(match.Success, link);
        return match.Groups[1].Value;
    }
}
