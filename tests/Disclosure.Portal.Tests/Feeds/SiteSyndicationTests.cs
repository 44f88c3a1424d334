using System.Xml;
using System.Xml.Linq;
using Disclosure.Items;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;
using Disclosure.Publishing.Feeds;

namespace Disclosure.Portal.Tests.Feeds;

public sealed class SiteSyndicationTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly SiteSyndication _syndication = new(BureauItemGenerator.Catalogue());
    private readonly List<DisclosureItem> _items = new BureauItemGenerator(5).Generate(400).Select(g => g.Item).ToList();
    private string BaseUrl => BureauItemGenerator.Catalogue().Agency.SiteBaseUrl;

    /// <summary>Parses with a validating-strict XmlReader (no DTDs, well-formedness checked) and returns the document.</summary>
    private static XDocument Parse(SiteFile file)
    {
        using var stream = new MemoryStream(file.Content);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = true });
        return XDocument.Load(reader);
    }

    private static DateTimeOffset Time(XElement parent, string name) =>
        XmlConvert.ToDateTimeOffset(parent.Element(Atom + name)!.Value);

    [Fact]
    public void Characters_XML_cannot_carry_are_left_out_of_feeds_instead_of_failing_them()
    {
        // A stored title or summary with U+0000/U+0001 (or a form feed) made the Atom writer throw, and with it every publication.
        var hostile = _items[0] with { Title = "关于\u0001开展\u0000科技活动周的通知", Summary = "概述\u001F内\f容", PublishedOn = DateOnly.MaxValue.AddDays(-1) };

        var feed = Parse(_syndication.Feeds([hostile, .. _items.Skip(1)]).Single(f => f.Path == "feeds/all.xml")).Root!;

        var entry = feed.Elements(Atom + "entry").First();
        Assert.Equal("关于开展科技活动周的通知", entry.Element(Atom + "title")!.Value);
        Assert.Equal("概述内容", entry.Element(Atom + "summary")!.Value);
    }

    [Fact]
    public void The_overall_feed_is_atom_with_the_required_elements_and_the_latest_fifty_items()
    {
        var file = _syndication.Feeds(_items).Single(f => f.Path == "feeds/all.xml");
        var feed = Parse(file).Root!;

        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("application/atom+xml; charset=utf-8", file.ContentType);
        Assert.Equal(SiteUrls.Absolute(BaseUrl, "/feeds/all.xml"), feed.Element(Atom + "id")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "title")!.Value));
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == feed.Element(Atom + "id")!.Value);
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(SiteSyndication.FeedLength, entries.Count);
        Assert.Equal(entries.Max(e => Time(e, "updated")), Time(feed, "updated"));
        foreach (var entry in entries)
        {
            Assert.StartsWith("tag:kjj.example.gov.cn,20", entry.Element(Atom + "id")!.Value, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "title")!.Value));
            Assert.NotNull(entry.Element(Atom + "summary"));
            Assert.NotNull(entry.Element(Atom + "category")!.Attribute("term"));
            var href = entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value;
            Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith("/items/", StringComparison.Ordinal));
            _ = Time(entry, "updated");
            _ = Time(entry, "published");
        }
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        var newest = _items.Max(i => i.PublishedOn)!.Value;
        Assert.Equal(newest, DateOnly.FromDateTime(Time(entries[0], "published").DateTime));
        var published = entries.Select(e => Time(e, "published")).ToList();
        Assert.Equal(published.OrderByDescending(p => p), published);
    }

    [Fact]
    public void An_entry_carries_a_summary_of_bounded_length_and_the_page_link_and_the_feed_stays_bounded()
    {
        // 内容概述 may be 1,000 characters; an entry carries at most SummaryLength of it, and a link to the page with the rest.
        var longSummary = string.Concat(Enumerable.Repeat("本通知明确了申报条件、申报程序和评审办法。", 50));
        var items = _items.Select(i => i with { Summary = longSummary }).ToList();

        var file = _syndication.Feeds(items).Single(f => f.Path == "feeds/all.xml");
        var entries = Parse(file).Root!.Elements(Atom + "entry").ToList();

        Assert.Equal(SiteSyndication.FeedLength, entries.Count);
        Assert.All(entries, e =>
        {
            var summary = e.Element(Atom + "summary")!.Value;
            Assert.Equal(SiteSyndication.SummaryLength, summary.Length);
            Assert.EndsWith("…", summary, StringComparison.Ordinal);
            Assert.StartsWith(longSummary[..20], summary, StringComparison.Ordinal);
            Assert.NotNull(e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href"));
        });
        // 50 entries of about 0.8 KB at most, whatever the length of the items' summaries.
        Assert.True(file.Content.Length < 50 * 800 + 1_000, $"{file.Content.Length} bytes");
        // A summary within the bound is kept whole.
        Assert.Equal("概述", SiteSyndication.Bounded("概述"));
    }

    [Fact]
    public void An_entry_names_its_author_only_when_it_is_not_the_feeds()
    {
        var agency = BureauItemGenerator.Catalogue().Agency.Name;
        var newest = _items.MaxBy(i => i.PublishedOn)!;
        var reposted = newest with { Publisher = "国务院办公厅" };
        var feed = Parse(_syndication.Feeds([.. _items.Where(i => i != newest).Select(i => i with { Publisher = agency }), reposted])
            .Single(f => f.Path == "feeds/all.xml")).Root!;

        Assert.Equal(agency, feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        var entries = feed.Elements(Atom + "entry").ToLookup(e => e.Element(Atom + "id")!.Value == _syndication.EntryId(reposted));
        Assert.Equal("国务院办公厅", Assert.Single(entries[true]).Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.All(entries[false], e => Assert.Null(e.Element(Atom + "author")));
    }

    [Fact]
    public void A_column_feed_carries_only_that_columns_items_and_every_column_has_a_feed()
    {
        var files = _syndication.Feeds(_items);
        var catalogue = BureauItemGenerator.Catalogue();
        Assert.Equal(catalogue.Columns.Count + 1, files.Count);
        var gzdt = Parse(files.Single(f => f.Path == "feeds/gzdt.xml")).Root!;
        var categories = gzdt.Elements(Atom + "entry").Select(e => e.Element(Atom + "category")!.Attribute("term")!.Value).Distinct();
        Assert.Equal(["gzdt"], categories);
        Assert.Equal("工作动态", gzdt.Elements(Atom + "entry").First().Element(Atom + "category")!.Attribute("label")!.Value);
        Assert.Equal(_items.Count(i => i.ColumnCode == "gzdt") is var n && n > 50 ? 50 : n, gzdt.Elements(Atom + "entry").Count());
    }

    [Fact]
    public void Withdrawn_and_non_public_items_are_left_out_of_feeds_and_sitemaps()
    {
        var newest = _items.OrderByDescending(i => i.PublishedOn).Take(3).ToList();
        var changed = _items.Select(i => i == newest[0] ? i with { State = ItemState.Withdrawn }
            : i == newest[1] ? i with { Attribute = DisclosureAttribute.OnRequest }
            : i == newest[2] ? i with { Scope = DisclosureScope.Applicant } : i).ToList();

        var feedText = System.Text.Encoding.UTF8.GetString(_syndication.Feeds(changed)[0].Content);
        var sitemapText = string.Concat(_syndication.Sitemaps(changed, []).Select(f => System.Text.Encoding.UTF8.GetString(f.Content)));

        foreach (var item in newest)
        {
            Assert.DoesNotContain(SiteUrls.Item(item), feedText);
            Assert.DoesNotContain(SiteUrls.Item(item), sitemapText);
        }
    }

    [Fact]
    public void A_correction_keeps_the_entry_id_because_it_comes_from_the_index_number()
    {
        var item = _items[0];
        Assert.Equal(_syndication.EntryId(item), _syndication.EntryId(item with { Id = "other-id", Version = 2, Title = "更正后的标题" }));
        Assert.Equal($"tag:kjj.example.gov.cn,{item.IndexNumber.Year}:{item.IndexNumber}", _syndication.EntryId(item));
    }

    [Fact]
    public void Sitemap_is_an_index_of_monthly_parts_with_absolute_urls()
    {
        var files = _syndication.Sitemaps(_items, ["/", "/guide/index.html"]);
        var index = Parse(files.Single(f => f.Path == "sitemap.xml")).Root!;
        Assert.Equal(Sitemap + "sitemapindex", index.Name);
        var months = _items.Select(i => i.PublishedOn!.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(months.Count > 1);
        var locations = index.Elements(Sitemap + "sitemap").Select(s => s.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Equal([SiteUrls.Absolute(BaseUrl, "/sitemaps/pages.xml"), .. months.Select(m => SiteUrls.Absolute(BaseUrl, $"/sitemaps/{m}.xml"))], locations);

        var urls = files.Where(f => f.Path.StartsWith("sitemaps/2", StringComparison.Ordinal))
            .SelectMany(f => Parse(f).Root!.Elements(Sitemap + "url")).Select(u => u.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Equal(_items.Select(i => SiteUrls.Absolute(BaseUrl, SiteUrls.Item(i))).Order(), urls.Order());
        Assert.All(files, f => Assert.Equal(Sitemap, Parse(f).Root!.Name.Namespace));
    }

    [Fact]
    public void One_new_item_changes_its_column_feed_the_overall_feed_one_sitemap_part_and_the_index()
    {
        var before = _syndication.Feeds(_items).Concat(_syndication.Sitemaps(_items, ["/"])).ToDictionary(f => f.Path, f => f.Content);
        var latest = _items.MaxBy(i => i.PublishedOn)!;
        var added = latest with
        {
            Id = "kjj-new", IndexNumber = latest.IndexNumber with { Serial = 99_999 }, ColumnCode = "tzgg",
            PublishedOn = latest.PublishedOn!.Value.AddDays(1), UpdatedAt = latest.UpdatedAt.AddDays(1),
        };
        var after = _syndication.Feeds([.. _items, added]).Concat(_syndication.Sitemaps([.. _items, added], ["/"])).ToDictionary(f => f.Path, f => f.Content);

        var changed = after.Where(f => !before.TryGetValue(f.Key, out var old) || !old.SequenceEqual(f.Value)).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["feeds/all.xml", "feeds/tzgg.xml", "sitemap.xml", $"sitemaps/{added.PublishedOn!.Value:yyyy-MM}.xml"], changed);
    }

    [Fact]
    public void A_feed_holds_what_a_full_sort_puts_first_also_when_many_items_share_a_day()
    {
        // Issue 19: the feed no longer sorts the catalogue; ties on 发布日期 (and on the update time) must still come out
        // as the full order gives them: newest update first, then the 索引号, then the order the items came in.
        var day = _items.Max(i => i.PublishedOn)!.Value;
        var crowded = _items.Select((item, n) => n % 3 == 0
            ? item with { PublishedOn = day, UpdatedAt = item.UpdatedAt.AddMinutes(-(n % 7)) }
            : item).ToList();

        var expected = SiteSyndication.Public(crowded)
            .OrderByDescending(i => i.PublishedOn)
            .ThenByDescending(i => (i.UpdatedAt == default ? i.SubmittedAt : i.UpdatedAt))
            .ThenByDescending(i => i.IndexNumber.ToString(), StringComparer.Ordinal)
            .Take(SiteSyndication.FeedLength)
            .Select(_syndication.EntryId)
            .ToList();
        var feed = Parse(_syndication.Feeds(crowded).Single(f => f.Path == "feeds/all.xml")).Root!;

        Assert.Equal(expected, feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList());
    }

    [Fact]
    public void Feeds_of_unchecked_items_leave_out_the_unwritable_newest_as_the_full_computation_does_and_name_each_once()
    {
        // A run for a change checks only the items that can be a feed's newest (issue 19): some of them cannot be written
        // (a lone surrogate in the title), in all.xml and in their column's feed at once; the next newest take their place.
        var newest = SiteSyndication.Public(_items).OrderByDescending(i => i.PublishedOn).Take(60).ToHashSet();
        var broken = _items.Select(i => newest.Contains(i) && i.IndexNumber.Serial % 4 == 0 ? i with { Title = i.Title + "\uD800" } : i).ToList();
        var expected = _syndication.Feeds(_syndication.Writable(broken, (_, _) => { }).ToList());
        var named = new List<DisclosureItem>();

        var feeds = _syndication.Feeds(broken, (item, _) => named.Add(item));

        Assert.Equal(expected.Select(f => f.Path), feeds.Select(f => f.Path));
        Assert.All(feeds.Zip(expected), pair => Assert.True(pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content), pair.First.Path));
        Assert.NotEmpty(named);
        Assert.Equal(named.Count, named.Distinct().Count());
        Assert.All(named, item => Assert.EndsWith("\uD800", item.Title, StringComparison.Ordinal));
    }

    [Fact]
    public void Sitemap_parts_made_for_the_changed_months_only_are_the_full_parts_and_the_index_is_whole()
    {
        var full = _syndication.Sitemaps(_items, ["/"]).ToDictionary(f => f.Path, f => f.Content);
        var month = SiteUrls.SitemapPart(_items.Min(i => i.PublishedOn)!.Value);
        Assert.True(full.Keys.Count(p => p.StartsWith("sitemaps/20", StringComparison.Ordinal)) > 1, "the items span more than one month");

        var (files, parts) = _syndication.SitemapSet(_items, ["/"], new HashSet<string>(StringComparer.Ordinal) { month }, (item, e) => throw e);

        // Only the touched month's part, the pages' part and the whole index are made; each equals the full computation's.
        Assert.Equal(["sitemap.xml", SiteUrls.BlobName(month), "sitemaps/pages.xml"], files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(full[f.Path].AsSpan().SequenceEqual(f.Content), f.Path));
        Assert.Equal(full.Keys.Where(p => p.StartsWith("sitemaps/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), parts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Robots_txt_points_to_the_sitemap_index()
    {
        var robots = System.Text.Encoding.UTF8.GetString(_syndication.Robots().Content);
        Assert.Contains("Sitemap: https://kjj.example.gov.cn/sitemap.xml\n", robots);
        Assert.StartsWith("User-agent: *\n", robots);
    }

    [Fact]
    public void Feeds_of_empty_columns_are_still_valid_and_stable()
    {
        var first = _syndication.Feeds([]);
        var second = _syndication.Feeds([]);
        Assert.All(first, f => Assert.Empty(Parse(f).Root!.Elements(Atom + "entry")));
        Assert.All(first.Zip(second), p => Assert.Equal(p.First.Content, p.Second.Content));
    }
}
