using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>
/// The submission form carries an anti-forgery token bound to the person it was drawn for: a form a browser posts
/// without one, or with someone else's, is refused and given back with what was typed; the one-time idempotency key
/// beside it still makes a repeated submit harmless.
/// </summary>
public class FormForgeryTests
{
    [Fact]
    public async Task A_browser_form_without_the_persons_token_is_refused_and_comes_back_with_what_was_typed()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = NoRedirects(host);
        var othersToken = await TokenOfFormAsync(client, "xmc");

        foreach (var token in new[] { null, othersToken, "9999999999.forged" })
        {
            var fields = Submissions.Valid("跨站伪造的报送");
            if (token is not null) fields[FormTokens.Field] = token;
            using var response = await client.SendAsync(BrowserPost(host, fields, "bgs"));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains("跨站伪造的报送", page);
            Assert.Contains(HttpTexts.FormTokenInvalid[..10], page);
            Assert.Matches($"name=\"{FormTokens.Field}\" value=\"[0-9]+\\.[A-Za-z0-9_-]+\"", page);
        }
        var stored = new List<DisclosureItem>();
        await foreach (var item in host.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery(DepartmentCode: "bgs"))) stored.Add(item);
        Assert.DoesNotContain(stored, i => i.Title == "跨站伪造的报送");
    }

    [Fact]
    public async Task The_persons_own_form_submits_and_submitting_it_twice_still_records_one_item()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = NoRedirects(host);
        using var form = await client.SendAsync(Intake.SubmissionTests.Get("/api/submissions/new", "bgs", html: true));
        var html = await form.Content.ReadAsStringAsync();
        var fields = Submissions.Valid("本人表单的报送");
        fields[FormTokens.Field] = Hidden(html, FormTokens.Field);
        fields["idempotencyKey"] = Hidden(html, "idempotencyKey");

        using var first = await client.SendAsync(BrowserPost(host, fields, "bgs"));
        using var second = await client.SendAsync(BrowserPost(host, fields, "bgs"));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal(first.Headers.Location!.AbsolutePath(), second.Headers.Location!.AbsolutePath());
    }

    [Fact]
    public void A_token_is_good_for_its_person_until_it_expires_and_for_nobody_else()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var tokens = new FormTokens(Options.Create(new FormTokenOptions { Key = "test-key-of-thirty-two-characters!" }), clock);
        var wang = new Principal("王科员", "bgs", new HashSet<string> { Role.Submitter }) { Id = "oid-wang" };
        var namesake = wang with { Id = "oid-other-wang" };

        var token = tokens.Issue(wang);

        Assert.True(tokens.IsValid(token, wang));
        Assert.False(tokens.IsValid(token, namesake));
        Assert.False(new FormTokens(Options.Create(new FormTokenOptions { Key = "another-key-of-thirty-two-chars!!" }), clock).IsValid(token, wang));
        clock.Advance(new FormTokenOptions().Lifetime + TimeSpan.FromSeconds(1));
        Assert.False(tokens.IsValid(token, wang));
    }

    private static HttpClient NoRedirects(Disclosure.LocalHost.LocalFunctionsHost host)
        => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

    /// <summary>A form post as a browser sends it from the workbench's own page (so the origin check lets it through).</summary>
    private static HttpRequestMessage BrowserPost(Disclosure.LocalHost.LocalFunctionsHost host, Dictionary<string, object?> fields, string department)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = Submissions.Form(fields) };
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity(department));
        request.Headers.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    private static async Task<string> TokenOfFormAsync(HttpClient client, string department)
    {
        using var form = await client.SendAsync(Intake.SubmissionTests.Get("/api/submissions/new", department, html: true));
        return Hidden(await form.Content.ReadAsStringAsync(), FormTokens.Field);
    }

    private static string Hidden(string html, string name)
        => Regex.Match(html, $"name=\"{name}\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } value
            ? value : throw new InvalidOperationException($"the form has no {name}");
}

internal static class LocationExtensions
{
    public static string AbsolutePath(this Uri location) => location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
}
