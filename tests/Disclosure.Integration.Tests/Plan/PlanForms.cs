using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// What the plan form tests do alike: open a form as someone and keep its hidden fields, post it back with fields
/// typed, expect the 303 to the plan page, read the stored plan as JSON, and check the pages a test kept with the
/// HTML checker, axe and (when named) the phone-width check.
/// </summary>
internal static class PlanForms
{
    public const string Plan = "/api/plan/2026/edit";

    public static async Task<(Dictionary<string, string> Hidden, string Page)> OpenAsync(HttpClient client, string url, string who)
    {
        var (status, page, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, url, who);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {status}");
        return (WorkbenchForms.HiddenFields(page), page);
    }

    public static Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(HttpClient client, string url, string who,
        Dictionary<string, string> hidden, params (string Name, string Value)[] fields)
    {
        var form = new Dictionary<string, string>(hidden);
        foreach (var (name, value) in fields) form[name] = value;
        return WorkbenchForms.SendAsync(client, HttpMethod.Post, url, who, form);
    }

    public static void Saved((HttpStatusCode Status, string Body, string? Location) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.SeeOther, $"{answer.Status}: {WebUtility.HtmlDecode(answer.Body)}");
        Assert.Equal(Plan + "?saved=1", answer.Location);
    }

    public static async Task<JsonElement> PlanJsonAsync(HttpClient client, string who)
    {
        var (_, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, "/api/plan/2026", who, accept: "application/json");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>
    /// The kept <paramref name="pages"/> pass the Nu HTML checker and axe (with <paramref name="axeUrls"/> opened live),
    /// and <paramref name="narrow"/> fit a 375 px wide phone.
    /// </summary>
    public static async Task CheckPagesAsync(Uri baseAddress, string who, Dictionary<string, string> pages, string[] axeUrls, string[]? narrow = null)
    {
        var baseUrl = baseAddress.ToString().TrimEnd('/');
        var headers = new Dictionary<string, string> { [RequestPrincipal.Header] = who };
        if (narrow is { Length: > 0 })
        {
            var phone = await NarrowScreen.CheckAsync(baseUrl, narrow, 375, 812, headers);
            Assert.Equal(narrow.Length, phone.Count);
            var tooWide = phone.SelectMany(c => c.Problems()).ToList();
            Assert.True(tooWide.Count == 0, string.Join("\n", tooWide));
        }
        Assert.Empty(await NuHtmlChecker.CheckAsync(pages));
        var axe = await AxeChecker.CheckAsync(baseUrl, axeUrls, headers, pages.ToDictionary(p => p.Key.Replace(".html", ""), p => p.Value));
        var problems = axe.SelectMany(a => a.Violations.Select(v => $"{a.Path}: {v}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
