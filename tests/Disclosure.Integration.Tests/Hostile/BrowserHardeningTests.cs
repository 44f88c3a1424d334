using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>
/// The workbench as a browser sees it: pages cannot be framed, sniffed into another type or given script, and only the
/// workbench's own pages may write.
/// </summary>
public class BrowserHardeningTests
{
    [Fact]
    public async Task Workbench_pages_carry_a_content_security_policy_that_forbids_framing_and_allows_only_their_own_style()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var response = await host.Client().SendAsync(Intake.SubmissionTests.Get("/api/submissions/new", "bgs", html: true));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("script-src", policy); // no script at all: default-src 'none' applies
        var css = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Api_answers_are_not_sniffed_nor_framed_either()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var response = await host.Client().SendAsync(Intake.SubmissionTests.Get("/api/submissions?mine", "bgs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData("same-site")]
    [InlineData("cross-site")]
    [InlineData("none")]
    public async Task A_write_from_anything_but_the_workbenchs_own_origin_is_refused(string fetchSite)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var request = Submissions.Json(Submissions.Valid("同站其他应用的提交"));
        request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
