using System.Text.Json;
using Disclosure.Items;
using Disclosure.Portal.Tests.Pages;
using Disclosure.Publishing;
using Xunit.Abstractions;

namespace Disclosure.Portal.Tests.Quality;

/// <summary>A sample site with every page type, written to a temporary folder and served on 127.0.0.1.</summary>
public sealed class RenderedSampleSite : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "disclosure-portal-" + Guid.NewGuid().ToString("N"));
    internal SamplePortal Sample { get; } = WithPagedCatalogue(SamplePortal.Full());
    internal StaticSiteServer Server { get; private set; } = null!;
    public IReadOnlyList<string> HtmlFiles { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await QualityTools.EnsureInstalledAsync();
        foreach (var file in new PortalRenderer().RenderSite(Sample.Snapshot()))
        {
            var full = Path.Combine(Root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, file.Content);
        }
        HtmlFiles = Directory.GetFiles(Root, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Server = await StaticSiteServer.StartAsync(Root);
    }

    /// <summary>工作动态 grown to three 目录 pages, so a page with both neighbours is checked (issue 19).</summary>
    private static SamplePortal WithPagedCatalogue(SamplePortal sample)
    {
        for (var n = 46; n <= 2 * PortalPaths.CataloguePageSize + 10; n++)
            sample.Add("gzdt", $"科技工作动态第{n}期", new DateOnly(2025, 10, 20).AddDays(n / 10));
        return sample;
    }

    /// <summary>The item page of a 规范性文件 (the fullest metadata block).</summary>
    public string PolicyPage => PortalPaths.Item(Sample.Published.First(i => i.Title == "市科技创新券管理办法"));

    /// <summary>One page of every type the portal has (a query only where the type needs one).</summary>
    public IEnumerable<string> EveryPageType()
    {
        string ItemPath(Func<DisclosureItem, bool> pick) => PortalPaths.Item(Sample.Published.First(pick));
        return
        [
            PortalPaths.Home, PortalPaths.Guide, PortalPaths.Rules, PortalPaths.Search, "/search/?q=%E7%A7%91%E6%8A%80",
            PortalPaths.NotFound, "/no-such-page.html", PortalPaths.Catalogue, PortalPaths.ColumnCatalogue("zcfg"),
            PortalPaths.ColumnCatalogue("gzdt"), PortalPaths.ColumnCataloguePage("gzdt", 2), PortalPaths.ColumnCataloguePage("zcfg", 1),
            PortalPaths.YearCatalogue(2025), PortalPaths.YearCataloguePage(2025, 1), PortalPaths.ColumnIndex("zcfg"), PortalPaths.ColumnIndex("gzdt"),
            PortalPaths.ColumnPage("gzdt", 2), PolicyPage, ItemPath(i => i.Relation == Relation.Interprets),
            ItemPath(i => i.Title == "市科技计划项目管理暂行办法"), ItemPath(i => i.Title == SamplePortal.HostileTitle),
            PortalPaths.Item(Sample.Withdrawn[0]), PortalPaths.Item(Sample.Expired[0]),
            ItemPath(i => i.PublicUntil is not null), PortalPaths.SiteMap,
        ];
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

public class PortalQualityTests(RenderedSampleSite site, ITestOutputHelper output) : IClassFixture<RenderedSampleSite>
{
    [Fact]
    public async Task Every_rendered_page_passes_the_Nu_HTML_Checker_without_errors()
    {
        Assert.True(site.HtmlFiles.Count > 50, "样例站点页面过少");
        var errors = await QualityTools.NuErrorsAsync(site.HtmlFiles);
        foreach (var error in errors) output.WriteLine(error);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Pages_of_every_type_have_no_axe_violations_reflow_at_320px_and_200_percent_text_and_are_screenshotted()
    {
        var sample = site.Sample;
        var paths = site.EveryPageType().ToArray();
        var policy = site.PolicyPage;
        var screenshots = new[]
        {
            new { path = PortalPaths.Home, file = "/tmp/portal-home.png", width = 1280, prefs = (object?)null },
            new { path = policy, file = "/tmp/portal-item.png", width = 1280, prefs = (object?)null },
            new { path = PortalPaths.ColumnCataloguePage("gzdt", 2), file = "/tmp/portal-catalogue.png", width = 1280, prefs = (object?)null },
            new { path = PortalPaths.Home, file = "/tmp/portal-home-320.png", width = 320, prefs = (object?)null },
            new { path = policy, file = "/tmp/portal-item-large-contrast.png", width = 1280, prefs = (object?)new { large = true, contrast = true } },
        };
        var request = JsonSerializer.Serialize(new
        {
            repoRoot = QualityTools.RepoRoot,
            baseUrl = site.Server.BaseUrl,
            paths,
            reflowPaths = paths.Where(p => !p.Contains('?')).ToArray(),
            screenshots,
        });
        var script = Path.Combine(AppContext.BaseDirectory, "Quality", "browser-check.mjs");
        var result = await QualityTools.Run("node", [script], QualityTools.RepoRoot, TimeSpan.FromMinutes(8), request);
        Assert.True(result.ExitCode == 0, $"browser-check.mjs 失败：{result.StdErr}");
        using var report = JsonDocument.Parse(result.StdOut);

        var axe = report.RootElement.GetProperty("axe").EnumerateArray().ToList();
        Assert.Equal(paths.Length * 2, axe.Count);
        var violations = new List<string>();
        foreach (var page in axe)
        {
            Assert.True(page.GetProperty("passes").GetInt32() > 10, "axe 未执行检查");
            foreach (var v in page.GetProperty("violations").EnumerateArray())
                violations.Add($"{page.GetProperty("path").GetString()} [{page.GetProperty("mode").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} {v.GetProperty("nodes")}");
        }
        // The high-contrast run really ran with the switch on (the script read the stored choice).
        Assert.Contains(axe, p => p.GetProperty("htmlClass").GetString()!.Contains("high-contrast", StringComparison.Ordinal));
        foreach (var v in violations) output.WriteLine(v);
        Assert.Empty(violations);

        var overflow = report.RootElement.GetProperty("reflow").EnumerateArray()
            .Where(r => r.GetProperty("scrollWidth").GetInt32() > r.GetProperty("width").GetInt32())
            .Select(r => $"{r.GetProperty("path").GetString()} {r.GetProperty("mode").GetString()}: 页面宽 {r.GetProperty("scrollWidth").GetInt32()}px")
            .ToList();
        foreach (var o in overflow) output.WriteLine(o);
        Assert.Empty(overflow);

        var blocked = report.RootElement.GetProperty("cspViolations").EnumerateArray()
            .Select(v => $"{v.GetProperty("path").GetString()}: {v.GetProperty("text").GetString()}").ToList();
        Assert.True(blocked.Count == 0, string.Join("\n", blocked));

        foreach (var shot in screenshots) Assert.True(new FileInfo(shot.file).Length > 10_000, $"截图 {shot.file} 为空");
    }

    [Theory]
    [InlineData("/catalogue/gzdt/p/2.html", "nav.pager a[rel=next]", "/catalogue/gzdt/p/3.html")]
    [InlineData("/catalogue/gzdt/p/2.html", "nav.pager a[rel=prev]", "/catalogue/gzdt/p/1.html")]
    [InlineData("/catalogue/gzdt/index.html", "nav.page-list a[href$='/p/1.html']", "/catalogue/gzdt/p/1.html")]
    public async Task The_catalogues_pages_are_reached_with_the_keyboard_alone(string path, string selector, string target)
    {
        var request = JsonSerializer.Serialize(new { repoRoot = QualityTools.RepoRoot, baseUrl = site.Server.BaseUrl, path, selector });
        var script = Path.Combine(AppContext.BaseDirectory, "Quality", "keyboard-pager.mjs");
        var result = await QualityTools.Run("node", [script], QualityTools.RepoRoot, TimeSpan.FromMinutes(3), request);
        Assert.True(result.ExitCode == 0, $"keyboard-pager.mjs 失败：{result.StdErr}");
        using var report = JsonDocument.Parse(result.StdOut);
        var r = report.RootElement;

        Assert.True(r.GetProperty("tabs").GetInt32() > 0, $"Tab 键无法到达 {selector}");
        // The focused link shows where the keyboard is (the site's focus-visible outline).
        Assert.StartsWith("solid", r.GetProperty("outline").GetString());
        Assert.Equal(target, r.GetProperty("landedOn").GetString());
        // A page marks itself as the current one in its pager; the index is no page of the list.
        var current = r.GetProperty("ariaCurrent").EnumerateArray().Select(e => e.GetString()).ToList();
        if (path.Contains("/p/", StringComparison.Ordinal)) Assert.Equal([path], current);
    }

    [Fact]
    public async Task The_server_answers_folder_urls_with_their_index_and_missing_pages_with_404()
    {
        using var http = new HttpClient { BaseAddress = new Uri(site.Server.BaseUrl) };
        var search = await http.GetAsync("/search/?q=x");
        Assert.Equal(200, (int)search.StatusCode);
        Assert.Contains("search-results", await search.Content.ReadAsStringAsync());
        var missing = await http.GetAsync("/items/none.html");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("页面不存在", await missing.Content.ReadAsStringAsync());
    }
}
