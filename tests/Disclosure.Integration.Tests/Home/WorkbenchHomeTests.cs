using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// The staff home page on the real host against Azurite: each role sees its tasks with counts from the stores, the
/// 立即发布 button publishes with its form token and shows the run's result, a department user can do neither, the status
/// page stops reloading once the check is done, and the pages pass the Nu HTML checker and axe. Other tests share the
/// storage, so counts are asserted to include this test's own items, never to equal a total.
/// </summary>
public class WorkbenchHomeTests
{
    private static readonly string Clerk = RequestPrincipal.Encode("主页测试科员", "xmc", Role.Submitter);
    private static readonly string Reviewer = RequestPrincipal.Encode("主页测试审核", "bgs", Role.Reviewer);
    private static readonly string Administrator = RequestPrincipal.Encode("主页测试管理", "bgs", Role.Administrator);

    private static HttpRequestMessage As(HttpMethod method, string url, string identity, string id, string accept = "text/html", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(RequestPrincipal.Header, identity);
        request.Headers.Add(RequestPrincipal.IdHeader, id);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> SubmitAsync(HttpClient client, string title)
    {
        using var request = As(HttpMethod.Post, "/api/submissions", Clerk, "oid-home-clerk", "application/json", JsonContent.Create(Submissions.Valid(title)));
        var (status, body) = await SendAsync(client, request);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> StateAsync(HttpClient client, string id, params string[] settled)
        => await Eventually.ReadAsync(async () =>
        {
            var (_, body) = await SendAsync(client, As(HttpMethod.Get, $"/api/submissions/{id}", Clerk, "oid-home-clerk", "application/json"));
            return JsonDocument.Parse(body).RootElement.GetProperty("item").GetProperty("state").GetString()!;
        }, s => settled.Contains(s));

    private static async Task<JsonElement> CountsAsync(HttpClient client, string identity, string id)
    {
        var (status, body) = await SendAsync(client, As(HttpMethod.Get, "/api/workbench", identity, id, "application/json"));
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Each_role_sees_its_tasks_counted_from_the_stores_publishes_from_the_button_and_the_pages_pass_nu_and_axe()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();

        // One item comes back to the department (已退回), another waits for a reviewer.
        var returned = await SubmitAsync(client, "主页测试：将被退回的通知");
        var waiting = await SubmitAsync(client, "主页测试：等待审核的通知");
        Assert.Equal("AwaitingReview", await StateAsync(client, returned, "AwaitingReview", "Returned"));
        Assert.Equal("AwaitingReview", await StateAsync(client, waiting, "AwaitingReview"));
        var (rejected, _) = await SendAsync(client, As(HttpMethod.Post, $"/api/reviews/{returned}", Reviewer, "oid-home-reviewer", "application/json",
            JsonContent.Create(new { decision = "reject", reason = "请补充文号依据", version = 1 })));
        Assert.Equal(HttpStatusCode.OK, rejected);

        // The status page of a settled item does not reload itself.
        var (_, statusPage) = await SendAsync(client, As(HttpMethod.Get, $"/api/submissions/{waiting}", Clerk, "oid-home-clerk"));
        Assert.DoesNotContain("http-equiv=\"refresh\"", statusPage);

        // Counts from the stores: at least this test's own items, and only the tasks of the person's roles.
        var clerkCounts = await CountsAsync(client, Clerk, "oid-home-clerk");
        Assert.True(clerkCounts.GetProperty("returnedToDepartment").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Null, clerkCounts.GetProperty("waitingForMyStep").ValueKind);
        var reviewerCounts = await CountsAsync(client, Reviewer, "oid-home-reviewer");
        Assert.True(reviewerCounts.GetProperty("waitingForMyStep").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Null, reviewerCounts.GetProperty("returnedToDepartment").ValueKind);

        var (_, clerkHome) = await SendAsync(client, As(HttpMethod.Get, "/api/workbench", Clerk, "oid-home-clerk"));
        var (_, reviewerHome) = await SendAsync(client, As(HttpMethod.Get, "/api/workbench", Reviewer, "oid-home-reviewer"));
        var (_, adminHome) = await SendAsync(client, As(HttpMethod.Get, "/api/workbench", Administrator, "oid-home-admin"));
        Assert.Matches("已退回 [1-9][0-9]* 条", clerkHome);
        Assert.DoesNotContain("立即发布", clerkHome);
        Assert.Matches("待您签署 [1-9][0-9]* 条", reviewerHome);
        Assert.Contains("<a href=\"/api/workbench\">工作台首页</a>", clerkHome);
        Assert.Contains("<a href=\"/api/outbox\">消息发件箱</a>", adminHome);

        // A department user cannot publish, with or without a token of their own.
        var clerkToken = WorkbenchForms.FormToken((await SendAsync(client, As(HttpMethod.Get, "/api/submissions/new", Clerk, "oid-home-clerk"))).Body);
        var (clerkPublish, _) = await SendAsync(client, As(HttpMethod.Post, "/api/publications", Clerk, "oid-home-clerk",
            content: new FormUrlEncodedContent(new Dictionary<string, string> { ["formToken"] = clerkToken })));
        Assert.Equal(HttpStatusCode.Forbidden, clerkPublish);

        // The button without the administrator's own token publishes nothing.
        var (forged, forgedPage) = await SendAsync(client, As(HttpMethod.Post, "/api/publications", Administrator, "oid-home-admin",
            content: new FormUrlEncodedContent(new Dictionary<string, string> { ["formToken"] = clerkToken })));
        Assert.Equal(HttpStatusCode.Forbidden, forged);
        Assert.Contains(HttpTexts.FormTokenInvalid, forgedPage);

        // The button with it: the run's result as a page (another test's run may hold the lock for a moment).
        var token = WorkbenchForms.FormToken(adminHome);
        var (published, resultPage) = await Eventually.ReadAsync(() => SendAsync(client, As(HttpMethod.Post, "/api/publications", Administrator, "oid-home-admin",
            content: new FormUrlEncodedContent(new Dictionary<string, string> { ["formToken"] = token }))), r => r.Status != HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, published);
        Assert.Contains("<title>立即发布的结果", resultPage);
        Assert.Matches("<dd id=\"result-written\">[0-9]+ 个", resultPage);
        Assert.Matches("<dd id=\"result-duration\">[0-9.]+ 秒</dd>", resultPage);

        // The JSON route is as it was.
        var (jsonStatus, json) = await Eventually.ReadAsync(() => SendAsync(client, As(HttpMethod.Post, "/api/publications", Administrator, "oid-home-admin", "application/json")),
            r => r.Status != HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        Assert.True(JsonDocument.Parse(json).RootElement.TryGetProperty("blobsWritten", out _));

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["home-clerk.html"] = clerkHome, ["home-reviewer.html"] = reviewerHome, ["home-admin.html"] = adminHome, ["publication-result.html"] = resultPage,
        }));
        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');
        var axe = (await AxeChecker.CheckAsync(baseUrl, ["/api/workbench"], new Dictionary<string, string> { [RequestPrincipal.Header] = Clerk }))
            .Concat(await AxeChecker.CheckAsync(baseUrl, ["/api/workbench"], new Dictionary<string, string> { [RequestPrincipal.Header] = Administrator },
                new Dictionary<string, string> { ["publication-result"] = resultPage }))
            .ToList();
        Assert.Equal(3, axe.Count);
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
