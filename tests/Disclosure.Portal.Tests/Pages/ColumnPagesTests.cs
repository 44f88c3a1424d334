using System.Text;
using AngleSharp.Html.Parser;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>
/// Issue 19: a column's index (<c>/columns/{code}/index.html</c>) is written with every new item, so it links a bounded
/// window of list pages, not every page; every item stays reachable by links from it, and the list pages keep a pager
/// that marks the page itself current.
/// </summary>
public class ColumnPagesTests
{
    private static readonly PortalRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    /// <summary>The sample site with 工作动态 grown by <paramref name="added"/> items, a few of them withdrawn.</summary>
    private static SamplePortal Grown(int added)
    {
        var sample = SamplePortal.Full();
        for (var n = 1; n <= added; n++)
        {
            var item = sample.Add("gzdt", $"工作动态第{n}期", new DateOnly(2024, 1, 1).AddDays(n / 3));
            if (n % 97 == 0) sample.Withdraw(item);
        }
        return sample;
    }

    private static Dictionary<string, string> Render(SamplePortal sample) =>
        Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content), StringComparer.Ordinal);

    [Fact]
    public void Every_item_of_a_column_of_several_hundred_items_is_reached_by_links_from_its_index()
    {
        var sample = Grown(600);
        var site = Render(sample);

        // Follow every link of the column's pages (index and list pages), as a visitor or a crawler would.
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["columns/gzdt/index.html"]);
        var visited = new HashSet<string>(StringComparer.Ordinal) { "columns/gzdt/index.html" };
        while (queue.TryDequeue(out var path))
        {
            foreach (var href in Parser.ParseDocument(site[path]).QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")!))
            {
                var file = PortalPaths.FilePath(href);
                if (file.StartsWith("items/", StringComparison.Ordinal)) reached.Add(href);
                else if (file.StartsWith("columns/gzdt/", StringComparison.Ordinal) && visited.Add(file)) queue.Enqueue(file);
            }
        }

        var gzdt = sample.Published.Where(i => i.ColumnCode == "gzdt").ToList();
        Assert.True(gzdt.Count > 600);
        Assert.All(gzdt, item => Assert.Contains(PortalPaths.Item(item), reached));
        Assert.All(sample.Withdrawn.Where(i => i.ColumnCode == "gzdt"), item => Assert.DoesNotContain(PortalPaths.Item(item), reached));
        var pages = (sample.Snapshot().ColumnSlots["gzdt"].Count + PortalPaths.PageSize - 1) / PortalPaths.PageSize;
        Assert.Equal(pages + 1, visited.Count);
    }

    [Fact]
    public void The_index_links_the_newest_pages_and_the_first_whatever_the_size_of_the_column()
    {
        var small = Parser.ParseDocument(Render(Grown(600))["columns/gzdt/index.html"]);
        var large = Render(Grown(3000));
        var index = Parser.ParseDocument(large["columns/gzdt/index.html"]);

        var pages = (SamplePortalSlots(3000) + PortalPaths.PageSize - 1) / PortalPaths.PageSize;
        var links = index.QuerySelectorAll("nav.page-list li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(Enumerable.Range(pages - PortalPaths.ColumnIndexPageLinks + 1, PortalPaths.ColumnIndexPageLinks).Reverse()
            .Select(n => PortalPaths.ColumnPage("gzdt", n)).Append(PortalPaths.ColumnPage("gzdt", 1)), links);
        Assert.Equal(small.QuerySelectorAll("nav.page-list li").Length, index.QuerySelectorAll("nav.page-list li").Length);
        Assert.Contains(index.QuerySelectorAll("nav.page-list a"), a => a.GetAttribute("href") == PortalPaths.ColumnCatalogue("gzdt"));
        Assert.Contains($"{pages}页", index.QuerySelector("#pages-title")!.TextContent);
        // Bounded: the newest 20 rows, ten page links and the layout, about the same at 600 and at 3,000 items.
        Assert.True(Encoding.UTF8.GetByteCount(large["columns/gzdt/index.html"]) < 16_000, $"{Encoding.UTF8.GetByteCount(large["columns/gzdt/index.html"])} bytes");
    }

    private static int SamplePortalSlots(int added) => Grown(added).Snapshot().ColumnSlots["gzdt"].Count;

    [Fact]
    public void A_list_page_marks_itself_current_in_a_pager_of_links()
    {
        var site = Render(Grown(600));

        var pager = Parser.ParseDocument(site["columns/gzdt/p/5.html"]).QuerySelector("nav.pager[aria-label]")!;
        Assert.Equal(PortalPaths.ColumnPage("gzdt", 5), Assert.Single(pager.QuerySelectorAll("a[aria-current=page]")).GetAttribute("href"));
        Assert.Equal(PortalPaths.ColumnPage("gzdt", 6), pager.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(PortalPaths.ColumnPage("gzdt", 4), pager.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        // Links only (focusable by Tab, followed by Enter); no script needed.
        Assert.All(pager.QuerySelectorAll("li"), li => Assert.NotNull(li.QuerySelector("a[href]")));
    }

    [Fact]
    public void A_new_item_leaves_every_list_page_but_the_newest_as_it_was()
    {
        var sample = Grown(600);
        var before = Render(sample);
        sample.Add("gzdt", "工作动态（最新）", new DateOnly(2026, 1, 1));
        var after = Render(sample);

        var changed = after.Keys.Where(p => p.StartsWith("columns/gzdt/", StringComparison.Ordinal) && (!before.TryGetValue(p, out var old) || old != after[p]))
            .Order(StringComparer.Ordinal).ToList();
        var last = (sample.Snapshot().ColumnSlots["gzdt"].Count + PortalPaths.PageSize - 1) / PortalPaths.PageSize;
        Assert.Equal(["columns/gzdt/index.html", $"columns/gzdt/p/{last}.html"], changed);
    }
}
