using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// Art. 44 from the applicant's side through the local host on Azurite: the status page's form (no script) suggests
/// publication once, and the office's proposals list shows the suggestion.
/// </summary>
public class ProactiveSuggestionFlowTests
{
    private static HttpRequestMessage Html(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    [Fact]
    public async Task The_applicant_suggests_publication_from_the_status_page_and_the_office_sees_it_with_the_proposals()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Applications:PerClientPerHour"] = "1000" },
            runQueues: false, environment: "Production", services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var sought = $"本局2026年度专项资金分配结果（{Guid.NewGuid():N}）";
        using var filed = await client.PostAsync("/api/applications", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString("N"), ["applicantKind"] = "business", ["name"] = "某某有限公司", ["idDocumentType"] = "统一社会信用代码",
            ["idDocumentNumber"] = "91330100MA2YYTYY0K", ["phone"] = "0571-80000000", ["informationSought"] = sought, ["deliveryForm"] = "电子邮件", ["website"] = "",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, filed.StatusCode);
        var statusUrl = filed.Headers.Location!.ToString().Replace("&created=1", "", StringComparison.Ordinal);
        var id = statusUrl.Split('/', '?')[3];
        var token = statusUrl.Split("token=")[1];

        var page = await (await client.SendAsync(Html(HttpMethod.Get, statusUrl))).Content.ReadAsStringAsync();
        Assert.Contains($"<form action=\"/api/applications/{id}/suggestion\" method=\"post\">", page);
        Assert.Contains($"name=\"token\" value=\"{token}\"", page);
        Assert.DoesNotContain("<script", page);

        var fields = new Dictionary<string, string> { ["token"] = token, ["reason"] = "同行业企业普遍关心" };
        using var suggested = await client.SendAsync(Html(HttpMethod.Post, $"/api/applications/{id}/suggestion", new FormUrlEncodedContent(fields)));
        Assert.Equal(HttpStatusCode.SeeOther, suggested.StatusCode);
        Assert.Equal(statusUrl + "&suggested=1", suggested.Headers.Location!.ToString());
        using var twice = await client.SendAsync(Html(HttpMethod.Post, $"/api/applications/{id}/suggestion", new FormUrlEncodedContent(fields)));
        Assert.Equal(HttpStatusCode.SeeOther, twice.StatusCode); // a double click: the same answer, nothing recorded twice
        using var guessed = await client.PostAsync($"/api/applications/{id}/suggestion", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "guess" }));
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);

        var after = await (await client.SendAsync(Html(HttpMethod.Get, statusUrl + "&suggested=1"))).Content.ReadAsStringAsync();
        Assert.Contains("已收到您将所申请信息纳入主动公开范围的建议", after);
        Assert.Contains("建议主动公开", after);
        Assert.DoesNotContain("/suggestion\" method=\"post\"", after);
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["status.html"] = page, ["after.html"] = after }));

        using var list = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/applications/proposals").As("周公开", "bgs", Role.Reviewer));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var suggestions = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("suggestions").EnumerateArray().Where(s => s.GetProperty("id").GetString() == id).ToList();
        var mine = Assert.Single(suggestions);
        Assert.Equal(sought, mine.GetProperty("informationSought").GetString());
        Assert.Equal("同行业企业普遍关心", mine.GetProperty("reason").GetString());
        Assert.Equal("2026-11-26", mine.GetProperty("suggestedOn").GetString());
        Assert.False(mine.GetProperty("inProposal").GetBoolean());
        Assert.DoesNotContain("91330100MA2YYTYY0K", mine.GetRawText());
    }
}
