using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The applications register pages with a continuation from the store and keeps its filters in the links. Other tests'
/// applications share the table, so every assertion is about this test's own applications.
/// </summary>
public class ApplicationListFilterTests
{
    private static async Task<LocalFunctionsHost> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero));
        return await TestHosts.StartAsync(runQueues: false, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    private static HttpRequestMessage Office(HttpMethod method, string url, object? body = null, bool html = false)
    {
        var request = new HttpRequestMessage(method, url).As("周公开", "bgs", Role.Reviewer);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        if (html) request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Five letters registered by the office, received 2026-11-16; the first two assigned to 项目处 (in progress).</summary>
    private static async Task<List<string>> RegisterAsync(HttpClient client)
    {
        var ids = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            using var created = await client.SendAsync(Office(HttpMethod.Post, "/api/applications", new
            {
                applicantKind = "business", name = "某某科技有限公司", idDocumentType = "统一社会信用代码", idDocumentNumber = "91330100MA2XX4XX0K",
                phone = "0571-88888888", informationSought = $"登记簿翻页测试 {n}", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-16",
            }));
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            ids.Add((await JsonOf(created)).GetProperty("id").GetString()!);
        }
        foreach (var id in ids.Take(2))
        {
            using var assigned = await client.SendAsync(Office(HttpMethod.Post, $"/api/applications/{id}/events",
                new { id = Guid.NewGuid().ToString("N"), kind = "assigned", on = "2026-11-17", department = "xmc" }));
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        return ids;
    }

    [Fact]
    public async Task Pages_continue_after_the_last_id_and_the_filters_are_kept_in_the_links()
    {
        await using var host = await StartAsync();
        using var client = host.Client();
        var ids = await RegisterAsync(client);

        // JSON keeps its {applications} body; the next page is in a Link header with the filter in it; each once.
        var seen = new List<string>();
        for (string? url = "/api/applications?department=xmc&size=1"; url is not null;)
        {
            using var response = await client.SendAsync(Office(HttpMethod.Get, url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await JsonOf(response)).GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
            Assert.True(page.Count <= 1);
            seen.AddRange(page);
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("department=xmc", url);
        }
        Assert.Equal(1, seen.Count(id => id == ids[0]));
        Assert.Equal(1, seen.Count(id => id == ids[1]));
        Assert.DoesNotContain(ids[2], seen);

        var received = await IdsAsync(client, "/api/applications?state=received", Office);
        Assert.Equal(ids[2..].Order(), received.Intersect(ids).Order());
        Assert.Equal(ids.Order(), (await IdsAsync(client, "/api/applications?dueBefore=2027-01-31", Office)).Intersect(ids).Order());
        Assert.Empty((await IdsAsync(client, "/api/applications?dueBefore=2026-11-17", Office)).Intersect(ids));

        // A department sees what is assigned to it, whatever department it asks for.
        HttpRequestMessage Xmc(HttpMethod method, string url, object? body = null, bool html = false) => new HttpRequestMessage(method, url).As("吴承办", "xmc", Role.Submitter);
        Assert.Equal(ids[..2].Order(), (await IdsAsync(client, "/api/applications", Xmc)).Intersect(ids).Order());
        Assert.Empty(await IdsAsync(client, "/api/applications?department=cwc", Xmc));

        // The page: the form shows the filter in force, 下一页 keeps it, an empty result says the filters found nothing.
        using var first = await client.SendAsync(Office(HttpMethod.Get, "/api/applications?department=xmc&size=1", html: true));
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains("<option value=\"xmc\" selected>", html);
        // The office registers letters, faxes and applications handed in: the register links its form; a department's page does not.
        Assert.Contains("href=\"/api/applications/new?register\"", html);
        var department = Xmc(HttpMethod.Get, "/api/applications");
        department.Headers.Accept.ParseAdd("text/html");
        using var departmentPage = await client.SendAsync(department);
        Assert.DoesNotContain("/api/applications/new?register", await departmentPage.Content.ReadAsStringAsync());
        var nextLink = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(nextLink.Success, html);
        var next = WebUtility.HtmlDecode(nextLink.Groups[1].Value);
        Assert.Contains("department=xmc", next);
        Assert.Contains("size=1", next);
        using var second = await client.SendAsync(Office(HttpMethod.Get, next, html: true));
        Assert.Contains("第一页", await second.Content.ReadAsStringAsync());
        using var none = await client.SendAsync(Office(HttpMethod.Get, "/api/applications?department=xmc&dueBefore=2020-01-01", html: true));
        Assert.Contains("没有符合筛选条件的申请", await none.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("state=nonsense", "状态（state）")]
    [InlineData("department=nosuch", "承办处室（department）")]
    [InlineData("department=a%2Fb", "承办处室（department）")]
    [InlineData("dueBefore=2026-13-01", "答复期限早于（dueBefore）")]
    [InlineData("size=501", "每页条数（size）")]
    [InlineData("after=..%2F..", "翻页位置（after）")]
    public async Task A_wrong_filter_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await StartAsync();
        using var client = host.Client();
        await ListPages.AssertWrongFilterAsync(client, "/api/applications?" + query, (url, html) => Office(HttpMethod.Get, url, html: html), named);
    }

    /// <summary>Every application id the register answers, following its next links.</summary>
    private static Task<List<string>> IdsAsync(HttpClient client, string url, Func<HttpMethod, string, object?, bool, HttpRequestMessage> who)
        => ListPages.IdsAsync(client, url, next => who(HttpMethod.Get, next, null, false),
            page => page.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
}
