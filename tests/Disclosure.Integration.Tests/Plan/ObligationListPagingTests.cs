using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Integration.Tests.Workbench;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// The obligations list comes in pages like the other lists: the same obligations in the same order as one long page,
/// each once, the next page's address keeping the department and state; a wrong value is 400 naming it.
/// </summary>
[Collection(PlanCollection.Name)]
public class ObligationListPagingTests
{
    private static HttpRequestMessage Office(string url, bool html = false)
        => PlanHost.Get(url, html ? "text/html" : null).As("赵审核", "bgs", Role.Reviewer);

    private static IEnumerable<string> IdsOf(JsonElement report) => report.GetProperty("obligations").EnumerateArray().Select(o => o.GetProperty("id").GetString()!);

    private static async Task<List<(string Id, string Department, string State)>> WholeListAsync(HttpClient client)
    {
        using var whole = await client.SendAsync(Office("/api/obligations?size=500"));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.False(whole.Headers.Contains("Link"));
        return JsonDocument.Parse(await whole.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray()
            .Select(o => (Id: o.GetProperty("id").GetString()!, Department: o.GetProperty("department").GetString()!, State: o.GetProperty("state").GetString()!))
            .ToList();
    }

    [Fact]
    public async Task Pages_hold_every_obligation_once_in_the_order_of_the_whole_list()
    {
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        // The list holds the open applications of the store the tests share, to which tests running beside this one add:
        // a comparison that failed while the whole list changed underneath it is made again on the new list.
        for (var attempt = 1; ; attempt++)
        {
            var list = await WholeListAsync(client);
            try
            {
                await PagesMatchAsync(client, list);
                return;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3)
            {
                if ((await WholeListAsync(client)).SequenceEqual(list)) throw;
            }
        }
    }

    private static async Task PagesMatchAsync(HttpClient client, List<(string Id, string Department, string State)> list)
    {
        var all = list.Select(o => o.Id).ToList();
        Assert.True(all.Count >= 5, $"{all.Count} obligations");

        var seen = new List<string>();
        var pages = 0;
        for (string? url = "/api/obligations?size=2"; url is not null; pages++)
        {
            using var response = await client.SendAsync(Office(url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = IdsOf(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement).ToList();
            Assert.True(page.Count <= 2, $"{page.Count} obligations on a page of 2");
            seen.AddRange(page);
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("size=2", url);
        }
        Assert.Equal(all, seen);
        Assert.Equal((all.Count + 1) / 2, pages);

        // A state and a department narrow it; the next page keeps them.
        var overdue = await ListPages.IdsAsync(client, "/api/obligations?state=Overdue&size=1", next =>
        {
            Assert.Contains("state=Overdue", next);
            return Office(next);
        }, IdsOf);
        Assert.Equal(list.Where(o => o.State == "Overdue").Select(o => o.Id), overdue);
        Assert.NotEmpty(overdue);
        var busiest = list.GroupBy(o => o.Department).MaxBy(g => g.Count())!;
        Assert.True(busiest.Count() >= 2, "一个处室至少两项");
        var own = await ListPages.IdsAsync(client, $"/api/obligations?department={busiest.Key}&size=1", next =>
        {
            Assert.Contains($"department={busiest.Key}", next);
            return Office(next);
        }, IdsOf);
        Assert.Equal(busiest.Select(o => o.Id), own);

        // The page: 下一页 keeps the filters, the state links keep the department, the next page links back to the first.
        using var first = await client.SendAsync(Office($"/api/obligations?department={busiest.Key}&size=1", html: true));
        var html = await first.Content.ReadAsStringAsync();
        var nextLink = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(nextLink.Success, html);
        var next = WebUtility.HtmlDecode(nextLink.Groups[1].Value);
        Assert.Contains($"department={busiest.Key}", next);
        Assert.Contains("size=1", next);
        Assert.Contains($"<a href=\"/api/obligations?department={busiest.Key}&amp;state=Overdue&amp;size=1\">已逾期</a>", html);
        using var second = await client.SendAsync(Office(next, html: true));
        Assert.Contains("第一页", await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("size=abc", "每页条数（size）")]
    [InlineData("state=Late", "状态（state）")]
    [InlineData("department=a%2Fb", "责任处室（department）")]
    [InlineData("department=nosuch", "责任处室（department）")]
    [InlineData("after=%21%21%21", "翻页位置（after）")]
    public async Task A_wrong_value_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        await ListPages.AssertWrongFilterAsync(client, "/api/obligations?" + query, Office, named);
    }
}
