using System.Reflection;
using AngleSharp.Html.Parser;
using Disclosure.Compliance;
using Disclosure.Inspection.SelfInspection;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Inspection;

public class SelfInspectionRuleNamesTests
{
    [Fact]
    public void Every_rule_has_a_chinese_name()
    {
        var ids = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.True(RuleNames.IsNamed(id), $"{id} has no name in RuleNames"));
        Assert.All(ids, id => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", RuleNames.Of(id)));
    }

    [Fact]
    public async Task The_report_names_the_rules_in_chinese_not_by_their_ids()
    {
        var site = new SiteInMemory(new Dictionary<string, string> { ["index.html"] = "<p>首页</p>" });
        var report = Analysis().Analyse(Inputs(EveryColumnFresh().ToList(), await SiteLinks.CheckAsync(site, null)) with
        {
            Findings = [new FindingCount(RuleIds.ResidentId, 3), new FindingCount(RuleIds.SensitiveWord, 2)],
        });

        var html = SelfInspectionHtml.Render(report);
        var findings = new HtmlParser().ParseDocument(html).QuerySelectorAll("table")
            .Single(t => t.QuerySelector("caption")?.TextContent == "审核发现按规则统计");
        var rows = findings.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.TextContent).ToList();
        Assert.Equal(["居民身份证号码", "敏感词"], rows);
        Assert.DoesNotContain(RuleIds.ResidentId, html);
        Assert.DoesNotContain(RuleIds.SensitiveWord, html);

        var csv = System.Text.Encoding.UTF8.GetString(SelfInspectionFiles.Write(report)[2].Content);
        Assert.Contains("审核发现,居民身份证号码,条数,3", csv);
    }
}
