using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// The annual report's figures as a form on the real host: the totals rule of table 三 (一 + 二 = 三(七) + 四, per
/// column) and each cell's format are checked on the server with the error beside the cell and nothing saved; consistent
/// figures are saved (303 back to the form) and read by the JSON route; a department user can neither open nor post it.
/// </summary>
public class AnnualFiguresPageTests
{
    // A year no other test writes figures for (the annual report tests use 2024), and whose previous year has none.
    private const int Year = 2017;
    private static readonly string Administrator = RequestPrincipal.Encode("填报测试管理员", "bgs", Role.Administrator);
    private static readonly string Clerk = RequestPrincipal.Encode("填报测试科员", "xmc", Role.Submitter);
    private static readonly string Edit = $"/api/annual-reports/{Year}/figures/edit";

    [Fact]
    public async Task The_totals_rule_is_checked_on_the_server_with_the_error_beside_the_cell_and_consistent_figures_are_saved()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var (openStatus, empty, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, Administrator);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        Assert.Contains("<input type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"7\" class=\"count\" id=\"t3-NewThisYear-NaturalPersons\"", empty);
        var token = WorkbenchForms.FormToken(empty);

        // 自然人: 一 3 + 二 0 = 3, but 三(七) 2 + 四 0 = 2; and a cell that is not a count.
        var (badStatus, bad, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator, new()
        {
            ["formToken"] = token, ["t3-NewThisYear-NaturalPersons"] = "3", ["t3-Disclosed-NaturalPersons"] = "2", ["t3-NewThisYear-Businesses"] = "1a",
        });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var badText = WebUtility.HtmlDecode(bad); // the encoder writes + as a character reference
        Assert.Contains("<span class=\"error-message\" id=\"t3-CarriedForward-NaturalPersons-error\">一+二=3，三(七)+四=2，相差1</span>", badText);
        Assert.Contains("<li><a href=\"#t3-CarriedForward-NaturalPersons\">四、结转下年度继续办理 — 自然人：一+二=3，三(七)+四=2，相差1</a></li>", badText);
        Assert.Contains("id=\"t3-NewThisYear-Businesses\" name=\"t3-NewThisYear-Businesses\" value=\"1a\"", bad); // as typed, to correct
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"t3-NewThisYear-Businesses-error\"", bad);
        var (notSaved, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/annual-reports/{Year}/figures", Administrator, accept: "application/json");
        Assert.Equal(HttpStatusCode.NotFound, notSaved);

        // Without the form's token nothing is saved either.
        var (forged, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator, new() { ["t3-NewThisYear-NaturalPersons"] = "1", ["t3-Disclosed-NaturalPersons"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, forged);

        // Consistent: 一 3 = 三(一) 2 + 四 1; table 四 行政复议 one upheld.
        var (saved, _, location) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Administrator, new()
        {
            ["formToken"] = token, ["t3-NewThisYear-NaturalPersons"] = "3", ["t3-Disclosed-NaturalPersons"] = "2", ["t3-CarriedForward-NaturalPersons"] = "1",
            ["t4-reconsideration-upheld"] = "1",
        });
        Assert.Equal(HttpStatusCode.SeeOther, saved);
        Assert.Equal($"{Edit}?saved=1", location);
        var (_, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/annual-reports/{Year}/figures", Administrator, accept: "application/json");
        using (var figures = JsonDocument.Parse(json))
        {
            Assert.Equal(3, figures.RootElement.GetProperty("applications").GetProperty("NewThisYear").GetProperty("naturalPersons").GetInt32());
            Assert.Equal(1, figures.RootElement.GetProperty("reconsideration").GetProperty("upheld").GetInt32());
            Assert.Equal(JsonValueKind.Null, figures.RootElement.GetProperty("litigationDirect").ValueKind);
        }
        var (_, reopened, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, location!, Administrator);
        Assert.Contains("已保存。", WebUtility.HtmlDecode(reopened));
        Assert.Contains("id=\"t3-CarriedForward-NaturalPersons\" name=\"t3-CarriedForward-NaturalPersons\" value=\"1\"", reopened);
        Assert.Contains("<td class=\"sum\" data-column=\"NaturalPersons\" id=\"t3-ResultTotal-NaturalPersons\">2</td>", reopened);

        // A department user can neither open nor post the form.
        Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit, Clerk)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit, Clerk, new() { ["t3-NewThisYear-NaturalPersons"] = "9" })).Status);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["figures.html"] = reopened, ["figures-errors.html"] = bad }));
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), [Edit],
            new Dictionary<string, string> { [RequestPrincipal.Header] = Administrator }, new Dictionary<string, string> { ["figures-errors"] = bad });
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

/// <summary>The same rule as one types, in a real browser under the page's own policy (the script runs; nothing is blocked).</summary>
public class AnnualFiguresTypingTests
{
    [Fact]
    public async Task Typing_shows_the_column_that_does_not_add_up_and_the_sums_before_anything_is_posted()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var result = await TypeAsync(host, 2016, Administrator,
            ("t3-NewThisYear-NaturalPersons", "3"), ("t3-NewThisYear-Businesses", "2"), ("t3-Disclosed-NaturalPersons", "1"), ("t3-WithheldStateSecret-NaturalPersons", "1"));
        Assert.Empty(result.RootElement.GetProperty("cspViolations").EnumerateArray());
        Assert.Equal("2", result.RootElement.GetProperty("resultTotal").GetString()); // (一) 1 + (三)1 1
        Assert.Equal("5", result.RootElement.GetProperty("rowTotal").GetString());
        var live = result.RootElement.GetProperty("live").GetString()!;
        Assert.Contains("自然人：一+二=3，三(七)+四=2，相差1", live);
        Assert.Contains("商业企业：一+二=2，三(七)+四=0，相差2", live);
    }

    [Fact]
    public async Task Typing_says_at_once_a_carried_over_figure_that_differs_from_last_year_a_fee_without_a_notice_and_an_amount_out_of_format()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        // 2009 carried two applications of natural persons into 2010.
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/annual-reports/2009/figures")
        {
            Content = new StringContent("""{"year":2009,"applications":{"NewThisYear":{"naturalPersons":2},"CarriedForward":{"naturalPersons":2}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        })
        {
            put.Headers.Add(RequestPrincipal.Header, Administrator);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        }

        using var result = await TypeAsync(host, 2010, Administrator,
            ("t3-NewThisYear-NaturalPersons", "1"), ("t3-CarriedOver-NaturalPersons", "0"), ("s6-fee-yuan", "100"), ("t2-fees", "1.23456"));
        Assert.Empty(result.RootElement.GetProperty("cspViolations").EnumerateArray());
        var live = result.RootElement.GetProperty("live").GetString()!;
        Assert.Contains("自然人：二、上年结转应等于上年报告的“四、结转下年度继续办理”（2），现为0", live);
        Assert.Contains("信息处理费金额为100元，但收费通知件数为未填：收取费用须先发出收费通知，请填写件数", live);
        Assert.Contains("行政事业性收费：本年收费金额（单位：万元）：请填写 0 或正数金额", live);
        Assert.DoesNotContain("s6-fee-yuan：", live); // fields are named as the page labels them
    }

    private static readonly string Administrator = RequestPrincipal.Encode("填报测试管理员", "bgs", Role.Administrator);

    /// <summary>Types <paramref name="typing"/> (field name, text) into the year's form in Chromium; what the page then says (figures-typing.mjs).</summary>
    private static async Task<JsonDocument> TypeAsync(LocalFunctionsHost host, int year, string identity, params (string Name, string Value)[] typing)
    {
        var root = NuHtmlChecker.RepositoryRoot();
        var request = JsonSerializer.Serialize(new
        {
            repoRoot = root,
            url = host.BaseAddress + $"api/annual-reports/{year}/figures/edit",
            headers = new Dictionary<string, string> { [RequestPrincipal.Header] = identity },
            typing = typing.Select(t => new { name = t.Name, value = t.Value }),
        });
        var run = await NodeScript.RunAsync(Path.Combine(root, "tests", "Disclosure.Integration.Tests", "Home", "figures-typing.mjs"), request, TimeSpan.FromMinutes(2));
        return JsonDocument.Parse(run);
    }
}
