using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using Disclosure.Tests.Inspection;

namespace Disclosure.Tests.Compliance;

/// <summary>
/// 依申请公开 and 不予公开 are also the names of statutory categories (条例第五十条; the annual report's 一（二） and
/// table 三's row （三）): numbered as a heading or a table row, or followed by a count, they name a category and say
/// nothing about the document they stand in. Written about the document itself, they still stop it.
/// </summary>
public class StatutoryLabelTests
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    [Fact]
    public void The_annual_reports_statutory_labels_are_not_findings()
    {
        var model = AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), AnnualReportSeed.Figures(), Catalogue,
            WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")), new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));
        var text = BodySanitizer.ToPlainText(AnnualReportHtml.Render(model));
        Assert.Contains("依申请公开", text);
        Assert.Contains("不予公开", text);

        var findings = RuleTestKit.RuleSet().Scan([TextSource.Body(text)], new RuleContext(DisclosureAttribute.Proactive, Catalogue.FindColumn("ndbg")));

        Assert.DoesNotContain(findings, f => f.RuleId is RuleIds.RestrictedPhrase or RuleIds.AttributeMismatch);
    }

    [Theory]
    [InlineData("（二）依申请公开\n本年度共收到申请8件。")]
    [InlineData("（三）不予公开\t3")]
    [InlineData("三、不予公开")]
    [InlineData("2.不予公开")]
    [InlineData("本年度不予公开3件，无法提供2件。")]
    [InlineData("不予公开 12 件")]
    public void A_numbered_category_or_a_count_is_not_a_marking(string text)
        => Assert.DoesNotContain(RuleTestKit.Scan(text), f => f.RuleId is RuleIds.RestrictedPhrase or RuleIds.AttributeMismatch);

    [Theory]
    [InlineData("本文件不予公开。", RuleIds.RestrictedPhrase)]
    [InlineData("不予公开", RuleIds.RestrictedPhrase)]
    [InlineData("公开属性：不予公开", RuleIds.RestrictedPhrase)]
    [InlineData("（此件依申请公开）", RuleIds.AttributeMismatch)]
    [InlineData("依申请公开\n关于某某事项的通知", RuleIds.AttributeMismatch)]
    [InlineData("不予公开件", RuleIds.RestrictedPhrase)]
    public void Said_about_the_document_it_still_stops_it(string text, string rule)
        => Assert.Contains(RuleTestKit.Scan(text), f => f.RuleId == rule);
}
