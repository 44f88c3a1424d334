using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>What a visitor's browser and a crawler find on a published portal: an icon, the feeds, every listing page.</summary>
public class PortalDetailsTests
{
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero));

    private async Task PublishAsync(int itemsInColumn)
    {
        for (var i = 1; i <= itemsInColumn; i++)
            await _bed.ReadyAsync($"第{i}期科技工作动态", "正文", "张三", ("created-" + i, "张三"), item => item with { ColumnCode = "gzdt" });
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
    }

    [Fact]
    public async Task The_sitemap_lists_every_paged_column_list_and_every_year_of_the_catalogue()
    {
        await PublishAsync(PortalPaths.PageSize + 1);

        // In parts: the fixed pages, each column's lists and 目录, each year's 目录.
        Assert.Contains("/guide/index.html", _bed.Text("sitemaps/pages.xml"));
        Assert.Contains("/columns/gzdt/p/2.html", _bed.Text("sitemaps/pages-gzdt.xml"));
        Assert.Contains("/catalogue/2026/index.html", _bed.Text("sitemaps/pages-2026.xml"));
        var pages = string.Concat(_bed.Site.Blobs.Keys.Where(k => k.StartsWith("sitemaps/pages", StringComparison.Ordinal)).Select(_bed.Text));
        Assert.Contains("/columns/gzdt/p/1.html", pages);
        Assert.Contains("/columns/gzdt/p/2.html", pages);
        Assert.Contains("/catalogue/2026/index.html", pages);
        Assert.Contains("/columns/gzdt/index.html", pages);
        // Every listing page the site has is in the sitemap (items are in the yearly parts).
        var listings = _bed.Site.Blobs.Keys.Where(k => Regex.IsMatch(k, @"^(columns/.+|catalogue/.+|index)\.html$|^(guide|rules)/index\.html$"));
        Assert.All(listings, path => Assert.Contains("/" + path + "<", pages));
        Assert.DoesNotContain("/search/", pages);
        Assert.DoesNotContain("404.html", pages);
    }

    [Fact]
    public async Task Every_page_links_an_icon_that_exists_and_advertises_its_atom_feeds_in_head_and_visibly()
    {
        await PublishAsync(2);
        var parser = new HtmlParser();

        foreach (var path in _bed.Site.Blobs.Keys.Where(k => k.EndsWith(".html", StringComparison.Ordinal)))
        {
            var page = parser.ParseDocument(_bed.Text(path));
            var icon = page.QuerySelector("head link[rel=icon]");
            Assert.True(icon is not null, $"{path}: no icon");
            Assert.True(_bed.Site.Blobs.ContainsKey(icon!.GetAttribute("href")!.TrimStart('/')), $"{path}: icon {icon.GetAttribute("href")} missing");
            var feeds = page.QuerySelectorAll("head link[rel=alternate][type='application/atom+xml']").Select(l => l.GetAttribute("href")).ToList();
            Assert.Contains(SiteUrls.AllFeed, feeds);
            Assert.Contains(page.QuerySelectorAll("main a[type='application/atom+xml']"), a => a.GetAttribute("href") == SiteUrls.AllFeed);
            Assert.All(feeds, feed => Assert.True(_bed.Site.Blobs.ContainsKey(feed!.TrimStart('/')), $"{path}: feed {feed} missing"));
        }

        var column = parser.ParseDocument(_bed.Text("columns/gzdt/index.html"));
        Assert.Contains(column.QuerySelectorAll("head link[rel=alternate]"), l => l.GetAttribute("href") == SiteUrls.ColumnFeed("gzdt"));
        Assert.Contains(column.QuerySelectorAll("main a"), a => a.GetAttribute("href") == SiteUrls.ColumnFeed("gzdt"));
    }
}
