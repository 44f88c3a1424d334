using System.Text;
using AngleSharp.Html.Parser;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>
/// 政府网站发展指引 (国办发〔2017〕47号): every page's footer shows the 主办单位, contact details, 党政机关网站标识,
/// 网站标识码, ICP 备案号 and 公安机关备案号, and links the 网站地图 and the national 政府网站找错 entrance. And the one
/// 有效性 (issue 15): the portal shows what <see cref="ItemValidity"/> derives, 有效期 included.
/// </summary>
public class FooterAndSiteMapTests
{
    private static readonly PortalRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    private static Dictionary<string, string> Render(PortalSnapshot snapshot) =>
        Renderer.RenderSite(snapshot).Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal))
            .ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content), StringComparer.Ordinal);

    [Fact]
    public void Every_page_footer_shows_the_identifiers_of_guideline_47_from_the_catalogue_settings()
    {
        var site = SamplePortal.Settings.Site;
        foreach (var (path, html) in Render(SamplePortal.Full().Snapshot()))
        {
            var footer = Parser.ParseDocument(html).QuerySelector("footer.site-footer")!;
            var text = footer.TextContent;
            Assert.Contains("主办单位：市科学技术局", text);
            Assert.Contains("电话：0571-85000000", text);
            Assert.Contains($"网站标识码：{site.SiteIdentificationCode}", text);
            Assert.Contains(site.IcpNumber, text);
            Assert.Contains(site.PublicSecurityNumber, text);
            string Href(string text) => footer.QuerySelectorAll("a").Single(a => a.TextContent == text).GetAttribute("href")!;
            Assert.Equal(site.GovernmentSiteMarkHref, Href("党政机关网站标识"));
            Assert.Equal(site.IcpHref, Href(site.IcpNumber));
            Assert.Equal(site.PublicSecurityHref, Href(site.PublicSecurityNumber));
            Assert.Equal(site.ErrorReportHref, Href("政府网站找错"));
            Assert.Equal(PortalPaths.SiteMap, Href("网站地图"));
            // The 找错 entrance and the 标识 are plain links: nothing is loaded from their hosts.
            Assert.Empty(footer.QuerySelectorAll("img, script, iframe"));
        }
    }

    [Fact]
    public void A_missing_identifier_leaves_no_empty_label_in_the_footer()
    {
        var settings = SamplePortal.Settings with
        {
            Agency = SamplePortal.Settings.Agency with { Phone = "" },
            Site = new SiteSettings { IcpNumber = "浙ICP备00000000号", IcpHref = "" },
        };
        var html = Render(new PortalSnapshot(settings, [], [], _ => ""))["index.html"];
        var footer = Parser.ParseDocument(html).QuerySelector("footer.site-footer")!;

        Assert.DoesNotContain("网站标识码", footer.TextContent);
        Assert.DoesNotContain("电话：", footer.TextContent);
        Assert.DoesNotContain("党政机关网站标识", footer.TextContent);
        Assert.DoesNotContain("政府网站找错", footer.TextContent);
        Assert.Contains("浙ICP备00000000号", footer.TextContent); // printed, without a link when none is configured
        Assert.Empty(footer.QuerySelectorAll("a[href='']"));
        Assert.Contains("主办单位：市科学技术局", footer.TextContent); // no sponsor configured: the agency itself
    }

    [Fact]
    public void A_configured_mark_picture_is_a_file_of_this_site()
    {
        var settings = SamplePortal.Settings with { Site = SamplePortal.Settings.Site with { GovernmentSiteMarkImage = "/images/dzjg.png" } };
        var html = Render(new PortalSnapshot(settings, [], [], _ => ""))["index.html"];
        var image = Assert.Single(Parser.ParseDocument(html).QuerySelectorAll("footer img"));
        Assert.Equal("/images/dzjg.png", image.GetAttribute("src"));
        Assert.Equal("党政机关网站标识", image.GetAttribute("alt"));
    }

    [Fact]
    public void The_site_map_lists_every_column_with_its_pages_and_article_and_every_page_type()
    {
        var sample = SamplePortal.Full();
        var site = Render(sample.Snapshot());
        var map = Parser.ParseDocument(site[PortalPaths.FilePath(PortalPaths.SiteMap)]);
        var hrefs = map.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToHashSet();

        foreach (var column in SamplePortal.Settings.Columns)
        {
            Assert.Contains(PortalPaths.ColumnIndex(column.Code), hrefs);
            Assert.Contains(PortalPaths.ColumnCatalogue(column.Code), hrefs);
        }
        foreach (var path in new[] { PortalPaths.Home, PortalPaths.Guide, PortalPaths.Rules, PortalPaths.Catalogue, PortalPaths.Search,
                     PortalPaths.YearCatalogue(2025), PortalPaths.YearCatalogue(2024), SiteUrls.AllFeed })
            Assert.Contains(path, hrefs);
        // Every link on the map leads to a page the site has.
        foreach (var href in hrefs.Where(h => h!.EndsWith(".html", StringComparison.Ordinal)))
            Assert.True(site.ContainsKey(PortalPaths.FilePath(href!)), $"网站地图链接 {href} 没有对应页面");
        var text = map.QuerySelector("main")!.TextContent;
        Assert.Contains("统计信息（《条例》第二十条第（四）项）", text);
        Assert.Contains("公共服务（《条例》第二十一条）", text);
        foreach (var kind in new[] { "栏目页", "目录页", "信息页", "检索页", "订阅" }) Assert.Contains(kind, text);
        // The sub-column sits under its parent.
        Assert.NotNull(map.QuerySelector($"li ul a[href='{PortalPaths.ColumnIndex("zcjd")}']"));
    }

    [Fact]
    public void A_publication_changes_the_site_map_with_the_catalogue_overview()
    {
        var sample = SamplePortal.Full();
        var item = sample.Add("tzgg", "新通知", new DateOnly(2026, 1, 5));
        Assert.Contains(PortalPaths.SiteMap, PortalRenderer.PagesAffectedBy(sample.Snapshot(), new PortalChange(item.Id, null)));
    }

    [Fact]
    public void The_portal_shows_the_derived_validity_a_stated_in_force_document_past_its_validity_period_is_expired()
    {
        var sample = SamplePortal.Full();
        var lapsed = sample.Add("zcfg", "有效期已届满的规范性文件", new DateOnly(2025, 11, 20), i => i with
        {
            Genre = "行政规范性文件", Validity = Validity.InForce, EffectiveFrom = new DateOnly(2020, 12, 1), ValidUntil = new DateOnly(2025, 11, 30),
        });
        var snapshot = new PortalSnapshot(SamplePortal.Settings, sample.Published, sample.Withdrawn,
            i => sample.Bodies.GetValueOrDefault(i.Id, ""), sample.Expired, today: new DateOnly(2025, 12, 1));
        var site = Render(snapshot);

        var page = Parser.ParseDocument(site[PortalPaths.FilePath(PortalPaths.Item(lapsed))]);
        string Meta(string name) => page.QuerySelectorAll("dl.meta-block > div").Single(d => d.QuerySelector("dt")!.TextContent == name).QuerySelector("dd")!.TextContent;
        Assert.Equal("失效", Meta("有效性"));
        Assert.Equal("2020-12-01", Meta("施行日期"));
        Assert.Equal("至 2025-11-30", Meta("有效期"));
        Assert.Contains("本文件已失效。", page.QuerySelector(".notice-superseded")!.TextContent);
        var row = Parser.ParseDocument(site["catalogue/zcfg/p/1.html"]).QuerySelectorAll("tr").Single(r => r.TextContent.Contains("有效期已届满的规范性文件"));
        Assert.Contains("失效", row.TextContent);

        // The day it is still in force, and a snapshot with no date (a preview), show 有效.
        foreach (var day in new DateOnly?[] { new DateOnly(2025, 11, 30), null })
        {
            var before = new PortalSnapshot(SamplePortal.Settings, sample.Published, sample.Withdrawn, i => sample.Bodies.GetValueOrDefault(i.Id, ""), sample.Expired, today: day);
            var html = Parser.ParseDocument(Render(before)[PortalPaths.FilePath(PortalPaths.Item(lapsed))]);
            Assert.Equal("有效", html.QuerySelectorAll("dl.meta-block > div").Single(d => d.QuerySelector("dt")!.TextContent == "有效性").QuerySelector("dd")!.TextContent);
        }
    }
}
