using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The review queue filters by department, column and title and pages with a continuation kept in the links, as the
/// other lists do. Other tests' items wait in the same queue, so every assertion is about this test's own (a tag in the
/// title).
/// </summary>
public class ReviewQueuePagingTests
{
    private static HttpRequestMessage Reviewer(string url, bool html = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url).As("李审核", "bgs", Role.Reviewer);
        if (html) request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    /// <summary>An item waiting for review, written to the store as the check leaves it (no check runs in these tests).</summary>
    private static Task<DisclosureItem> AwaitingReviewAsync(IServiceProvider services, string title, string department)
        => StoredItems.WriteAsync(services, title, department, "tzgg", ItemState.AwaitingReview, AuditAction.Checked);

    [Fact]
    public async Task Pages_continue_after_the_last_id_and_the_links_keep_the_filters()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var tag = "审核翻页" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        foreach (var (n, department) in new[] { (1, "bgs"), (2, "cwc"), (3, "cwc"), (4, "xmc"), (5, "bgs") })
            ids.Add((await AwaitingReviewAsync(host.Services, $"{tag}通知{n}", department)).Id);

        // JSON keeps its {items, publishFailed} body; two a page, the next page in a Link header with the filter; each once.
        var seen = new List<string>();
        var pages = 0;
        for (string? url = $"/api/reviews?title={Uri.EscapeDataString(tag)}&size=2"; url is not null; pages++)
        {
            using var response = await client.SendAsync(Reviewer(url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var page = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.True(page.Count <= 2, $"{page.Count} items on one page of 2");
            Assert.True(body.TryGetProperty("publishFailed", out _));
            seen.AddRange(page);
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("title=" + Uri.EscapeDataString(tag), url);
        }
        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(pages >= 3, $"{pages} pages");

        // Department and column are asked of the store.
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), (await IdsAsync(client, $"/api/reviews?title={Uri.EscapeDataString(tag)}&department=cwc")).Order());
        Assert.Empty(await IdsAsync(client, $"/api/reviews?title={Uri.EscapeDataString(tag)}&column=gzdt"));

        // A link to one item (the address a decision form posts to) opens the page that begins with it.
        using (var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress })
        using (var link = await noRedirect.SendAsync(Reviewer($"/api/reviews/{ids[3]}")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, link.StatusCode);
            var location = link.Headers.Location!.ToString();
            Assert.EndsWith($"#item-{ids[3]}", location);
            using var landed = await client.SendAsync(Reviewer(location[..location.IndexOf('#')] + "&size=1"));
            Assert.Equal([ids[3]], JsonDocument.Parse(await landed.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        }

        // The page: the form shows the filter in force, 下一页 keeps it and the size, the next page links back to the first.
        using var first = await client.SendAsync(Reviewer($"/api/reviews?title={Uri.EscapeDataString(tag)}&size=2", html: true));
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{tag}\"", html);
        var nextLink = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(nextLink.Success, html);
        var next = WebUtility.HtmlDecode(nextLink.Groups[1].Value);
        Assert.Contains("title=" + Uri.EscapeDataString(tag), next);
        Assert.Contains("size=2", next);
        using var second = await client.SendAsync(Reviewer(next, html: true));
        Assert.Contains("第一页", await second.Content.ReadAsStringAsync());
        using var none = await client.SendAsync(Reviewer($"/api/reviews?title={Uri.EscapeDataString(tag)}&department=rsc", html: true));
        Assert.Contains("没有符合筛选条件的待审核信息", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Items_submitted_through_the_host_come_worst_first_in_pages_of_one()
    {
        // Issue 17: the whole queue is ranked by what the check found (blocks, then reviews, then how many, then the oldest
        // check), not a page at a time. Three items submitted through the host and checked by the real check: in pages of
        // one, the item with two findings for review comes first, then the one with one, then the clean one, each once,
        // though the clean one was checked first.
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var tag = "审核排序" + Guid.NewGuid().ToString("N")[..8];
        var today = ChinaTime.Today(TimeProvider.System);
        async Task<string> SubmitAsync(int n, string body)
        {
            var fields = Submissions.Valid($"{tag}通知{n}");
            (fields["formedOn"], fields["documentNumber"], fields["body"]) = (today.ToString("yyyy-MM-dd"), $"市科发〔{today.Year}〕{30 + n}号", body);
            using var submitted = await client.SendAsync(Submissions.Json(fields));
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;
            await Eventually.ReadAsync(async () => (await host.Services.GetRequiredService<IItemStore>().GetAsync(id))!.Item.State,
                state => state == ItemState.AwaitingReview);
            return id;
        }
        var clean = await SubmitAsync(1, "各有关单位：现将有关事项通知如下。");
        var one = await SubmitAsync(2, "各有关单位：联系人电话13912345678。");
        var two = await SubmitAsync(3, "各有关单位：联系人电话13912345678，护照号码E12345678。");

        Assert.Equal([two, one, clean], await IdsAsync(client, $"/api/reviews?title={Uri.EscapeDataString(tag)}&size=1"));
    }

    [Theory]
    [InlineData("size=0", "每页条数（size）")]
    [InlineData("size=501", "每页条数（size）")]
    [InlineData("department=nosuch", "责任处室（department）")]
    [InlineData("column=a%2Fb", "栏目（column）")]
    [InlineData("after=..%2F..", "翻页位置（after）")]
    public async Task A_wrong_filter_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        await ListPages.AssertWrongFilterAsync(client, "/api/reviews?" + query, Reviewer, named);
    }

    private static Task<List<string>> IdsAsync(HttpClient client, string url)
        => ListPages.IdsAsync(client, url, next => Reviewer(next),
            page => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
}
