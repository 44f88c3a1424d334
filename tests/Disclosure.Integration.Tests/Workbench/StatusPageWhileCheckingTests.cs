using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Storage;
using Disclosure.Workbench;
using Microsoft.Extensions.DependencyInjection;

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
        var path = await SubmitAsync(client);

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

    /// <summary>
    /// The other half: the page open while the check runs on a host that runs its queues, and the check then finishing.
    /// The script puts the new state into the page's <c>role="status"</c> region without a reload and stops polling
    /// at the final state. The check is held while 检查中 by the cloud detector's call (the one step of the check that
    /// waits on something outside) until the page is open, so the page is seen before and after; the host has an Azurite
    /// of its own, so no other test's host takes the check message.
    /// </summary>
    [Fact]
    public async Task The_status_page_open_while_checking_shows_the_checks_end_in_its_status_region_without_a_reload_and_stops_polling()
    {
        var pageOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var own = await Azurite.StartAsync();
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = own.ConnectionString }, runQueues: true,
            services: s => s.AddSingleton<ICloudPiiDetector>(new CloudDetectorHeldUntil(pageOpen.Task)));
        using var client = host.Client();
        var clerk = Submissions.Identity("xmc");
        var path = await SubmitAsync(client);
        var state = await Eventually.ReadAsync(async () =>
        {
            using var status = new HttpRequestMessage(HttpMethod.Get, path);
            status.Headers.Add(RequestPrincipal.Header, clerk);
            using var answer = await client.SendAsync(status);
            return (await Submissions.JsonOf(answer)).GetProperty("item").GetProperty("state").GetString();
        }, s => s is "Checking");
        Assert.Equal("Checking", state);

        var root = NuHtmlChecker.RepositoryRoot();
        var headers = new Dictionary<string, string> { [RequestPrincipal.Header] = clerk };
        string run;
        try
        {
            run = await NodeScript.RunAsync(Path.Combine(root, "tests", "Disclosure.Integration.Tests", "Workbench", "status-updates.mjs"),
                JsonSerializer.Serialize(new
                {
                    repoRoot = root, url = host.BaseAddress + path.TrimStart('/'), headers, until = "check-done",
                    untilMs = (SubmissionStatusModel.RefreshSeconds * 4) * 1000, waitMs = (SubmissionStatusModel.RefreshSeconds + 3) * 1000,
                }),
                TimeSpan.FromMinutes(2), progress => { if (progress == "page-open") pageOpen.TrySetResult(); });
        }
        finally
        {
            pageOpen.TrySetResult(); // a failed script must not leave the host's check waiting
        }
        using var result = JsonDocument.Parse(run);
        var r = result.RootElement;
        Assert.Equal(("检查中", ""), (r.GetProperty("before").GetProperty("state").GetString(), r.GetProperty("before").GetProperty("live").GetString()));
        Assert.Equal("待审核", r.GetProperty("after").GetProperty("state").GetString());
        Assert.StartsWith("检查已完成，当前状态：待审核。", r.GetProperty("after").GetProperty("live").GetString());
        Assert.Equal(1, r.GetProperty("navigations").GetInt32()); // the first load only: the state came in place
        Assert.True(r.GetProperty("statusFetches").GetInt32() >= 1, run);
        Assert.Equal(0, r.GetProperty("fetchesAfterDone").GetInt32()); // a final state: no more polling
        Assert.False(r.GetProperty("autoVisibleAfter").GetBoolean());
        Assert.Empty(r.GetProperty("cspViolations").EnumerateArray());
    }

    /// <summary>The cloud detector's answer (nothing found) once the page is open; the check waits for it in 检查中.</summary>
    private sealed class CloudDetectorHeldUntil(Task pageOpen) : ICloudPiiDetector
    {
        public async Task<CloudPiiResult> DetectAsync(IReadOnlyList<TextSource> sources, CancellationToken cancellationToken)
        {
            await pageOpen.WaitAsync(cancellationToken);
            return CloudPiiResult.Empty;
        }
    }

    /// <summary>A new item of 科技项目管理处 (xmc); its status page's path.</summary>
    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var submit = Submissions.Json(Submissions.Valid($"关于状态页{Guid.NewGuid():N}的通知"), "xmc");
        using var submitted = await client.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return $"/api/submissions/{(await Submissions.JsonOf(submitted)).GetProperty("id").GetString()}";
    }
}
