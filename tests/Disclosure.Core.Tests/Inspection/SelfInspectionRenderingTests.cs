using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Disclosure.Catalogue;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Plan;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

public class SelfInspectionRenderingTests
{
    private static async Task<SelfInspectionReport> ReportWithProblems()
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode is not ("kjcg" or "gzdt")).ToList();
        items.Add(Item("gzdt", Today.AddDays(-15), formed: Today.AddDays(-60), department: "bgs", title: "=HYPERLINK(\"x\")，一条\"引号\"标题"));
        items.Add(Item("tzgg", null, state: ItemState.AwaitingReview, updatedAt: Now.AddDays(-10), title: "<script>alert(1)</script>"));
        var site = new SiteInMemory(new Dictionary<string, string> { ["index.html"] = """<a href="/files/x/a.pdf">附件</a>""" });
        return Analysis().Analyse(Inputs(items, await SiteLinks.CheckAsync(site, null)) with
        {
            PoisonQueues = [new PoisonQueueCount("render-pages-poison", 1)],
            Findings = [new FindingCount("privacy.resident-id", 4), new FindingCount("secrecy.marking", 1)],
        });
    }

    [Fact]
    public async Task The_html_report_puts_the_risk_list_first_and_draws_three_charts_as_inline_svg()
    {
        var report = await ReportWithProblems();
        var html = SelfInspectionHtml.Render(report);
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("zh-CN", document.DocumentElement.GetAttribute("lang"));
        var headings = document.QuerySelectorAll("h2").Select(h => h.TextContent).ToList();
        Assert.StartsWith("一、风险清单", headings[0]);
        Assert.Equal(["timeliness-chart-t", "findings-chart-t", "monthly-chart-t"], document.QuerySelectorAll("svg title[id]").Select(t => t.Id ?? "").ToArray());
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("[src], link[href]")); // self-contained: nothing loaded from elsewhere
        Assert.Contains("@media print", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        var riskRows = document.QuerySelector("table")!.QuerySelectorAll("tbody tr").Select(r => r.ClassName).ToList();
        Assert.Equal(riskRows.OrderBy(c => c switch { "veto" => 0, "deduction" => 1, _ => 2 }).ToList(), riskRows);
        Assert.Contains("files/x/a.pdf", document.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent == "无法访问的链接").TextContent);
    }

    [Fact]
    public async Task The_html_report_is_valid_by_the_Nu_checker()
    {
        var html = SelfInspectionHtml.Render(await ReportWithProblems());
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["report.html"] = html }));
    }

    [Fact]
    public async Task Json_and_csv_carry_the_same_figures_and_csv_is_safe_for_spreadsheets()
    {
        var report = await ReportWithProblems();
        var files = SelfInspectionFiles.Write(report);
        Assert.Equal(["report.html", "report.json", "report.csv"], files.Select(f => f.Name).ToArray());

        var back = JsonSerializer.Deserialize<SelfInspectionReport>(files[1].Content, CatalogueLoader.Json)!;
        Assert.Equal(report.Risks, back.Risks);
        Assert.Equal(report.Timeliness.Overall, back.Timeliness.Overall);
        Assert.Equal(report.BrokenLinks, back.BrokenLinks);

        var csvBytes = files[2].Content;
        Assert.Equal(Encoding.UTF8.GetPreamble(), csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n");
        Assert.Equal("部分,项目,指标,数值", lines[0]);
        Assert.Contains("链接检查,全站,无法访问,1", lines);
        Assert.Contains($"公开时效,全部,公开条数,{report.Timeliness.Overall.Published}", lines);
        Assert.Contains("栏目更新,工作动态,距今天数,15", lines);
        Assert.Contains("审核发现,privacy.resident-id,条数,4", lines);
        Assert.Contains(lines, l => l.StartsWith("逾期公开,\"'=HYPERLINK(\"\"x\"\")，一条\"\"引号\"\"标题\","));
    }

    [Theory]
    [InlineData("\t=HYPERLINK(\"x\")")]
    [InlineData("\r=HYPERLINK(\"x\")")]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("@SUM(A1)")]
    public async Task A_title_a_spreadsheet_could_read_as_a_formula_is_prefixed_even_after_a_leading_tab_or_carriage_return(string title)
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode is not ("kjcg" or "gzdt")).ToList();
        items.Add(Item("gzdt", Today.AddDays(-15), formed: Today.AddDays(-60), department: "bgs", title: title));
        var report = Analysis().Analyse(Inputs(items, await SiteLinks.CheckAsync(new SiteInMemory(new Dictionary<string, string>()), null)));

        var csv = Encoding.UTF8.GetString(SelfInspectionFiles.Write(report)[2].Content[3..]);

        var cell = csv.Split("\r\n逾期公开,")[1];
        Assert.StartsWith("'", cell.TrimStart('"'));
    }

    [Theory]
    [InlineData("-12")]
    [InlineData("+3.5")]
    public async Task A_signed_number_stays_a_number_in_the_csv(string title)
    {
        var items = EveryColumnFresh().Where(i => i.ColumnCode is not ("kjcg" or "gzdt")).ToList();
        items.Add(Item("gzdt", Today.AddDays(-15), formed: Today.AddDays(-60), department: "bgs", title: title));
        var report = Analysis().Analyse(Inputs(items, await SiteLinks.CheckAsync(new SiteInMemory(new Dictionary<string, string>()), null)));

        var csv = Encoding.UTF8.GetString(SelfInspectionFiles.Write(report)[2].Content[3..]);

        Assert.Contains($"\r\n逾期公开,{title},工作日,", csv);
    }

    [Fact]
    public async Task The_leadership_summary_names_the_veto_risks_and_links_the_report_once_a_day()
    {
        var report = await ReportWithProblems();
        var service = new SelfInspectionService(null!, null!, null!, null!, null!, null!, null!, null!, Bureau, SelfInspectionSeed.Days,
            new SelfInspectionOptions { AdminBaseUrl = "https://admin.kjj.example.gov.cn/" }, TimeProvider.System);
        var group = new LeadershipGroup { Name = "政府信息公开工作领导小组", Channels = [new ChannelAddress { Kind = ChannelKind.Outbox }] };

        var summary = service.Summary(report, group);

        Assert.Equal("self-inspection-20260316", summary.Id);
        Assert.Equal(LeadershipGroup.RecipientCode, summary.RecipientCode);
        Assert.Equal(report.VetoRisks > 0 ? $"政府信息公开自查报告（2026年3月16日）：{report.VetoRisks}项单项否决风险" : "政府信息公开自查报告（2026年3月16日）", summary.Subject);
        Assert.Contains("https://admin.kjj.example.gov.cn/api/inspections/2026-03-16/report.html", summary.Text);
        Assert.Contains("“工作动态”栏目已15天未更新", summary.Text);
        Assert.DoesNotContain("<script>", summary.Html);
    }
}
