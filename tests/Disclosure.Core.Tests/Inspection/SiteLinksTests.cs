using Disclosure.Inspection.SelfInspection;

namespace Disclosure.Tests.Inspection;

public class SiteLinksTests
{
    [Theory]
    [InlineData("index.html", "/files/x/a.pdf", "files/x/a.pdf")]
    [InlineData("columns/gzdt/p/2.html", "../index.html", "columns/gzdt/index.html")]
    [InlineData("columns/gzdt/index.html", "p/1.html?x=1#top", "columns/gzdt/p/1.html")]
    [InlineData("index.html", "/files/a%20b/%E9%80%9A%E7%9F%A5.pdf", "files/a b/通知.pdf")]
    [InlineData("index.html", "https://kjj.example.gov.cn/guide/", "guide/")]
    [InlineData("index.html", "/", "")]
    public void Internal_links_resolve_to_the_site_file_they_name(string page, string href, string expected)
        => Assert.Equal(expected, SiteLinks.Resolve(page, href, new Uri("https://kjj.example.gov.cn/")));

    [Theory]
    [InlineData("https://www.gov.cn/zhengce/")]
    [InlineData("mailto:gkb@kjj.gov.cn")]
    [InlineData("javascript:alert(1)")]
    [InlineData("tel:057185000000")]
    [InlineData("#main")]
    [InlineData("")]
    [InlineData("/api/applications/new")] // the function app's form beside the site (the guide's 依申请公开 link)
    public void Other_sites_mail_and_fragments_are_not_site_links(string href)
        => Assert.Null(SiteLinks.Resolve("index.html", href, new Uri("https://kjj.example.gov.cn/")));

    [Fact]
    public async Task A_missing_attachment_and_a_missing_page_are_broken_and_folders_resolve_to_their_index()
    {
        var site = new SiteInMemory(new Dictionary<string, string>
        {
            ["index.html"] = """
                <link rel="stylesheet" href="/assets/site.css">
                <a href="/columns/gzdt/">工作动态</a> <a href="/guide">指南</a>
                <a href="/files/x/a.pdf">附件</a> <a href="/files/y/b.pdf">缺失的附件</a>
                <img src="/images/logo.png" alt="标志"> <a href="https://www.gov.cn/">中国政府网</a>
                """,
            ["columns/gzdt/index.html"] = """<a href="/items/nope.html">已删除的页面</a>""",
            ["guide/index.html"] = "<p>指南</p>",
        }, "assets/site.css", "files/x/a.pdf");

        var report = await SiteLinks.CheckAsync(site, null);

        Assert.Equal(3, report.PagesChecked);
        Assert.Equal(7, report.LinksChecked);
        Assert.Equal(
            [("index.html", "files/y/b.pdf", true), ("index.html", "images/logo.png", false), ("columns/gzdt/index.html", "items/nope.html", false)],
            report.Broken.Select(b => (b.Page, b.Target, b.IsAttachment)).OrderBy(b => b.Page == "index.html" ? 0 : 1).ToArray());
    }
}
