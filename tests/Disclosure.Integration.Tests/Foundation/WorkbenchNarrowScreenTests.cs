using System.Net;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// The workbench on a 375×812 phone, every page type with real content (a submission whose check found personal data,
/// its 办理记录, the review queue; a title with a long web address in it): nothing scrolls sideways, labels sit by their values; and on a desktop the state
/// names in 原状态/新状态 stay whole (已提交, not 已提/交).
/// </summary>
public class WorkbenchNarrowScreenTests
{
    [Fact]
    public async Task Every_workbench_page_type_fits_a_375_px_phone()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var everyone = RequestPrincipal.Encode("王晓明", "bgs", Role.Submitter, Role.Reviewer, Role.Administrator);
        // A title with a long unbroken Latin run (a web address, as departments paste them) must wrap, not widen the page.
        var body = Submissions.Valid("关于公布2026年度科技型中小企业评价入库名单（第三批）的公告（原文见https://kjj.example.gov.cn/xxgk/tzgg/2026/kjxzxqypjrkmd_disanpi_gonggao.html）");
        body["body"] = "经企业自评、专家评审，现将入库名单公告如下。联系人：李老师，联系电话：13812345678，邮箱 lilaoshi@example.com。"
            + "名单全文见https://kjj.example.gov.cn/xxgk/tzgg/2026/attachments/kjxzxqypjrkmd_disanpi_quanwen_fujian1.pdf。";
        using var request = Submissions.Json(body);
        request.Headers.Remove(RequestPrincipal.Header);
        request.Headers.Add(RequestPrincipal.Header, everyone);
        using var submitted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;
        var state = await Eventually.ReadAsync(async () =>
        {
            using var status = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id}");
            status.Headers.Add(RequestPrincipal.Header, everyone);
            using var answer = await client.SendAsync(status);
            return (await Submissions.JsonOf(answer)).GetProperty("item").GetProperty("state").GetString();
        }, s => s is "AwaitingReview");
        Assert.Equal("AwaitingReview", state);

        string[] pages =
        [
            "/api/submissions/new", $"/api/submissions/{id}", "/api/submissions?mine", "/api/submissions", "/api/reviews",
            $"/api/submissions/{id}/correction", "/api/obligations", "/api/inspections", "/api/outbox",
            "/api/workbench", "/api/checks/new",
            "/api/submissions?size=1", "/api/statistics", "/api/reading-room/catalogue",
        ];
        var headers = new Dictionary<string, string> { [RequestPrincipal.Header] = everyone };
        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');

        // One browser for both viewports.
        var checks = await NarrowScreen.CheckAsync(baseUrl, pages, [NarrowScreen.Phone, NarrowScreen.Desktop], headers);
        var phone = checks.Where(c => c.Width == NarrowScreen.Phone.Width).ToList();
        var desktop = checks.Where(c => c.Width == NarrowScreen.Desktop.Width).ToList();

        Assert.Equal(pages.Length, phone.Count);
        var problems = phone.Concat(desktop).SelectMany(c => c.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
