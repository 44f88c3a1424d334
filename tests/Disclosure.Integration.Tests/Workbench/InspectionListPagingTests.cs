using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Identity;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The self-inspection reports list pages newest first, each page continuing with the days before the oldest one shown.
/// Other tests' reports share the container (today's date mostly), so this test's own reports are on days in the 1990s
/// and the assertions are about them.
/// </summary>
public class InspectionListPagingTests
{
    [Fact]
    public async Task Pages_run_newest_first_across_years_and_every_report_is_listed_once()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var store = host.Services.GetRequiredService<ISelfInspectionStore>();
        DateOnly[] own = [new(1993, 2, 1), new(1992, 12, 31), new(1992, 1, 2), new(1991, 7, 9), new(1991, 3, 5)];
        foreach (var day in own)
            await store.SaveAsync(day, [new ReportFile(SelfInspectionFiles.Json, "application/json", "{}"u8.ToArray())]);

        var seen = new List<string>();
        var pages = 0;
        for (string? url = "/api/inspections?size=2"; url is not null; pages++)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url).As("审核员", "bgs", Role.Reviewer));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(r => r.GetProperty("date").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
            url = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
            if (url is not null) Assert.Contains("size=2", url);
        }
        // Newest first throughout, nothing twice, this test's days all there and in order.
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var ownText = own.Select(d => d.ToString("yyyy-MM-dd")).ToList();
        Assert.Equal(ownText, seen.Where(ownText.Contains));
        Assert.True(pages >= 3, $"{pages} pages");

        // The page: 下一页 continues before the oldest day shown; past the oldest report it says so.
        using var html = await client.SendAsync(Html("/api/inspections?size=1&after=1992-12-31"));
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains("/api/inspections/1992-01-02/report.html", text);
        Assert.DoesNotContain("/api/inspections/1992-12-31/report.html", text);
        Assert.Contains("第一页", text);
        var next = Regex.Match(text, "<a href=\"([^\"]+)\" rel=\"next\">下一页</a>");
        Assert.True(next.Success, text);
        Assert.Equal("/api/inspections?size=1&after=1992-01-02", WebUtility.HtmlDecode(next.Groups[1].Value));
        using var none = await client.SendAsync(Html("/api/inspections?after=1900-01-01"));
        Assert.Contains("没有更早的自查报告", await none.Content.ReadAsStringAsync());

        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/inspections?after=yesterday").As("审核员", "bgs", Role.Reviewer));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Contains("翻页位置（after）", await wrong.Content.ReadAsStringAsync());
        using var wrongPage = await client.SendAsync(Html("/api/inspections?size=0"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPage.StatusCode);
        Assert.Contains("每页条数（size）", await wrongPage.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage Html(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url).As("审核员", "bgs", Role.Reviewer);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }
}
