using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// The office handles an application in the workbench, without script and without the JSON API: the application's
/// page offers the events the lifecycle allows now, each a form; a recorded event goes back to the page with a notice
/// and its letter to download; what the law refuses comes back in Chinese with what was typed, and records nothing.
/// </summary>
public partial class ApplicationEventFormTests
{
    // Friday 2026-11-20, 17:00 China time: the whole answer period lies in 2026, whose calendar is known.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    [GeneratedRegex("name=\"id\" value=\"([^\"]+)\"")]
    private static partial Regex EventIdField();

    private static HttpRequestMessage AsOffice(HttpRequestMessage request) => request.As("周公开", "bgs", Role.Reviewer);

    private static HttpRequestMessage Page(string url, Func<HttpRequestMessage, HttpRequestMessage> who)
    {
        var request = who(new HttpRequestMessage(HttpMethod.Get, url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    /// <summary>The form as a browser posts it from this site's own page.</summary>
    private static HttpRequestMessage Form(string id, IReadOnlyDictionary<string, string> fields, string site = "same-origin")
    {
        var request = AsOffice(new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/events") { Content = new FormUrlEncodedContent(fields) });
        request.Headers.Add("Sec-Fetch-Site", site);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    private static async Task<string> FormAsync(HttpClient client, string id, string kind)
    {
        using var response = await client.SendAsync(Page($"/api/applications/{id}/events/new?kind={kind}", AsOffice));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    private static async Task<JsonElement> RecordAsync(HttpClient client, string id)
    {
        using var response = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}")));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static string[] Kinds(JsonElement application) => application.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray();

    [Fact]
    public async Task The_office_assigns_extends_and_replies_through_forms_and_downloads_the_reply()
    {
        await using var host = await TestHosts.StartAsync(null, runQueues: false, services: s => s.AddSingleton<TimeProvider>(Clock));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var letter = new
        {
            applicantKind = "natural-person", name = "赵表单", idDocumentType = "居民身份证", idDocumentNumber = ResidentIds.Random(), phone = "13600000000",
            informationSought = "2025年度科技计划项目验收结果", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-16",
        };
        var registration = AsOffice(new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = new StringContent(JsonSerializer.Serialize(letter), Encoding.UTF8, "application/json"),
        });
        using var registered = await client.SendAsync(registration);
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        // The page offers what the lifecycle allows in 已收到, and nothing that belongs to a reply already given.
        using var page = await client.SendAsync(Page($"/api/applications/{id}", AsOffice));
        var pageHtml = await page.Content.ReadAsStringAsync();
        Assert.Contains($"/api/applications/{id}/events/new?kind=assigned", pageHtml);
        Assert.Contains($"/api/applications/{id}/events/new?kind=extended", pageHtml);
        Assert.Contains($"/api/applications/{id}/events/new?kind=replied", pageHtml);
        Assert.DoesNotContain("kind=challenge-filed", pageHtml);
        Assert.DoesNotContain("kind=clarification-received", pageHtml);

        // 交办: posted twice (a double click, or the browser's back and again), recorded once.
        var assign = await FormAsync(client, id, "assigned");
        var fields = new Dictionary<string, string>
        {
            ["kind"] = "assigned", ["id"] = EventIdField().Match(assign).Groups[1].Value, ["on"] = "2026-11-17", ["department"] = "xmc",
        };
        for (var i = 0; i < 2; i++)
        {
            using var assigned = await client.SendAsync(Form(id, fields));
            Assert.Equal(HttpStatusCode.SeeOther, assigned.StatusCode);
            Assert.Equal($"/api/applications/{id}?recorded=assigned", assigned.Headers.Location!.ToString());
        }
        var afterAssign = await RecordAsync(client, id);
        Assert.Equal(["registered", "assigned"], Kinds(afterAssign));
        Assert.Equal("xmc", afterAssign.GetProperty("department").GetString());
        using var notice = await client.SendAsync(Page($"/api/applications/{id}?recorded=assigned", AsOffice));
        Assert.Contains("已登记：交办", await notice.Content.ReadAsStringAsync());

        // 延期 beyond the law's 20 working days: refused in Chinese, what was typed kept, nothing recorded.
        var extend = await FormAsync(client, id, "extended");
        using var tooLong = await client.SendAsync(Form(id, new Dictionary<string, string>
        {
            ["kind"] = "extended", ["id"] = EventIdField().Match(extend).Groups[1].Value, ["on"] = "2026-11-18", ["days"] = "25",
            ["approvedBy"] = "公开办主任", ["reason"] = "需调取三年前的项目档案",
        }));
        var tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("不超过 20 的整数", tooLongHtml);
        Assert.Contains("需调取三年前的项目档案", tooLongHtml);
        Assert.Contains("value=\"公开办主任\"", tooLongHtml);
        // A control character pasted into the reason: named, and shown again as U+FFFD so the page stays valid HTML.
        using var pasted = await client.SendAsync(Form(id, new Dictionary<string, string>
        {
            ["kind"] = "extended", ["id"] = EventIdField().Match(extend).Groups[1].Value, ["on"] = "2026-11-18", ["days"] = "10",
            ["approvedBy"] = "公开办主任", ["reason"] = "需调取\u0007档案",
        }));
        var pastedHtml = await pasted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, pasted.StatusCode);
        Assert.Contains("控制字符", pastedHtml);
        Assert.Contains("需调取\uFFFD档案", pastedHtml);
        using var noApprover = await client.SendAsync(Form(id, new Dictionary<string, string>
        {
            ["kind"] = "extended", ["id"] = EventIdField().Match(extend).Groups[1].Value, ["on"] = "2026-11-18", ["days"] = "10", ["reason"] = "需调取档案",
        }));
        var noApproverHtml = await noApprover.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, noApprover.StatusCode);
        Assert.Contains("负责人同意", noApproverHtml);
        Assert.Equal(["registered", "assigned"], Kinds(await RecordAsync(client, id)));

        // A page of another site cannot make the office's browser record anything.
        using var forged = await client.SendAsync(Form(id, new Dictionary<string, string>
        {
            ["kind"] = "withdrawn", ["id"] = Guid.NewGuid().ToString("N"), ["on"] = "2026-11-18",
        }, site: "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // 答复 with its row of table 三: the page then links the 答复书, which downloads.
        var reply = await FormAsync(client, id, "replied");
        Assert.Contains("<option value=\"三(三)1\">三(三)1 不予公开：1.属于国家秘密</option>", reply);
        using var replied = await client.SendAsync(Form(id, new Dictionary<string, string>
        {
            ["kind"] = "replied", ["id"] = EventIdField().Match(reply).Groups[1].Value, ["on"] = "2026-11-19", ["outcome"] = "三(一)",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, replied.StatusCode);
        var answered = await RecordAsync(client, id);
        Assert.Equal("replied", answered.GetProperty("state").GetString());
        var letterUrl = answered.GetProperty("events").EnumerateArray().Last().GetProperty("letterUrl").GetString()!;
        using var repliedPage = await client.SendAsync(Page($"/api/applications/{id}?recorded=replied", AsOffice));
        var repliedHtml = await repliedPage.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{letterUrl}\"", repliedHtml);
        Assert.Contains("下载政府信息公开申请答复书", repliedHtml);
        Assert.Contains("kind=challenge-filed", repliedHtml); // after the reply: 复议 or 诉讼 may be recorded
        Assert.DoesNotContain("kind=extended", repliedHtml);
        using var docx = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, letterUrl)));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);

        // An event the state no longer allows is a page saying so, not a form.
        using var late = await client.SendAsync(Page($"/api/applications/{id}/events/new?kind=extended", AsOffice));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("不能登记", await late.Content.ReadAsStringAsync());

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["application-office.html"] = repliedHtml, ["event-assign.html"] = assign, ["event-reply.html"] = reply,
            ["event-refused.html"] = noApproverHtml, ["event-invalid.html"] = tooLongHtml, ["event-pasted.html"] = pastedHtml,
        }));
    }

    [Fact]
    public async Task The_handling_department_is_offered_only_its_own_events()
    {
        await using var host = await TestHosts.StartAsync(null, runQueues: false, services: s => s.AddSingleton<TimeProvider>(Clock));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var letter = new
        {
            applicantKind = "natural-person", name = "钱承办", idDocumentType = "居民身份证", idDocumentNumber = ResidentIds.Random(), phone = "13600000000",
            informationSought = "某项目的评审专家名单", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-16",
        };
        using var registered = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = new StringContent(JsonSerializer.Serialize(letter), Encoding.UTF8, "application/json"),
        }));
        var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var assigned = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/events")
        {
            Content = new StringContent("""{"kind":"assigned","on":"2026-11-17","department":"xmc","id":"assign-1"}""", Encoding.UTF8, "application/json"),
        }));
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);

        HttpRequestMessage Department(HttpRequestMessage request) => request.As("吴承办", "xmc", Role.Submitter);
        using var page = await client.SendAsync(Page($"/api/applications/{id}", Department));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("kind=third-party-consulted", html);
        Assert.Contains("kind=clarification-requested", html);
        Assert.DoesNotContain("kind=replied", html); // the reply is the office's (Art. 36)
        Assert.DoesNotContain("/letters/", html);
        using var reply = await client.SendAsync(Page($"/api/applications/{id}/events/new?kind=replied", Department));
        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
    }
}
