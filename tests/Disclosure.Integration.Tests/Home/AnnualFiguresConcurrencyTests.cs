using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// Two administrators fill the same year's figures: the form carries the version it was filled from, so the later save
/// based on an older version is refused (409) with what changed shown beside what was typed, and nothing of it is
/// written; a save that names no version while figures exist is refused (428). The JSON route honours If-Match (412).
/// </summary>
public class AnnualFiguresConcurrencyTests
{
    private const int Year = 2012;
    private static readonly string First = RequestPrincipal.Encode("甲管理员", "bgs", Role.Administrator);
    private static readonly string Second = RequestPrincipal.Encode("乙管理员", "bgs", Role.Administrator);
    private static readonly string Edit = $"/api/annual-reports/{Year}/figures/edit";
    private static readonly string Figures = $"/api/annual-reports/{Year}/figures";

    [Fact]
    public async Task A_save_based_on_figures_someone_else_has_since_saved_is_refused_with_what_changed_and_one_without_a_version_needs_one()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        // The first save of the year: the empty form's version is "none".
        var (_, empty, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, First);
        Assert.Equal(HttpStatusCode.SeeOther, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First,
            new(WorkbenchForms.HiddenFields(empty)) { ["t4-reconsideration-upheld"] = "1" })).Status);

        // Both open the saved figures; 乙 saves first.
        var (_, firstPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, First);
        var (_, secondPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, Second);
        var firstFields = WorkbenchForms.HiddenFields(firstPage);
        Assert.Equal(firstFields["figuresVersion"], WorkbenchForms.HiddenFields(secondPage)["figuresVersion"]);
        Assert.Equal(HttpStatusCode.SeeOther, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Second,
            new(WorkbenchForms.HiddenFields(secondPage)) { ["t4-reconsideration-upheld"] = "2", ["t2-licensing"] = "5" })).Status);

        // 甲's save, based on the version before 乙's: 409, nothing written, 乙's figures beside what 甲 typed.
        var typed = new Dictionary<string, string>(firstFields) { ["t4-reconsideration-upheld"] = "1", ["t4-reconsideration-corrected"] = "4" };
        var (staleStatus, stale, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First, typed);
        Assert.Equal(HttpStatusCode.Conflict, staleStatus);
        var staleText = WebUtility.HtmlDecode(stale);
        Assert.Contains("年度报告数据已被他人修改，您的修改未保存。", staleText);
        Assert.Contains("<caption>现在保存的数据与您填写的不同之处</caption>", staleText);
        Assert.Contains("<tr><th scope=\"row\">行政复议 — 结果维持</th><td>2</td><td>1</td></tr>", staleText);
        Assert.Contains("<tr><th scope=\"row\">行政复议 — 结果纠正</th><td>0</td><td>4</td></tr>", staleText);
        Assert.Contains("<tr><th scope=\"row\">行政许可：本年处理决定数量</th><td>5</td><td>未填</td></tr>", staleText);
        Assert.Contains("id=\"t4-reconsideration-corrected\" name=\"t4-reconsideration-corrected\" value=\"4\"", stale); // kept as typed
        Assert.Contains("最后保存：乙管理员", staleText);
        var (_, afterStale, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Figures, First, accept: "application/json");
        using (var json = JsonDocument.Parse(afterStale))
        {
            Assert.Equal(2, json.RootElement.GetProperty("reconsideration").GetProperty("upheld").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("reconsideration").GetProperty("corrected").GetInt32());
            Assert.Equal(new string?[] { "甲管理员", "乙管理员" }, json.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("by").GetString()));
        }

        // The 409 page carries the version now saved: 甲, having checked, saves over it.
        var newer = WorkbenchForms.HiddenFields(stale)["figuresVersion"];
        Assert.NotEqual(firstFields["figuresVersion"], newer);
        Assert.Equal(HttpStatusCode.SeeOther, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First,
            new(typed) { ["figuresVersion"] = newer, ["formToken"] = WorkbenchForms.FormToken(stale) })).Status);

        // No version while figures exist: 428, nothing written; a JSON client gets problem+json.
        var noVersion = new Dictionary<string, string>(typed) { ["t4-reconsideration-other"] = "7" };
        noVersion.Remove("figuresVersion");
        var (missingStatus, missing, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First, noVersion);
        Assert.Equal((HttpStatusCode)428, missingStatus);
        Assert.Contains("保存时须说明所依据的版本", WebUtility.HtmlDecode(missing));
        var (missingJsonStatus, missingJson, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First, noVersion, accept: "application/json");
        Assert.Equal((HttpStatusCode)428, missingJsonStatus);
        using (var problem = JsonDocument.Parse(missingJson))
            Assert.Contains(problem.RootElement.GetProperty("differences").EnumerateArray(), d => d.GetProperty("figure").GetString() == "行政复议 — 其他结果");
        var (staleJsonStatus, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, First, typed, accept: "application/json");
        Assert.Equal(HttpStatusCode.Conflict, staleJsonStatus);

        // The JSON route: GET gives the ETag; a PUT with an older one is refused (412) and writes nothing.
        using var get = new HttpRequestMessage(HttpMethod.Get, Figures);
        get.Headers.Add(RequestPrincipal.Header, First);
        using var current = await client.SendAsync(get);
        var etag = current.Headers.ETag!.ToString();
        var body = await current.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, body, etag)).StatusCode);
        var stalePut = await PutAsync(client, body.Replace("\"upheld\":1", "\"upheld\":9", StringComparison.Ordinal), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stalePut.StatusCode);
        Assert.Equal("application/problem+json", stalePut.Content.Headers.ContentType?.MediaType);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["figures-409.html"] = stale, ["figures-428.html"] = missing }));
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), [Edit],
            new Dictionary<string, string> { [RequestPrincipal.Header] = First }, new Dictionary<string, string> { ["figures-409"] = stale });
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string json, string etag)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, Figures) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        put.Headers.Add(RequestPrincipal.Header, First);
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(put);
    }
}
