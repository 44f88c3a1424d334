using System.Text;
using AngleSharp.Html.Parser;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>
/// Issue 19: the 目录 of a column and of a year are paged from the oldest item, so one new item rewrites the newest page
/// alone (and the index only when it opens a page), not a page of every item; a withdrawal rewrites the page that held the item.
/// </summary>
public class CataloguePagesTests
{
    private const int Size = PortalPaths.CataloguePageSize;
    private static readonly PortalRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    /// <summary>The sample site with 工作动态 grown to two full 目录 pages and part of a third, all published in 2025.</summary>
    private static SamplePortal ThreePages()
    {
        var sample = SamplePortal.Full();
        for (var n = 46; n <= 2 * Size + 10; n++) sample.Add("gzdt", $"科技工作动态第{n}期", new DateOnly(2025, 6, 1).AddDays(136 + n / 4));
        return sample;
    }

    private static Dictionary<string, string> Render(SamplePortal sample) =>
        Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content), StringComparer.Ordinal);

    private static string[] Titles(string html) =>
        Parser.ParseDocument(html).QuerySelectorAll("table.catalogue tbody th[scope=row] a").Select(a => a.TextContent).ToArray();

    private static IEnumerable<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after, string prefix) =>
        after.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && (!before.TryGetValue(p, out var old) || old != after[p]))
            .Concat(before.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !after.ContainsKey(p)))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void A_columns_catalogue_is_paged_from_the_oldest_item_newest_first_within_a_page()
    {
        var site = Render(ThreePages());

        Assert.Equal(Enumerable.Range(1, Size).Reverse().Select(n => $"科技工作动态第{n}期"), Titles(site["catalogue/gzdt/p/1.html"]));
        Assert.Equal(Enumerable.Range(Size + 1, Size).Reverse().Select(n => $"科技工作动态第{n}期"), Titles(site["catalogue/gzdt/p/2.html"]));
        Assert.Equal(Enumerable.Range(2 * Size + 1, 10).Reverse().Select(n => $"科技工作动态第{n}期"), Titles(site["catalogue/gzdt/p/3.html"]));
        Assert.False(site.ContainsKey("catalogue/gzdt/p/4.html"));
        // Every row still carries the seven fields of the 目录.
        Assert.Contains("<th scope=\"col\">索引号</th><th scope=\"col\">名称</th><th scope=\"col\">发布机构</th><th scope=\"col\">文号</th><th scope=\"col\">成文日期</th><th scope=\"col\">发布日期</th><th scope=\"col\">有效性</th>", site["catalogue/gzdt/p/2.html"]);
    }

    [Fact]
    public void The_old_address_is_the_index_linking_every_page_newest_first_with_the_dates_of_the_older_pages()
    {
        var sample = ThreePages();
        var site = Render(sample);
        var index = Parser.ParseDocument(site["catalogue/gzdt/index.html"]);

        var pages = index.QuerySelectorAll("nav.page-list li").Select(li => (li.QuerySelector("a")!.GetAttribute("href"), li.QuerySelector(".meta")!.TextContent)).ToList();
        var gzdt = sample.Published.Where(i => i.ColumnCode == "gzdt").OrderBy(i => i, PublicationOrder.Instance).ToList();
        string Range(int page) => $"{gzdt[(page - 1) * Size].PublishedOn:yyyy-MM-dd} 至 {gzdt[Math.Min(page * Size, gzdt.Count) - 1].PublishedOn:yyyy-MM-dd}";
        // The newest page's dates and the count change with every new item or withdrawal: the index names neither.
        Assert.Equal([("/catalogue/gzdt/p/3.html", "最新，随新发布的信息更新"), ("/catalogue/gzdt/p/2.html", Range(2)), ("/catalogue/gzdt/p/1.html", Range(1))], pages);
        Assert.Contains("分3页", index.Body!.TextContent);
        Assert.DoesNotContain($"{gzdt.Count}条", index.Body!.TextContent);
        Assert.Equal("/catalogue/gzdt/p/3.html", index.QuerySelectorAll("main a").Single(a => a.TextContent.Contains("最新一页")).GetAttribute("href"));
    }

    [Fact]
    public void Each_page_has_a_keyboard_pager_marking_itself_current()
    {
        var site = Render(ThreePages());

        var middle = Parser.ParseDocument(site["catalogue/gzdt/p/2.html"]).QuerySelector("nav.pager[aria-label]")!;
        Assert.Equal("/catalogue/gzdt/p/1.html", middle.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/catalogue/gzdt/p/3.html", middle.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.StartsWith("上一页", middle.QuerySelector("a[rel=prev]")!.TextContent);
        Assert.StartsWith("下一页", middle.QuerySelector("a[rel=next]")!.TextContent);
        var current = Assert.Single(middle.QuerySelectorAll("a[aria-current=page]"));
        Assert.Equal("/catalogue/gzdt/p/2.html", current.GetAttribute("href"));
        Assert.Contains(middle.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/catalogue/gzdt/index.html");
        // Links only (focusable by Tab, followed by Enter); no script needed.
        Assert.All(middle.QuerySelectorAll("li"), li => Assert.NotNull(li.QuerySelector("a[href]")));

        var first = Parser.ParseDocument(site["catalogue/gzdt/p/1.html"]).QuerySelector("nav.pager")!;
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var last = Parser.ParseDocument(site["catalogue/gzdt/p/3.html"]).QuerySelector("nav.pager")!;
        Assert.Null(last.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public void A_new_item_changes_only_the_newest_catalogue_page_of_its_column_and_year_not_their_index()
    {
        var sample = ThreePages();
        var before = Render(sample);
        sample.Add("gzdt", "科技工作动态（最新）", new DateOnly(2025, 12, 31));
        var after = Render(sample);

        Assert.Equal(["catalogue/gzdt/p/3.html"], Changed(before, after, "catalogue/gzdt/"));
        // The year's slots include its withdrawn and expired items, which keep their place.
        var yearSlots = sample.Snapshot().SlotsOfYear(2025).Count;
        Assert.NotEqual(1, yearSlots % Size);
        Assert.Equal([$"catalogue/2025/p/{(yearSlots + Size - 1) / Size}.html"], Changed(before, after, "catalogue/2025/"));
        Assert.Contains("科技工作动态（最新）", Titles(after["catalogue/gzdt/p/3.html"]));
    }

    [Fact]
    public void The_item_that_opens_a_new_page_also_gives_the_page_before_it_its_next_link()
    {
        var sample = ThreePages();
        for (var n = 2 * Size + 11; n <= 3 * Size; n++) sample.Add("gzdt", $"科技工作动态第{n}期", new DateOnly(2025, 6, 1).AddDays(136 + n / 4));
        var before = Render(sample);
        sample.Add("gzdt", "科技工作动态（新一页）", new DateOnly(2025, 12, 31));
        var after = Render(sample);

        Assert.Equal(["catalogue/gzdt/index.html", "catalogue/gzdt/p/3.html", "catalogue/gzdt/p/4.html"], Changed(before, after, "catalogue/gzdt/"));
        Assert.Contains("href=\"/catalogue/gzdt/p/4.html\" rel=\"next\"", after["catalogue/gzdt/p/3.html"]);
    }

    [Fact]
    public void Several_new_items_that_open_a_page_together_are_rendered_with_the_page_before_it_and_the_index()
    {
        var sample = ThreePages();
        for (var n = 2 * Size + 11; n <= 3 * Size; n++) sample.Add("gzdt", $"科技工作动态第{n}期", new DateOnly(2025, 6, 1).AddDays(136 + n / 4));
        var before = Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, f => f.Sha256Hex());
        // None of the three is the first slot of the new page's 目录 or list page, yet together they open both.
        var items = Enumerable.Range(1, 3).Select(n => sample.Add("gzdt", $"科技工作动态（同批第{n}条）", new DateOnly(2025, 12, 31))).ToList();
        var snapshot = sample.Snapshot();
        var after = Renderer.RenderSite(snapshot).ToDictionary(f => f.Path, f => f.Sha256Hex());

        var partial = Renderer.RenderEach(snapshot, PortalRenderer.PageKeys(snapshot, items.Select(i => new PortalChange(i.Id))))
            .ToDictionary(r => PortalPaths.FilePath(r.Key.SitePath), r => r.File!.Sha256Hex());
        foreach (var (path, hash) in after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value))
            Assert.True(partial.TryGetValue(path, out var rendered) && rendered == hash, $"局部生成遗漏或不同：{path}");
        Assert.Contains("catalogue/gzdt/index.html", partial.Keys);
        Assert.Contains("catalogue/gzdt/p/3.html", partial.Keys);
    }

    [Fact]
    public void A_withdrawal_changes_only_the_page_that_held_the_item()
    {
        var sample = ThreePages();
        var before = Render(sample);
        sample.Withdraw(sample.Published.Single(i => i.Title == "科技工作动态第60期"));
        var after = Render(sample);

        Assert.Equal(["catalogue/gzdt/p/2.html"], Changed(before, after, "catalogue/gzdt/"));
        Assert.DoesNotContain("科技工作动态第60期", Titles(after["catalogue/gzdt/p/2.html"]));
        // The page keeps its dates: the withdrawn item's slot stays.
        Assert.Equal(
            Parser.ParseDocument(before["catalogue/gzdt/index.html"]).QuerySelectorAll("nav.page-list .meta").Select(m => m.TextContent),
            Parser.ParseDocument(after["catalogue/gzdt/index.html"]).QuerySelectorAll("nav.page-list .meta").Select(m => m.TextContent));
    }

    [Fact]
    public void The_affected_pages_of_a_new_item_are_the_pages_a_full_render_changes()
    {
        var sample = ThreePages();
        var before = Renderer.RenderSite(sample.Snapshot()).ToDictionary(f => f.Path, f => f.Sha256Hex());
        var item = sample.Add("gzdt", "科技工作动态（最新）", new DateOnly(2025, 12, 31));
        var snapshot = sample.Snapshot();
        var after = Renderer.RenderSite(snapshot).ToDictionary(f => f.Path, f => f.Sha256Hex());

        var partial = Renderer.RenderChange(snapshot, new PortalChange(item.Id)).ToDictionary(f => f.Path, f => f.Sha256Hex());
        foreach (var (path, hash) in after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value))
            Assert.True(partial.TryGetValue(path, out var rendered) && rendered == hash, $"局部生成遗漏或不同：{path}");
        Assert.Equal(["catalogue/gzdt/p/3.html"],
            partial.Keys.Where(p => p.StartsWith("catalogue/gzdt/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_years_catalogue_is_paged_the_same_way()
    {
        var sample = ThreePages();
        var site = Render(sample);
        // Every item published in 2025 holds a slot, withdrawn and expired ones too (hidden), in publication order.
        var slots = sample.Published.Concat(sample.Withdrawn).Concat(sample.Expired).Where(i => i.PublishedOn!.Value.Year == 2025)
            .OrderBy(i => i, PublicationOrder.Instance).ToList();
        var shown = sample.Published.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

        var pages = (slots.Count + Size - 1) / Size;
        Assert.True(pages >= 3);
        for (var n = 1; n <= pages; n++)
        {
            var expected = slots.Skip((n - 1) * Size).Take(Size).Reverse().Where(i => shown.Contains(i.Id)).Select(i => i.Title);
            Assert.Equal(expected, Titles(site[$"catalogue/2025/p/{n}.html"]));
        }
        Assert.False(site.ContainsKey($"catalogue/2025/p/{pages + 1}.html"));
        var index = Parser.ParseDocument(site["catalogue/2025/index.html"]);
        Assert.Equal(Enumerable.Range(1, pages).Reverse().Select(n => $"/catalogue/2025/p/{n}.html"),
            index.QuerySelectorAll("nav.page-list a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void The_sitemap_lists_every_catalogue_page()
    {
        var snapshot = ThreePages().Snapshot();
        var listed = PortalRenderer.ListingParts(snapshot).SelectMany(part => part.Pages()).ToHashSet(StringComparer.Ordinal);
        foreach (var n in new[] { 1, 2, 3 }) Assert.Contains(PortalPaths.ColumnCataloguePage("gzdt", n), listed);
        Assert.Contains(PortalPaths.YearCataloguePage(2025, 1), listed);
        Assert.Contains(PortalPaths.ColumnCatalogue("gzdt"), listed);
    }
}
