using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Workbench;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>
/// The status page of an item whose check has not run (已提交; this host runs no queues): it passes axe with every WCAG 2.1
/// A/AA rule, meta-refresh included, and the Nu checker; in Chromium under its own policy it never reloads itself, its
/// script fetches the status again in place, and the person's stop button ends that.
/// </summary>
public class StatusPageWhileCheckingTests
{
    [Fact]
    public async Task The_status_page_while_the_check_runs_passes_axe_and_updates_in_place_until_the_person_stops_it()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var clerk = Submissions.Identity("xmc");
        using var submit = Submissions.Json(Submissions.Valid($"关于状态页{Guid.NewGuid():N}的通知"), "xmc");
        using var submitted = await client.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;
        var path = $"/api/submissions/{id}";

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(RequestPrincipal.Header, clerk);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-status-url=", html); // still waiting for the check: the page is the updating one
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.Equal(WorkbenchPages.ContentSecurityPolicyWithStatusScript, response.Headers.GetValues("Content-Security-Policy").Single());

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["status-checking.html"] = html }));
        var headers = new Dictionary<string, string> { [RequestPrincipal.Header] = clerk };
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), [path], headers);
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var root = NuHtmlChecker.RepositoryRoot();
        var run = await NodeScript.RunAsync(Path.Combine(root, "tests", "Disclosure.Integration.Tests", "Workbench", "status-updates.mjs"),
            JsonSerializer.Serialize(new { repoRoot = root, url = host.BaseAddress + path.TrimStart('/'), headers, waitMs = (SubmissionStatusModel.RefreshSeconds + 3) * 1000 }),
            TimeSpan.FromMinutes(2));
        using var result = JsonDocument.Parse(run);
        var r = result.RootElement;
        Assert.Empty(r.GetProperty("cspViolations").EnumerateArray());
        Assert.Equal(1, r.GetProperty("navigations").GetInt32()); // the first load only: never a timed reload
        Assert.True(r.GetProperty("statusFetches").GetInt32() >= 1, run);
        Assert.True(r.GetProperty("autoVisible").GetBoolean());
        Assert.Equal("已停止自动更新。", r.GetProperty("liveAfterStop").GetString());
        Assert.False(r.GetProperty("autoVisibleAfterStop").GetBoolean());
        Assert.Equal(0, r.GetProperty("fetchesAfterStop").GetInt32());
    }
}
