using System.Net;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>A department opens its own statistics, not another's; the office sees all or picks one; a wrong year is 400 in Chinese.</summary>
public class StatisticsEndpointTests
{
    private static readonly string DepartmentUser = RequestPrincipal.Encode("赵科员", "xmc", Role.Submitter);
    private static readonly string Office = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    [Fact]
    public async Task A_department_sees_its_own_statistics_and_the_office_sees_any()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

        var before = (await JsonAsync(client, "/api/statistics", DepartmentUser)).GetProperty("total").GetProperty("submitted").GetInt32();
        using (var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid("统计页面用的通知"), "xmc")))
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var own = await JsonAsync(client, "/api/statistics", DepartmentUser);
        Assert.Equal(year, own.GetProperty("year").GetInt32());
        Assert.Equal("xmc", own.GetProperty("departmentCode").GetString());
        // Other tests may submit for xmc meanwhile, so at least this one more.
        Assert.True(own.GetProperty("total").GetProperty("submitted").GetInt32() >= before + 1);

        using var other = await client.SendAsync(Get("/api/statistics?department=bgs", DepartmentUser));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("本处室", await other.Content.ReadAsStringAsync());

        var office = await JsonAsync(client, "/api/statistics", Office);
        Assert.Equal("全部处室", office.GetProperty("scopeName").GetString());
        Assert.True(office.GetProperty("total").GetProperty("submitted").GetInt32() >= own.GetProperty("total").GetProperty("submitted").GetInt32());
        Assert.Equal("xmc", (await JsonAsync(client, "/api/statistics?department=xmc", Office)).GetProperty("departmentCode").GetString());

        using var badYear = await client.SendAsync(Get("/api/statistics?year=26", Office));
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Contains("年度", (await Submissions.JsonOf(badYear)).GetProperty("detail").GetString());
    }

    /// <summary>
    /// The month × column table comes in pages: each row once, in the order of the whole table, the next page keeping the
    /// year and department; the monthly totals are whole on every page. Items of 2003, a year no other test writes.
    /// </summary>
    [Fact]
    public async Task The_month_and_column_table_comes_in_pages_that_keep_the_year_and_department()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var catalogue = host.Services.GetRequiredService<CatalogueSettings>();
        foreach (var (month, column) in new[] { (1, "tzgg"), (1, "gzdt"), (3, "tzgg"), (6, "gzdt"), (6, "tzgg"), (6, "gzdt") })
            await StoredItems.WriteAsync(host.Services, "统计分页", "rsc", column, ItemState.Submitted, AuditAction.Submitted, year: 2003,
                at: new DateTimeOffset(2003, month, 10, 2, 0, 0, TimeSpan.Zero), shape: item => item with { FormedOn = new DateOnly(2003, month, 1) });

        var whole = await JsonAsync(client, "/api/statistics?year=2003&department=rsc&size=500", Office);
        var rows = Keys(whole);
        // One row per month and column, by month, then the catalogue's display order.
        Assert.Equal(new[] { "2003-01 tzgg", "2003-01 gzdt", "2003-03 tzgg", "2003-06 tzgg", "2003-06 gzdt" }.Order(new MonthThenDisplayOrder(catalogue)), rows);

        var seen = new List<string>();
        var pages = 0;
        for (string? url = "/api/statistics?year=2003&department=rsc&size=2"; url is not null; pages++)
        {
            using var response = await client.SendAsync(Get(url, Office));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Submissions.JsonOf(response);
            Assert.True(page.GetProperty("rows").GetArrayLength() <= 2, $"{page.GetProperty("rows").GetArrayLength()} rows on a page of 2");
            Assert.Equal(whole.GetProperty("months").ToString(), page.GetProperty("months").ToString());
            Assert.Equal(whole.GetProperty("total").ToString(), page.GetProperty("total").ToString());
            seen.AddRange(Keys(page));
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null)
            {
                Assert.Contains("year=2003", url);
                Assert.Contains("department=rsc", url);
            }
        }
        Assert.Equal(rows, seen);
        Assert.True(pages >= 3, $"{pages} pages");

        using var html = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/statistics?year=2003&department=rsc&size=2")
        {
            Headers = { { RequestPrincipal.Header, Office }, { "Accept", "text/html" } },
        });
        Assert.Matches("<a href=\"/api/statistics\\?year=2003&amp;department=rsc&amp;size=2&amp;after=[^\"]+\" rel=\"next\">下一页</a>", await html.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("size=0", "每页条数（size）")]
    [InlineData("after=13~tzgg", "翻页位置（after）")]
    public async Task A_wrong_page_is_a_400_that_names_it_in_Chinese(string query, string named)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        await ListPages.AssertWrongFilterAsync(client, "/api/statistics?" + query, (url, html) =>
        {
            var request = Get(url, Office);
            if (html) request.Headers.Accept.ParseAdd("text/html");
            return request;
        }, named);
    }

    private static List<string> Keys(System.Text.Json.JsonElement report)
        => report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("month").GetString() + " " + r.GetProperty("columnCode").GetString()).ToList();

    /// <summary>The table's order: by month, then the catalogue's display order of the columns.</summary>
    private sealed class MonthThenDisplayOrder(CatalogueSettings catalogue) : IComparer<string>
    {
        private readonly List<string> _columns = catalogue.InDisplayOrder().Select(c => c.Code).ToList();

        public int Compare(string? x, string? y)
        {
            var c = string.CompareOrdinal(x![..7], y![..7]);
            return c != 0 ? c : _columns.IndexOf(x[8..]).CompareTo(_columns.IndexOf(y[8..]));
        }
    }

    private static HttpRequestMessage Get(string url, string who)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestPrincipal.Header, who);
        return request;
    }

    private static async Task<System.Text.Json.JsonElement> JsonAsync(HttpClient client, string url, string who)
    {
        using var response = await client.SendAsync(Get(url, who));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Submissions.JsonOf(response);
    }
}
