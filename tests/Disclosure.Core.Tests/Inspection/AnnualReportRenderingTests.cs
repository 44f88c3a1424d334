using System.Xml.Linq;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Tests.Inspection;

public class AnnualReportRenderingTests
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    private static AnnualReportModel Model(ReportTexts? texts = null)
    {
        var figures = AnnualReportSeed.Figures();
        if (texts is not null) figures = figures with { Texts = texts };
        return AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), figures, Catalogue, Calendar,
            new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_title_names_the_agency_and_the_year()
    {
        Assert.Equal("市科学技术局2025年政府信息公开工作年度报告", Model().Title);
    }

    [Fact]
    public void The_docx_opens_and_its_three_tables_hold_exactly_the_model_s_cells()
    {
        var model = Model();
        var bytes = AnnualReportDocx.Write(model);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var tables = body.Elements<Table>().ToList();
        var expected = AnnualReportTables.All(model).Select(t => t.ToGrid()).ToList();

        Assert.Equal(3, tables.Count);
        for (var i = 0; i < 3; i++)
            Assert.Equal(expected[i], DocxGrid(tables[i]));
    }

    [Fact]
    public void The_docx_is_valid_open_xml_on_a4_with_chinese_fonts_and_every_section_heading()
    {
        var model = Model();
        using var document = WordprocessingDocument.Open(new MemoryStream(AnnualReportDocx.Write(model)), false);

        var invalid = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").Distinct().ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid));

        var body = document.MainDocumentPart!.Document!.Body!;
        var page = body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!;
        Assert.Equal(11906u, page.Width!.Value);   // 210 mm
        Assert.Equal(16838u, page.Height!.Value);  // 297 mm

        var paragraphs = body.Elements<Paragraph>().ToList();
        Assert.Equal(model.Title, paragraphs[0].InnerText);
        string[] headings =
        [
            "一、总体情况", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障",
            "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
        ];
        var texts = paragraphs.Select(p => p.InnerText).ToList();
        Assert.Equal(headings, texts.Where(headings.Contains));

        string? EastAsiaFont(string text) =>
            paragraphs.First(p => p.InnerText == text).Descendants<RunFonts>().First().EastAsia?.Value;
        Assert.Equal("黑体", EastAsiaFont("一、总体情况"));
        Assert.Equal("楷体_GB2312", EastAsiaFont("（一）主动公开"));
        Assert.Equal("仿宋_GB2312", EastAsiaFont(model.Overview[1].Text));
        Assert.Equal("仿宋_GB2312", body.Elements<Table>().First().Descendants<RunFonts>().First().EastAsia?.Value);
        Assert.Equal(model.Title, document.PackageProperties.Title);

        var footer = document.MainDocumentPart!.FooterParts.Single().Footer!;
        Assert.Contains(footer.Descendants<FieldCode>(), f => f.Text.Trim() == "PAGE");
        Assert.Equal(document.MainDocumentPart.GetIdOfPart(document.MainDocumentPart.FooterParts.Single()),
            body.GetFirstChild<SectionProperties>()!.GetFirstChild<FooterReference>()!.Id!.Value);
    }

    [Fact]
    public void The_html_tables_hold_exactly_the_model_s_cells_with_captions_and_header_scopes()
    {
        var model = Model();
        var article = XElement.Parse(AnnualReportHtml.Render(model));
        var tables = article.Elements("table").ToList();
        var expected = AnnualReportTables.All(model).ToList();

        Assert.Equal(3, tables.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Caption, tables[i].Element("caption")!.Value);
            Assert.Equal(expected[i].ToGrid(), HtmlGrid(tables[i]));
            Assert.All(tables[i].Descendants("th"), th => Assert.Contains(th.Attribute("scope")?.Value, new[] { "col", "row", "rowgroup" }));
        }
        Assert.Equal(["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
            tables.Select(t => (string)t.ElementsBeforeSelf("h2").Last()));
        Assert.Equal("22", tables[1].Descendants("th").Single(th => th.Value == "三、本年度办理结果").Attribute("rowspan")!.Value);
        Assert.Equal("rowgroup", tables[1].Descendants("th").Single(th => th.Value == "三、本年度办理结果").Attribute("scope")!.Value);
        Assert.Empty(article.Descendants("h1"));   // the portal's layout prints the title
        Assert.Equal(6, article.Elements("h2").Count());
    }

    [Fact]
    public void User_text_is_encoded_in_the_html_and_kept_as_text_in_the_docx()
    {
        const string hostile = "<script>alert('x')</script> & \"引号\"";
        var model = Model(new ReportTexts { ProblemsAndImprovements = hostile, OtherMatters = "第一段\n\n第二段<b>粗</b>" });

        var html = AnnualReportHtml.Render(model);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;</p>", html);
        Assert.Contains("<p>第一段</p>\n<p>第二段&lt;b&gt;粗&lt;/b&gt;</p>", html);

        using var document = WordprocessingDocument.Open(new MemoryStream(AnnualReportDocx.Write(model)), false);
        Assert.Contains(document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>(), p => p.InnerText == hostile);
    }

    /// <summary>Expands a Word table into a plain grid: gridSpan repeats a cell across, a vMerge continuation takes the text above.</summary>
    private static string[][] DocxGrid(Table table)
    {
        var grid = new List<string[]>();
        var width = table.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Count();
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new string[width];
            var column = 0;
            foreach (var cell in row.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var span = properties?.GridSpan?.Val?.Value ?? 1;
                var merge = properties?.VerticalMerge;
                var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var text = continues ? grid[^1][column] : cell.InnerText;
                for (var k = 0; k < span; k++) cells[column + k] = text;
                column += span;
            }
            Assert.Equal(width, column);
            grid.Add(cells);
        }
        return [.. grid];
    }

    /// <summary>Expands an HTML table (thead/tbody rows, colspan/rowspan) into a plain grid.</summary>
    private static string[][] HtmlGrid(XElement table)
    {
        var rows = table.Elements().Where(e => e.Name != "caption").SelectMany(g => g.Elements("tr")).ToList();
        var width = rows[0].Elements().Sum(c => (int?)c.Attribute("colspan") ?? 1);
        var grid = rows.Select(_ => new string?[width]).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            var c = 0;
            foreach (var cell in rows[r].Elements())
            {
                while (grid[r][c] is not null) c++;
                int colSpan = (int?)cell.Attribute("colspan") ?? 1, rowSpan = (int?)cell.Attribute("rowspan") ?? 1;
                for (var dr = 0; dr < rowSpan; dr++)
                for (var dc = 0; dc < colSpan; dc++)
                    grid[r + dr][c + dc] = cell.Value;
                c += colSpan;
            }
        }
        return grid.Select(row => row.Select(t => t!).ToArray()).ToArray();
    }
}
