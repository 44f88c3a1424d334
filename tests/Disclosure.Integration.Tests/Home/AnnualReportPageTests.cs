using System.Net;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// The annual report from the workbench alone, as an administrator without the JSON API would do it: the report's own
/// texts written on its page, a generation that still has system drafts refused for publication with the sections
/// named, the texts saved against the figures' version (a stale page writes nothing), the Word file downloaded, and
/// the report submitted into review like any item.
/// </summary>
public class AnnualReportPageTests
{
    // A year no other test writes figures or reports for (the figures tests use 2011–2017 and 2021, the reports 2024).
    private const int Year = 2018;
    private static readonly string Administrator = RequestPrincipal.Encode("年报测试管理员", "bgs", Role.Administrator, Role.Submitter);
    private static readonly string Clerk = RequestPrincipal.Encode("年报测试科员", "xmc", Role.Submitter);
    private static readonly string Page = $"/api/annual-reports/{Year}";

    private static readonly string[] Sections =
        ["overviewProactive", "overviewOnRequest", "overviewManagement", "overviewPlatform", "overviewOversight", "problemsAndImprovements", "otherMatters"];

    [Fact]
    public async Task An_administrator_writes_the_texts_generates_downloads_and_submits_the_report_from_its_page()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var (clerkStatus, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Clerk);
        Assert.Equal(HttpStatusCode.Forbidden, clerkStatus);

        var (openStatus, empty, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Administrator);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        foreach (var section in Sections) Assert.Contains($"name=\"{section}\"", empty);
        Assert.Contains("本年度报告尚未生成", empty);

        // Generated before any text is written: the Word file exists, but the drafts keep it from publication.
        var (generated, _, afterGenerate) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Page, Administrator, new() { ["generate"] = "1" });
        Assert.Equal(HttpStatusCode.SeeOther, generated);
        Assert.Equal($"{Page}?done=generated", afterGenerate);
        var (_, drafted, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, afterGenerate!, Administrator);
        Assert.Contains("报告已生成", drafted);
        Assert.Contains("仍是系统草稿", drafted);
        Assert.DoesNotContain("提交审核发布</button>", drafted);
        var (refusedStatus, refused, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, $"{Page}/submission", Administrator, new() { ["submit"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
        Assert.Contains("主动公开", refused); // the draft sections are named

        // The texts, saved against the version the page was opened at.
        var fields = WorkbenchForms.HiddenFields(drafted);
        foreach (var section in Sections) fields[section] = $"本机关{section}部分的表述：{Year}年，本局依法做好政府信息公开工作。";
        var stale = new Dictionary<string, string>(fields);
        var (textsSaved, _, afterTexts) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, $"{Page}/texts", Administrator, fields);
        Assert.Equal(HttpStatusCode.SeeOther, textsSaved);
        Assert.Equal($"{Page}?done=texts", afterTexts);

        // A second page opened before that save writes nothing, and keeps what was typed there.
        stale["otherMatters"] = "另一位同事的写法";
        var (staleStatus, stalePage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, $"{Page}/texts", Administrator, stale);
        Assert.Equal(HttpStatusCode.Conflict, staleStatus);
        Assert.Contains("另一位同事的写法", stalePage);
        var (_, figures, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/annual-reports/{Year}/figures", Administrator, accept: "application/json");
        Assert.Contains("本机关otherMatters部分的表述", figures);
        Assert.DoesNotContain("另一位同事的写法", figures);

        // Generated again with the bureau's texts: no drafts left; the Word file downloads; the report goes into review.
        Assert.Equal(HttpStatusCode.SeeOther, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Page, Administrator, new() { ["generate"] = "1" })).Status);
        var (_, ready, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Administrator);
        Assert.DoesNotContain("仍是系统草稿", ready);
        Assert.Contains($"href=\"/api/annual-reports/{Year}/docx\"", ready);
        var docx = new HttpRequestMessage(HttpMethod.Get, $"/api/annual-reports/{Year}/docx");
        docx.Headers.Add(RequestPrincipal.Header, Administrator);
        using var word = await client.SendAsync(docx);
        Assert.Equal(HttpStatusCode.OK, word.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", word.Content.Headers.ContentType?.MediaType);

        var (submitted, _, itemPage) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, $"{Page}/submission", Administrator, new() { ["submit"] = "1" });
        Assert.Equal(HttpStatusCode.SeeOther, submitted);
        Assert.Matches("^/api/submissions/[0-9a-f]{32}$", itemPage);
        var (itemStatus, item, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, itemPage!, Administrator);
        Assert.Equal(HttpStatusCode.OK, itemStatus);
        Assert.Contains($"{Year}年政府信息公开工作年度报告", item);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["report-empty.html"] = empty, ["report-drafted.html"] = drafted, ["report-stale.html"] = stalePage, ["report-ready.html"] = ready,
        }));
    }
}
