using AngleSharp.Html.Parser;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;

namespace Disclosure.Tests.Inspection;

/// <summary>The annual report is published through intake, whose sanitizer must keep its tables exactly.</summary>
public class AnnualReportBodyTests
{
    private static string ReportHtml()
    {
        var model = AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), AnnualReportSeed.Figures(),
            CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")),
            new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.FromHours(8)));
        return AnnualReportHtml.Render(model);
    }

    [Fact]
    public void The_sanitizer_keeps_every_table_caption_header_scope_and_merged_cell_of_the_annual_report()
    {
        var original = ReportHtml();
        var sanitized = BodySanitizer.Sanitize(original);
        var parser = new HtmlParser();
        var before = parser.ParseDocument(original);
        var after = parser.ParseDocument(sanitized);

        foreach (var selector in new[] { "article.annual-report", "h2", "h3", "table.annual-report-table", "caption", "thead", "tbody", "tr",
                     "th[scope=col]", "th[scope=row]", "th[scope=rowgroup]", "[colspan]", "[rowspan]", "td", "p" })
        {
            var expected = before.QuerySelectorAll(selector).Length;
            Assert.True(expected > 0 || selector is "th[scope=rowgroup]", $"the report has no {selector}");
            Assert.Equal(expected, after.QuerySelectorAll(selector).Length);
        }
        // The national format has no 注 under any table, so the report carries no table note to keep.
        Assert.Empty(before.QuerySelectorAll("p.table-note"));
        var cellsBefore = before.QuerySelectorAll("th, td").Select(c => (c.LocalName, c.TextContent, c.GetAttribute("colspan"), c.GetAttribute("rowspan"))).ToList();
        var cellsAfter = after.QuerySelectorAll("th, td").Select(c => (c.LocalName, c.TextContent, c.GetAttribute("colspan"), c.GetAttribute("rowspan"))).ToList();
        Assert.Equal(cellsBefore, cellsAfter);
    }

    [Theory]
    [InlineData("<td scope=\"col\">1</td>", "scope")]
    [InlineData("<th scope=\"javascript:alert(1)\">1</th>", "scope")]
    [InlineData("<p class=\"site-header\">冒充页头</p>", "class")]
    [InlineData("<h2 class=\"annual-report\">标题</h2>", "class")]
    [InlineData("<div class=\"table-note\">x</div>", "class")]
    public void Scope_and_class_survive_only_where_the_report_uses_them(string fragment, string attribute)
    {
        var clean = BodySanitizer.Sanitize("<table><tr>" + (fragment.StartsWith("<t") ? fragment : "<td>x</td>") + "</tr></table>" + (fragment.StartsWith("<t") ? "" : fragment));
        Assert.DoesNotContain(attribute + "=", clean);
    }

    [Fact]
    public void Report_classes_pass_and_unknown_classes_are_dropped_from_the_same_attribute()
    {
        Assert.Equal("<p class=\"table-note\">注</p>", BodySanitizer.Sanitize("<p class=\"table-note evil\">注</p>"));
        Assert.Equal("<th scope=\"row\">一</th>", BodySanitizer.Sanitize("<table><tr><th scope=\"row\">一</th></tr></table>").Split("<tr>")[1].Split("</tr>")[0]);
    }
}
