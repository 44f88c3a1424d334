using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.Templating;
using Disclosure.Tests.Inspection;
using static Disclosure.Tests.Inspection.SelfInspectionSeed;

namespace Disclosure.Tests.Templating;

/// <summary>
/// Each report and e-mail written from a template, given text that would be markup if it were printed as is: the text
/// comes out encoded, the document has no element the text tried to start, and the reader sees the text unchanged.
/// </summary>
public class HostileTextTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Markup = "\"&<>'";
    private const string Hostile = Script + Markup;

    [Fact]
    public void The_self_inspection_report_encodes_item_titles_in_its_tables()
    {
        var items = EveryColumnFresh();
        items.Add(Item("gzdt", Today.AddDays(-1), formed: Today.AddDays(-60), title: Hostile));
        items.Add(Item("tzgg", null, state: ItemState.AwaitingReview, updatedAt: Now.AddDays(-10), title: Hostile));
        var html = SelfInspectionHtml.Render(Analysis().Analyse(Inputs(items)));

        Assert.DoesNotContain(Script, html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&lt;&gt;&#39;", html);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script"));
        var captions = document.QuerySelectorAll("table").Where(t => t.QuerySelectorAll("td").Any(td => td.TextContent == Hostile))
            .Select(t => t.QuerySelector("caption")!.TextContent).ToList();
        Assert.Equal(["逾期公开的信息", "待审核时间过长的信息"], captions);
    }

    [Fact]
    public void The_annual_report_encodes_the_bureau_s_overview_and_drops_control_characters()
    {
        var figures = AnnualReportSeed.Figures() with { Texts = new ReportTexts { OverviewProactive = Hostile + "\u0001\r\n第二段" } };
        var model = AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), figures, Bureau, Days, Now);
        var html = AnnualReportHtml.Render(model);

        Assert.Contains("<h3>（一）主动公开</h3>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&lt;&gt;&#39;</p>\n<p>第二段</p>", html);
        // Still well-formed: a control character would have been an invalid character reference.
        var article = XElement.Parse(html);
        Assert.Equal(Hostile, article.Elements("p").First().Value);
    }

    [Fact]
    public void An_e_mail_encodes_its_subject_paragraphs_headings_list_and_link()
    {
        var message = new NotificationBuilder("主题" + Hostile);
        message.Paragraph("段落" + Hostile);
        message.Heading("标题" + Hostile);
        message.List([(Hostile, "条目" + Hostile)]);
        message.Link("链接" + Hostile, "https://example.gov.cn/?a=1&b=\"><script>");
        var html = message.Build("m-1", "bgs", "办公室", []).Html;

        Assert.DoesNotContain("<script", html);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal("主题" + Hostile, document.Title);
        Assert.Equal("主题" + Hostile, document.QuerySelector("h1")!.TextContent);
        Assert.Equal("段落" + Hostile, document.QuerySelector("p")!.TextContent);
        Assert.Equal("标题" + Hostile, document.QuerySelector("h2")!.TextContent);
        Assert.Equal(Hostile, document.QuerySelector("li strong")!.TextContent);
        Assert.Equal(Hostile + "条目" + Hostile, document.QuerySelector("li")!.TextContent);
        Assert.Equal("https://example.gov.cn/?a=1&b=\"><script>", document.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("链接" + Hostile, document.QuerySelector("a")!.TextContent);
    }

    [Fact]
    public void The_leadership_summary_encodes_the_group_s_name_in_its_html_and_escapes_it_in_its_markdown()
    {
        var report = Analysis().Analyse(Inputs(EveryColumnFresh()));
        var service = new SelfInspectionService(null!, null!, null!, null!, null!, null!, null!, null!, Bureau, Days,
            new SelfInspectionOptions { AdminBaseUrl = "https://admin.example.gov.cn/" }, TimeProvider.System);
        const string name = "领导小组**粗体**[链接](https://evil.example)" + Hostile;
        var group = new LeadershipGroup { Name = name, Channels = [new ChannelAddress { Kind = ChannelKind.Outbox }] };

        var summary = service.Summary(report, group);

        Assert.DoesNotContain("<script", summary.Html);
        Assert.Equal(name + "：", new HtmlParser().ParseDocument(summary.Html).QuerySelector("p")!.TextContent);
        Assert.DoesNotContain("<script>", summary.Markdown);
        Assert.Contains("领导小组\\*\\*粗体\\*\\*\\[链接\\](https://evil.example)\\<script\\>", summary.Markdown);
    }

    [Theory]
    [InlineData("&<>\"'", "&amp;&lt;&gt;&quot;&#39;")]
    [InlineData("中文\t+保留", "中文\t+保留")]
    [InlineData("一\r\n二\u0001\u007f\u0085三", "一二三")]
    public void The_reports_encoder_writes_only_the_five_markup_characters_and_drops_control_characters(string text, string expected)
    {
        Assert.Equal(expected, TemplateEncoders.Minimal.Encode(text));
        var written = new StringWriter();
        TemplateEncoders.Minimal.Encode(written, text);
        Assert.Equal(expected, written.ToString());
    }

    [Fact]
    public void No_embedded_template_prints_a_value_through_raw()
    {
        var assembly = typeof(TemplateEncoders).Assembly;
        var templates = assembly.GetManifestResourceNames().Where(n => n.EndsWith(".liquid", StringComparison.Ordinal)).ToList();
        Assert.Contains("Disclosure.Inspection.SelfInspection.Templates.self-inspection-report.liquid", templates);
        Assert.Contains("Disclosure.Notifications.Templates.message.liquid", templates);
        foreach (var name in templates)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            Assert.DoesNotMatch(@"\|\s*raw\b", reader.ReadToEnd());
        }
    }
}
