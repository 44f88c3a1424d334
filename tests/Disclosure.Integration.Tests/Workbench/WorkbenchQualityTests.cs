using System.Net;
using System.Net.Http.Headers;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// Every workbench page type, with real content (an item whose check found personal data and waits for review, a
/// published item in the 目录, filtered lists with a next page, empty filtered lists, a wrong filter, an error message, the
/// statistics with its chart, the annual report's figures form), passes axe-core's WCAG 2.1 AA rules and the Nu HTML Checker, as the portal's pages do.
/// </summary>
public class WorkbenchQualityTests
{
    [Fact]
    public async Task Every_workbench_page_type_passes_axe_and_the_Nu_HTML_checker()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var everyone = RequestPrincipal.Encode("王晓明", "bgs", Role.Submitter, Role.Reviewer, Role.Administrator);
        var tag = "质量" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        foreach (var n in new[] { 1, 2 })
        {
            var body = Submissions.Valid($"关于{tag}第{n}批科技项目申报的通知");
            body["body"] = "联系人：李老师，联系电话：13812345678，邮箱 lilaoshi@example.com。";
            using var request = Submissions.Json(body);
            request.Headers.Remove(RequestPrincipal.Header);
            request.Headers.Add(RequestPrincipal.Header, everyone);
            using var submitted = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            ids.Add((await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!);
        }
        foreach (var id in ids)
        {
            var state = await Eventually.ReadAsync(async () => (await ItemJourney.StatusAsync(client, id, everyone)).GetProperty("state").GetString(), s => s is "AwaitingReview");
            Assert.Equal("AwaitingReview", state);
        }
        await ReadingRoomCatalogueEndpointTests.PublishedAsync(host.Services, $"关于{tag}的公告");
        var filtered = $"/api/submissions?title={Uri.EscapeDataString(tag)}&size=1";
        // The messages may be delivered by another test's dispatcher meanwhile (the outbox table is shared): the empty
        // filtered list below asks for a recipient nobody writes to.
        var (recipient, _, _, _) = await OutboxListFilterTests.RecordAsync(host.Services);
        // An application handed in today, for the office's page with its events and two of the events' forms.
        var application = new StringContent(System.Text.Json.JsonSerializer.Serialize(new
        {
            applicantKind = "natural-person", name = "孙质量", idDocumentType = "居民身份证", idDocumentNumber = ResidentIds.Random(), phone = "13600000000",
            informationSought = "本局科技项目评审办法", deliveryForm = "纸质", channel = "in-person",
            receivedOn = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }), System.Text.Encoding.UTF8, "application/json");
        using var registering = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = application };
        registering.Headers.Add(RequestPrincipal.Header, everyone);
        using var registered = await client.SendAsync(registering);
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var applicationId = (await Submissions.JsonOf(registered)).GetProperty("id").GetString()!;
        var reports = host.Services.GetRequiredService<AnnualReportService>();
        for (var n = 1; n <= 2 * FiguresHistory.SavesPerArchivedPart; n++)
            Assert.True((await reports.SaveFiguresAsync(2015, new AnnualReportFigures { Year = 2015, LicensingDecisions = n }, "王晓明")).Saved);

        string[] pages =
        [
            "/api/submissions/new", $"/api/submissions/{ids[0]}", "/api/submissions?mine", filtered,
            $"/api/submissions?title={Uri.EscapeDataString(tag)}&state=Withdrawn", "/api/submissions?state=nonsense", "/api/reviews",
            $"/api/submissions/{ids[0]}/correction", "/api/obligations", "/api/inspections", "/api/outbox", "/api/applications",
            "/api/applications/new", "/api/statistics", "/api/statistics?department=bgs", "/api/reading-room/catalogue",
            $"/api/outbox?recipient={recipient}&channel=Email&size=2", $"/api/outbox?recipient=nobody-{recipient}&status=Delivered", "/api/outbox?status=Lost",
            "/api/applications?state=received&size=1", "/api/applications?dueBefore=2000-01-01", "/api/applications?state=nonsense",
            "/api/inspections?size=1", "/api/inspections?after=1900-01-01",
            "/api/annual-reports/2011/figures/edit",
            // The plan's forms and deletion pages (entries the plan tests never delete; a refusal page among them).
            "/api/plan/2026/edit", "/api/plan/2026/edit/department?key=bgs", "/api/plan/2026/edit/contact?key=bgs%3A0",
            "/api/plan/2026/edit/phase", "/api/plan/2026/edit/rule?key=gzdt-periodic", "/api/plan/2026/delete/contact?key=bgs%3A0",
            "/api/plan/2026/delete/department?key=bgs",
            // A column's own form, the leadership group's and the channels' (a column's deletion is always a refusal page).
            "/api/plan/2026/edit/column?key=gzdt", "/api/plan/2026/edit/leader?key=0", "/api/plan/2026/edit/channel?key=bgs%3A0",
            "/api/plan/2026/edit/channel?owner=leadership", "/api/plan/2026/delete/leader?key=0", "/api/plan/2026/delete/channel?key=bgs%3A0",
            "/api/plan/2026/delete/column?key=gzdt",
            // The office's page of an application with the events it may record, and two of their forms.
            $"/api/applications/{applicationId}", $"/api/applications/{applicationId}/events/new?kind=extended",
            $"/api/applications/{applicationId}/events/new?kind=replied",
            // The annual report's page: its texts, generation and submission.
            "/api/annual-reports/2011",
            // The review queue, the obligations and the statistics' month × column table a page at a time, with their paging links.
            $"/api/reviews?title={Uri.EscapeDataString(tag)}&size=1", "/api/obligations?size=1", "/api/statistics?size=1",
            // The figures' whole 修改记录: the saves the record keeps, with the next page of older ones.
            "/api/annual-reports/2015/figures/history",
            // A year's holiday arrangement: one to enter (no data), one shipped with the program (shown, no form).
            "/api/calendar/2099", "/api/calendar/2026",
            // Art. 44's proposals and the applicants' suggestions.
            "/api/applications/proposals",
        ];
        var headers = new Dictionary<string, string> { [RequestPrincipal.Header] = everyone };

        var documents = new Dictionary<string, string>();
        for (var i = 0; i < pages.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pages[i]);
            request.Headers.Add(RequestPrincipal.Header, everyone);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var response = await client.SendAsync(request);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            documents[$"page{i:D2}.html"] = await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("rel=\"next\"", documents["page03.html"]);
        Assert.Contains("没有符合筛选条件的信息", documents["page04.html"]);
        Assert.Contains("<svg", documents["page13.html"]);
        Assert.Contains(tag, documents["page15.html"]);
        Assert.Contains("rel=\"next\"", documents["page16.html"]);
        Assert.Contains("没有符合筛选条件的消息", documents["page17.html"]);
        Assert.Contains("状态（status）", documents["page18.html"]);
        Assert.Contains("没有符合筛选条件的申请", documents["page20.html"]);
        Assert.Contains("状态（state）", documents["page21.html"]);
        Assert.Contains("没有更早的自查报告", documents["page23.html"]);
        Assert.Contains("id=\"s6-fee-yuan\"", documents["page24.html"]); // the figures form with every entered figure
        Assert.Contains("登记办理事项", documents[$"page{Array.IndexOf(pages, $"/api/applications/{applicationId}"):D2}.html"]);
        Assert.Contains("name=\"days\"", documents[$"page{Array.IndexOf(pages, $"/api/applications/{applicationId}/events/new?kind=extended"):D2}.html"]);
        Assert.Contains("name=\"outcome\"", documents[$"page{Array.IndexOf(pages, $"/api/applications/{applicationId}/events/new?kind=replied"):D2}.html"]);
        Assert.Contains("name=\"problemsAndImprovements\"", documents[$"page{Array.IndexOf(pages, "/api/annual-reports/2011"):D2}.html"]);
        Assert.Contains("rel=\"next\"", documents[$"page{Array.IndexOf(pages, $"/api/reviews?title={Uri.EscapeDataString(tag)}&size=1"):D2}.html"]);
        Assert.Contains("rel=\"next\"", documents[$"page{Array.IndexOf(pages, "/api/annual-reports/2015/figures/history"):D2}.html"]);

        var nu = await NuHtmlChecker.CheckAsync(documents);
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), pages, headers);

        Assert.Equal(pages.Length, axe.Count);
        var problems = nu.Select(m => $"vnu {pages[int.Parse(m[4..6])]}: {m}")
            .Concat(axe.SelectMany(r => r.Violations.Select(v => $"axe {r.Path}: {v}"))).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
