using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// Every figure the report takes as entered is on the figures form, on the real host and Azurite: table 二's decisions and
/// fees, section 六's 信息处理费, and this year's 二、上年结转 checked against last year's 四、结转下年度继续办理. A wrong
/// figure is refused beside its field (and by name in problem+json for a JSON client); a save is kept with who changed
/// which figure, when.
/// </summary>
public class AnnualFiguresFormRulesTests
{
    // Years no other test writes figures for: 2013 is the "last year" whose 四 the 2014 form must carry over.
    private const int LastYear = 2013;
    private const int Year = 2014;
    private static readonly string Administrator = RequestPrincipal.Encode("规则测试管理员", "bgs", Role.Administrator);
    private static string Edit(int year) => $"/api/annual-reports/{year}/figures/edit";

    [Fact]
    public async Task Every_entered_figure_round_trips_through_the_form_with_its_rules_beside_the_field_and_each_save_is_audited()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        // Last year: 自然人 一 3 = 三(一) 2 + 四 1, so one application was carried into this year.
        var (_, lastPage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit(LastYear), Administrator);
        var lastFields = WorkbenchForms.HiddenFields(lastPage);
        var (lastSaved, _, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit(LastYear), Administrator, new(lastFields)
        {
            ["t3-NewThisYear-NaturalPersons"] = "3", ["t3-Disclosed-NaturalPersons"] = "2", ["t3-CarriedForward-NaturalPersons"] = "1",
        });
        Assert.Equal(HttpStatusCode.SeeOther, lastSaved);

        var (openStatus, page, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Edit(Year), Administrator);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        foreach (var field in new[] { "t2-licensing", "t2-penalties", "t2-enforcement", "t2-fees", "s6-fee-notices", "s6-fee-yuan" })
            Assert.Contains($"id=\"{field}\" name=\"{field}\"", page);
        var pageText = WebUtility.HtmlDecode(page);
        Assert.Contains("<label for=\"t2-fees\">行政事业性收费：本年收费金额（单位：万元）</label>", pageText);
        Assert.Contains("id=\"t3-CarriedOver-NaturalPersons\" name=\"t3-CarriedOver-NaturalPersons\" value=\"\" data-column=\"NaturalPersons\" data-expected=\"1\"", page);
        Assert.Contains($"二、上年结转须等于{LastYear}年报告的“四、结转下年度继续办理”", pageText);
        var fields = WorkbenchForms.HiddenFields(page);
        Assert.Equal("none", fields["figuresVersion"]);

        // 二 left at 0 where last year carried 1; a fee without a notice; an amount with too many decimals; a negative count.
        var (badStatus, bad, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit(Year), Administrator, new(fields)
        {
            ["t3-NewThisYear-NaturalPersons"] = "1", ["t3-Disclosed-NaturalPersons"] = "1",
            ["s6-fee-notices"] = "0", ["s6-fee-yuan"] = "100", ["t2-fees"] = "1.234567", ["t2-licensing"] = "-2",
        });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var badText = WebUtility.HtmlDecode(bad);
        Assert.Contains($"<span class=\"error-message\" id=\"t3-CarriedOver-NaturalPersons-error\">应等于{LastYear}年报告的“四、结转下年度继续办理”（1），现为0</span>", badText);
        Assert.Contains("<span class=\"error-message\" id=\"s6-fee-yuan-error\">信息处理费金额为100元，但收费通知件数为0：收取费用须先发出收费通知，请填写件数</span>", badText);
        Assert.Contains("<span class=\"error-message\" id=\"t2-fees-error\">请填写 0 或正数金额（整数至多 9 位，小数至多 4 位）。</span>", badText);
        Assert.Contains("<span class=\"error-message\" id=\"t2-licensing-error\">请填写 0 或正整数（至多 7 位数字）。</span>", badText);
        Assert.Contains("<li><a href=\"#t2-licensing\">行政许可：本年处理决定数量：请填写 0 或正整数（至多 7 位数字）。</a></li>", badText);
        Assert.Contains("id=\"t2-fees\" name=\"t2-fees\" value=\"1.234567\" aria-describedby=\"t2-fees-hint t2-fees-error\" aria-invalid=\"true\"", bad);
        Assert.Equal(HttpStatusCode.NotFound, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/annual-reports/{Year}/figures", Administrator, accept: "application/json")).Status);

        // A JSON client gets the same refusal as problem+json, each wrong figure under its field's name.
        var (jsonStatus, problem, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit(Year), Administrator, new(fields)
        {
            ["t3-NewThisYear-NaturalPersons"] = "2", ["t3-Disclosed-NaturalPersons"] = "1", ["t3-CarriedOver-NaturalPersons"] = "1",
        }, accept: "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, jsonStatus);
        using (var json = JsonDocument.Parse(problem))
        {
            var errors = json.RootElement.GetProperty("errors");
            Assert.Equal("四、结转下年度继续办理 — 自然人：一+二=3，三(七)+四=1，相差2",
                errors.GetProperty("t3-CarriedForward-NaturalPersons")[0].GetString());
            Assert.Single(errors.EnumerateObject());
        }

        // Every entered figure at once, consistent: saved, read back by the JSON route, shown again, and audited.
        var (saved, _, location) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Edit(Year), Administrator, new(fields)
        {
            ["t3-NewThisYear-NaturalPersons"] = "1", ["t3-CarriedOver-NaturalPersons"] = "1", ["t3-Disclosed-NaturalPersons"] = "2",
            ["t2-licensing"] = "12", ["t2-penalties"] = "0", ["t2-fees"] = "3.5", ["s6-fee-notices"] = "2", ["s6-fee-yuan"] = "200",
            ["t4-litigation-direct-pending"] = "1",
        });
        Assert.Equal(HttpStatusCode.SeeOther, saved);
        var (_, figuresJson, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/annual-reports/{Year}/figures", Administrator, accept: "application/json");
        using (var figures = JsonDocument.Parse(figuresJson))
        {
            var root = figures.RootElement;
            Assert.Equal(12, root.GetProperty("licensingDecisions").GetInt32());
            Assert.Equal(0, root.GetProperty("penaltyDecisions").GetInt32());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("enforcementDecisions").ValueKind); // blank: count the catalogue
            Assert.Equal(3.5m, root.GetProperty("administrativeFeesTenThousandYuan").GetDecimal());
            Assert.Equal(2, root.GetProperty("processingFeeNotices").GetInt32());
            Assert.Equal(200m, root.GetProperty("processingFeeYuan").GetDecimal());
            Assert.Equal(1, root.GetProperty("litigationDirect").GetProperty("pending").GetInt32());
            var save = Assert.Single(root.GetProperty("history").EnumerateArray());
            Assert.Equal("规则测试管理员", save.GetProperty("by").GetString());
            var changes = save.GetProperty("changes").EnumerateArray()
                .Select(c => $"{c.GetProperty("figure").GetString()}: {c.GetProperty("before").GetString()} → {c.GetProperty("after").GetString()}").ToList();
            Assert.Contains("表二 行政许可本年处理决定数量: 未填 → 12", changes);
            Assert.Contains("表三 二、上年结转政府信息公开申请数量 — 自然人: 未填 → 1", changes);
            Assert.Contains("六 信息处理费金额（元）: 未填 → 200", changes);
            Assert.DoesNotContain(changes, c => c.StartsWith("表二 行政强制", StringComparison.Ordinal)); // untouched: not in the audit
        }
        var (_, reopened, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, location!, Administrator);
        Assert.Contains("id=\"t2-fees\" name=\"t2-fees\" value=\"3.5\"", reopened);
        Assert.Contains("id=\"s6-fee-yuan\" name=\"s6-fee-yuan\" value=\"200\"", reopened);
        var reopenedText = WebUtility.HtmlDecode(reopened);
        Assert.Contains("<h2 id=\"figures-history\">修改记录</h2>", reopenedText);
        Assert.Contains("规则测试管理员：表二 行政许可本年处理决定数量 未填 → 12；", reopenedText);
        Assert.NotEqual("none", WorkbenchForms.HiddenFields(reopened)["figuresVersion"]);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["figures-all.html"] = reopened, ["figures-rules.html"] = bad }));
        var axe = await AxeChecker.CheckAsync(host.BaseAddress.ToString().TrimEnd('/'), [Edit(Year)],
            new Dictionary<string, string> { [RequestPrincipal.Header] = Administrator }, new Dictionary<string, string> { ["figures-rules"] = bad });
        var problems = axe.SelectMany(a => a.Problems()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
