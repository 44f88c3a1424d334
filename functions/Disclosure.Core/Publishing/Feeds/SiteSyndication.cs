using System.Globalization;
using System.Text;
using System.Xml;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Templating;

namespace Disclosure.Publishing.Feeds;

/// <summary>
/// Atom feeds, the sitemap and robots.txt of the portal. Output depends only on the items, never on the clock, so
/// a publish run that adds one item changes <c>feeds/all.xml</c>, that item's column feed, one monthly sitemap part and
/// the sitemap index — every other file is byte-identical and is not uploaded again.
/// </summary>
public sealed class SiteSyndication(CatalogueSettings catalogue)
{
    public const int FeedLength = 50;
    /// <summary>
    /// Characters of an entry's summary at most (a 内容概述 may have 1,000): with the title and the page link a reader has
    /// what to decide on, and a feed of 50 entries, written again with every new item, stays bounded (issue 19).
    /// </summary>
    public const int SummaryLength = 120;
    public const string FeedContentType = "application/atom+xml; charset=utf-8";
    public const string XmlContentType = "application/xml; charset=utf-8";
    public const string FeedCacheControl = "public, max-age=600";
    public const string SitemapCacheControl = "public, max-age=3600";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    // China has kept one offset without daylight saving since 1991; a fixed offset keeps the output deterministic.
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    // Atom requires <updated> even on a feed with no entries; a fixed instant keeps an empty feed byte-identical between runs.
    private static readonly DateTimeOffset EmptyFeedUpdated = new(2000, 1, 1, 0, 0, 0, ChinaOffset);

    private string BaseUrl => catalogue.Agency.SiteBaseUrl;

    /// <summary>Only what the public may see: published, 主动公开, 面向社会.</summary>
    public static IEnumerable<DisclosureItem> Public(IEnumerable<DisclosureItem> items) => items.Where(IsPublic);

    private static bool IsPublic(DisclosureItem i) => i.State == ItemState.Published && i.Attribute == DisclosureAttribute.Proactive
        && i.Scope == DisclosureScope.Public && i.PublishedOn is not null && !i.WithdrawalRequested;

    /// <summary><c>feeds/all.xml</c> and one feed per configured column (empty columns too, so links never break).</summary>
    /// <param name="unfit">
    /// When given, the items are not known to be writable: only those that can be a feed's newest are checked, and one that
    /// cannot be written is named to it and left out (the next newest takes its place), as <see cref="Writable"/> would.
    /// </param>
    public IReadOnlyList<SiteFile> Feeds(IEnumerable<DisclosureItem> items, Action<DisclosureItem, Exception>? unfit = null)
    {
        // Oldest 发布日期 first, items of one day in the order they came; so are each column's.
        var visible = Public(items).OrderBy(i => i.PublishedOn).ToList();
        var byColumn = visible.GroupBy(i => i.ColumnCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return FeedsOf(visible, code => (byColumn.GetValueOrDefault(code) ?? [], _ => true), [], unfit);
    }

    /// <summary>
    /// The feeds of a portal snapshot (issue 19: from the newest end of its lists, not a pass over every item): all.xml from
    /// its published items, a column's from the column's slots. <paramref name="leftOut"/>: items known to be unwritable;
    /// <paramref name="unfit"/> as in <see cref="Feeds(IEnumerable{DisclosureItem}, Action{DisclosureItem, Exception}?)"/>.
    /// </summary>
    internal IReadOnlyList<SiteFile> Feeds(PortalSnapshot snapshot, IReadOnlySet<DisclosureItem> leftOut, Action<DisclosureItem, Exception>? unfit) =>
        FeedsOf(snapshot.Published, code => (snapshot.ColumnSlots.GetValueOrDefault(code) ?? [],
            // A column's slots hold its sub-columns' items, and notices and kept-out items, none of them in its feed.
            i => i.ColumnCode == code && snapshot.PublishedById.ContainsKey(i.Id)), leftOut, unfit);

    /// <param name="dated">The items that can be in all.xml, oldest 发布日期 first.</param>
    /// <param name="ofColumn">A column's items, oldest 发布日期 first, and which of them its feed shows.</param>
    private IReadOnlyList<SiteFile> FeedsOf(IReadOnlyList<DisclosureItem> dated,
        Func<string, (IReadOnlyList<DisclosureItem> Dated, Func<DisclosureItem, bool> Shows)> ofColumn, IEnumerable<DisclosureItem> leftOut,
        Action<DisclosureItem, Exception>? unfit)
    {
        var left = new HashSet<DisclosureItem>(leftOut, ReferenceEqualityComparer.Instance);
        var fits = new Dictionary<DisclosureItem, bool>(ReferenceEqualityComparer.Instance);
        using var probe = new WriteProbe(this);
        Dictionary<string, List<DisclosureItem>> NewestByFeed()
        {
            var feeds = new Dictionary<string, List<DisclosureItem>>(StringComparer.Ordinal) { [AllItems] = Newest(dated, IsPublic, left) };
            foreach (var column in catalogue.Columns)
            {
                var (items, shows) = ofColumn(column.Code);
                feeds.TryAdd(column.Code, Newest(items, i => shows(i) && IsPublic(i), left));
            }
            return feeds;
        }
        var newest = NewestByFeed();
        while (unfit is not null)
        {
            // An item in two feeds (all.xml and its column's) is checked once; one that fails leaves every feed, as
            // Writable would have left it out, and the feeds are chosen again without it.
            var failed = newest.Values.SelectMany(feed => feed).Distinct(ReferenceEqualityComparer.Instance).Cast<DisclosureItem>()
                .Where(i => !(fits.TryGetValue(i, out var known) ? known : fits[i] = probe.Fits(i, unfit))).ToList();
            if (failed.Count == 0) break;
            left.UnionWith(failed);
            newest = NewestByFeed();
        }
        var files = new List<SiteFile> { Feed(SiteUrls.AllFeed, $"{catalogue.Agency.Name}政府信息公开", newest[AllItems]) };
        foreach (var column in catalogue.Columns)
        {
            files.Add(Feed(SiteUrls.ColumnFeed(column.Code), $"{catalogue.Agency.Name}政府信息公开·{column.Name}",
                newest.GetValueOrDefault(column.Code) ?? []));
        }
        return files;
    }

    // The key of feeds/all.xml among the column codes (a column code is never empty).
    private const string AllItems = "";

    /// <summary>
    /// A feed's <see cref="FeedLength"/> newest of <paramref name="dated"/> (oldest 发布日期 first) that it <paramref name="shows"/>,
    /// leaving out <paramref name="left"/>, in feed order. Taken from the newest end through the day of the fiftieth, so
    /// only those are ordered in full (ties keep the order the items came in, as a full sort of them all would).
    /// </summary>
    private static List<DisclosureItem> Newest(IReadOnlyList<DisclosureItem> dated, Func<DisclosureItem, bool> shows, IReadOnlySet<DisclosureItem> left)
    {
        var taken = new List<DisclosureItem>();
        for (var n = dated.Count - 1; n >= 0; n--)
        {
            var item = dated[n];
            if (!shows(item) || left.Contains(item)) continue;
            if (taken.Count >= FeedLength && item.PublishedOn < taken[FeedLength - 1].PublishedOn) break;
            taken.Add(item);
        }
        taken.Reverse();
        return [.. taken
            .OrderByDescending(i => i.PublishedOn)
            .ThenByDescending(Updated)
            .ThenByDescending(i => i.IndexNumber.ToString(), StringComparer.Ordinal)
            .Take(FeedLength)];
    }

    private SiteFile Feed(string path, string title, IReadOnlyList<DisclosureItem> latest)
    {
        var selfUrl = SiteUrls.Absolute(BaseUrl, path);
        return Xml(path, FeedContentType, FeedCacheControl, FeedWriterSettings, w =>
        {
            w.WriteStartElement("feed", AtomNamespace);
            w.WriteAttributeString("xml", "lang", null, "zh-CN");
            w.WriteElementString("id", AtomNamespace, selfUrl);
            w.WriteElementString("title", AtomNamespace, title);
            w.WriteElementString("updated", AtomNamespace, Timestamp(latest.Count == 0 ? EmptyFeedUpdated : latest.Max(Updated)));
            Link(w, "self", selfUrl, "application/atom+xml");
            Link(w, "alternate", SiteUrls.Absolute(BaseUrl, "/"), "text/html");
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, catalogue.Agency.Name);
            w.WriteEndElement();
            foreach (var item in latest)
            {
                w.WriteWhitespace("\n");
                Entry(w, item);
            }
            w.WriteWhitespace("\n");
            w.WriteEndElement();
        });
    }

    private void Entry(XmlWriter w, DisclosureItem item)
    {
        var column = catalogue.FindColumn(item.ColumnCode);
        w.WriteStartElement("entry", AtomNamespace);
        w.WriteElementString("id", AtomNamespace, EntryId(item));
        w.WriteElementString("title", AtomNamespace, ControlCharacters.Drop(item.Title));
        Link(w, "alternate", SiteUrls.Absolute(BaseUrl, SiteUrls.Item(item)), "text/html");
        w.WriteElementString("published", AtomNamespace, Timestamp(new DateTimeOffset(item.PublishedOn!.Value, TimeOnly.MinValue, ChinaOffset)));
        w.WriteElementString("updated", AtomNamespace, Timestamp(Updated(item)));
        // The feed names the agency as its author, which Atom lets an entry inherit: only another publisher (a reposted
        // document) is named on the entry.
        if (item.Publisher != catalogue.Agency.Name)
        {
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, ControlCharacters.Drop(item.Publisher));
            w.WriteEndElement();
        }
        w.WriteStartElement("category", AtomNamespace);
        w.WriteAttributeString("term", ControlCharacters.Drop(item.ColumnCode));
        w.WriteAttributeString("label", ControlCharacters.Drop(column?.Name ?? item.ColumnCode));
        w.WriteEndElement();
        w.WriteStartElement("summary", AtomNamespace);
        w.WriteAttributeString("type", "text");
        w.WriteString(Bounded(ControlCharacters.Drop(Summary(item))));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>
    /// The items whose feed entry and sitemap address can be written; each other one is named to <paramref name="unfit"/>
    /// and left out of every feed and sitemap, so one item (a broken character in a title, say) never stops them.
    /// </summary>
    public IEnumerable<DisclosureItem> Writable(IEnumerable<DisclosureItem> items, Action<DisclosureItem, Exception> unfit)
    {
        using var probe = new WriteProbe(this);
        foreach (var item in items)
        {
            if (probe.Fits(item, unfit)) yield return item;
        }
    }

    /// <summary>
    /// Checks items as <see cref="Check"/> does, with one writer for all of them (a new one only after a failure): making a
    /// writer costs more than writing one entry, and a run checks hundreds to every public item.
    /// </summary>
    private sealed class WriteProbe(SiteSyndication syndication) : IDisposable
    {
        private XmlWriter? _writer;

        public bool Fits(DisclosureItem item, Action<DisclosureItem, Exception> unfit)
        {
            try
            {
                _writer ??= StartCheck();
                syndication.WriteCheck(_writer, item);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                unfit(item, e);
                Abandon(_writer);
                _writer = null;
                return false;
            }
        }

        public void Dispose() => Abandon(_writer);
    }

    /// <summary>Writes the item's feed entry and sitemap address where nobody reads them: throws what writing them for real would.</summary>
    public void Check(DisclosureItem item)
    {
        var writer = StartCheck();
        try
        {
            WriteCheck(writer, item);
        }
        finally
        {
            Abandon(writer);
        }
    }

    private static XmlWriter StartCheck()
    {
        var writer = XmlWriter.Create(Stream.Null, WriterSettings);
        writer.WriteStartElement("feed", AtomNamespace);
        return writer;
    }

    private void WriteCheck(XmlWriter writer, DisclosureItem item)
    {
        Entry(writer, item);
        writer.WriteElementString("loc", SitemapNamespace, SiteUrls.Absolute(BaseUrl, SiteUrls.Item(item)));
        writer.WriteElementString("lastmod", SitemapNamespace, Date(DateOnly.FromDateTime(Updated(item).DateTime)));
    }

    /// <summary>Closes a check's writer; one that failed may fail again on closing, which says nothing new.</summary>
    private static void Abandon(XmlWriter? writer)
    {
        try
        {
            writer?.Dispose();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or XmlException)
        {
        }
    }

    /// <summary>
    /// A tag: URI built from the 索引号, which is permanent and never reused (catalogue.md): a correction keeps the entry
    /// id, so readers update the entry instead of showing a second one. The date is the 索引号's year.
    /// </summary>
    public string EntryId(DisclosureItem item)
    {
        var host = new Uri(SiteUrls.Absolute(BaseUrl, "/")).Host;
        return string.Create(CultureInfo.InvariantCulture, $"tag:{host},{item.IndexNumber.Year:D4}:{item.IndexNumber}");
    }

    /// <summary>At most <see cref="SummaryLength"/> characters, cut with an ellipsis, never inside a surrogate pair.</summary>
    internal static string Bounded(string summary)
    {
        if (summary.Length <= SummaryLength) return summary;
        var cut = SummaryLength - 1;
        if (char.IsHighSurrogate(summary[cut - 1])) cut--;
        return summary[..cut].TrimEnd() + "…";
    }

    private static string Summary(DisclosureItem item)
    {
        if (!string.IsNullOrWhiteSpace(item.Summary)) return item.Summary.Trim();
        var parts = new List<string> { $"索引号：{item.IndexNumber}" };
        if (!string.IsNullOrWhiteSpace(item.DocumentNumber)) parts.Add($"文号：{item.DocumentNumber}");
        parts.Add($"发布机构：{item.Publisher}");
        return string.Join("；", parts);
    }

    /// <summary><c>sitemap.xml</c> (an index) and one part per month of publication (<c>sitemaps/2026-03.xml</c>), plus <c>sitemaps/pages.xml</c> for other pages.</summary>
    public IReadOnlyList<SiteFile> Sitemaps(IEnumerable<DisclosureItem> items, IEnumerable<string> otherPagePaths) =>
        SitemapSet(items, otherPagePaths).Files;

    /// <summary>
    /// The sitemap files and the blob names of every part the index names. With <paramref name="onlyParts"/> (site paths
    /// such as <c>/sitemaps/2026-03.xml</c>) only those months' parts are made: a run for a change knows which months it
    /// touched, and the other parts keep their bytes. The items of a part made are checked as <see cref="Writable"/> does,
    /// one that cannot be written named to <paramref name="unfit"/> and left out. The index is made whole either way, from
    /// each month's latest change.
    /// </summary>
    public (IReadOnlyList<SiteFile> Files, IReadOnlyList<string> Parts) SitemapSet(IEnumerable<DisclosureItem> items, IEnumerable<string> otherPagePaths,
        IReadOnlySet<string>? onlyParts = null, Action<DisclosureItem, Exception>? unfit = null)
    {
        var made = SitemapOf(items, [new PagesPart("pages", otherPagePaths)], onlyParts, unfit);
        return (made.Files, made.Parts);
    }

    /// <summary>
    /// <see cref="SitemapSet"/>, with what the index says of each month (<see cref="SitemapMade.Months"/>): a pass over
    /// every item, however few months are made.
    /// </summary>
    internal SitemapMade SitemapOf(IEnumerable<DisclosureItem> items, IReadOnlyList<PagesPart> pageParts,
        IReadOnlySet<string>? onlyParts = null, Action<DisclosureItem, Exception>? unfit = null)
    {
        var files = new List<SiteFile>();
        // One part per month of 发布日期, not per year: a new item rewrites its month's part and the index, and a year's part
        // of a few thousand items (about 0.13 KB each) would be uploaded again with every new item (issue 19).
        // Grouped by year and month as a number (202603), and each month's path made once, not once per item.
        var months = new SortedDictionary<int, (string Path, bool Made, List<DisclosureItem> Items, DateOnly LastModified)>();
        using var probe = new WriteProbe(this);
        foreach (var item in Public(items))
        {
            var key = MonthKey(item.PublishedOn!.Value);
            if (!months.TryGetValue(key, out var month))
            {
                var path = MonthPart(key);
                month = (path, onlyParts is null || onlyParts.Contains(path), new List<DisclosureItem>(), DateOnly.MinValue);
            }
            // An item that cannot be written is in no part: a month of only such items has none.
            if (month.Made && unfit is not null && !probe.Fits(item, unfit)) continue;
            var modified = LastModified(item);
            if (month.Made) month.Items.Add(item);
            months[key] = month with { LastModified = modified > month.LastModified ? modified : month.LastModified };
        }
        foreach (var (path, made, monthItems, _) in months.Values)
        {
            if (made) files.Add(MonthUrlSet(path, monthItems));
        }
        return Indexed(files, pageParts, months.ToDictionary(m => m.Key, m => m.Value.LastModified));
    }

    /// <summary>
    /// The sitemap of a run for a change that knows what the index said of each month after the last run
    /// (<paramref name="known"/>), from the portal snapshot (issue 19): only the <paramref name="touched"/> months (keys
    /// such as 202603) are worked out, each from its year's slots, and their parts made; the other months keep their
    /// parts and their line of the index, and so does a part of other pages whose pages are null (the same as the last
    /// run's). The result is <see cref="SitemapOf(IEnumerable{DisclosureItem}, IReadOnlyList{PagesPart}, IReadOnlySet{string}?, Action{DisclosureItem, Exception}?)"/>'s
    /// for those months made.
    /// </summary>
    internal SitemapMade SitemapOf(PortalSnapshot snapshot, IReadOnlyList<PagesPart> pageParts, IReadOnlySet<int> touched,
        IReadOnlyDictionary<int, DateOnly> known, Action<DisclosureItem, Exception> unfit)
    {
        var files = new List<SiteFile>();
        var months = new Dictionary<int, DateOnly>(known);
        using var probe = new WriteProbe(this);
        foreach (var key in touched.Order())
        {
            var first = new DateOnly(key / 100, key % 100, 1);
            var slots = snapshot.SlotsOfYear(first.Year);
            var monthItems = new List<DisclosureItem>();
            var lastModified = DateOnly.MinValue;
            // The year's slots are in order of 发布日期: the month's are a run of them.
            for (var n = FirstOnOrAfter(slots, first); n < slots.Count && slots[n].PublishedOn < first.AddMonths(1); n++)
            {
                var item = slots[n];
                if (!snapshot.PublishedById.ContainsKey(item.Id) || !IsPublic(item) || !probe.Fits(item, unfit)) continue;
                monthItems.Add(item);
                if (LastModified(item) is var modified && modified > lastModified) lastModified = modified;
            }
            if (monthItems.Count == 0)
            {
                months.Remove(key);
                continue;
            }
            months[key] = lastModified;
            files.Add(MonthUrlSet(MonthPart(key), monthItems));
        }
        return Indexed(files, pageParts, months);
    }

    private static int FirstOnOrAfter(IReadOnlyList<DisclosureItem> dated, DateOnly day)
    {
        var (low, high) = (0, dated.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (dated[middle].PublishedOn < day) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static int MonthKey(DateOnly day) => day.Year * 100 + day.Month;

    private static string MonthPart(int key) => SiteUrls.SitemapPart(new DateOnly(key / 100, key % 100, 1));

    /// <summary>The months of these days as the sitemap keys them (202603).</summary>
    internal static HashSet<int> MonthKeys(IEnumerable<DateOnly> days) => days.Select(MonthKey).ToHashSet();

    /// <summary>The site paths of the sitemap parts of these months.</summary>
    internal static HashSet<string> MonthParts(IEnumerable<int> keys) => keys.Select(MonthPart).ToHashSet(StringComparer.Ordinal);

    private static DateOnly LastModified(DisclosureItem item) => DateOnly.FromDateTime(Updated(item).DateTime);

    // The sitemap protocol allows 50,000 URLs per file; a bureau publishes a few hundred items a month.
    private SiteFile MonthUrlSet(string path, IEnumerable<DisclosureItem> monthItems) =>
        UrlSet(path, monthItems.OrderBy(i => i.PublishedOn).ThenBy(i => i.IndexNumber.ToString(), StringComparer.Ordinal)
            .Select(i => (SiteUrls.Item(i), (DateOnly?)LastModified(i))));

    /// <summary>
    /// The parts of other pages (one whose pages are null is kept as the site has it; one without pages has no part), then
    /// the index of them and of every month's part, first among the files.
    /// </summary>
    private SitemapMade Indexed(List<SiteFile> files, IReadOnlyList<PagesPart> pageParts, IReadOnlyDictionary<int, DateOnly> months)
    {
        var parts = new List<(string Path, DateOnly? LastModified)>();
        var pageFiles = new List<SiteFile>();
        foreach (var part in pageParts)
        {
            var path = SiteUrls.SitemapPart(part.Name);
            var pages = part.Pages?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (pages is { Count: 0 }) continue;
            if (pages is not null) pageFiles.Add(UrlSet(path, pages.Select(p => (p, (DateOnly?)null))));
            parts.Add((path, null));
        }
        files.InsertRange(0, pageFiles);
        parts.AddRange(months.OrderBy(m => m.Key).Select(m => (MonthPart(m.Key), (DateOnly?)m.Value)));
        files.Insert(0, SitemapFile(SiteUrls.SitemapIndex, "sitemapindex", "sitemap", parts));
        return new SitemapMade(files, [.. parts.Select(p => SiteUrls.BlobName(p.Path))], months);
    }

    private SiteFile UrlSet(string path, IEnumerable<(string Path, DateOnly? LastModified)> urls) => SitemapFile(path, "urlset", "url", urls);

    /// <summary>
    /// The index and the URL sets have one shape in the sitemap protocol: a root element with one entry per address,
    /// each with its absolute <c>loc</c> and, when known, its <c>lastmod</c>.
    /// </summary>
    private SiteFile SitemapFile(string path, string root, string entry, IEnumerable<(string Path, DateOnly? LastModified)> locations) =>
        Xml(path, XmlContentType, SitemapCacheControl, WriterSettings, w =>
        {
            w.WriteStartElement(root, SitemapNamespace);
            foreach (var (location, lastModified) in locations)
            {
                w.WriteStartElement(entry, SitemapNamespace);
                w.WriteElementString("loc", SitemapNamespace, SiteUrls.Absolute(BaseUrl, location));
                if (lastModified is { } d) w.WriteElementString("lastmod", SitemapNamespace, Date(d));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });

    /// <summary>Crawlers get the sitemap; search result pages are kept out of their index.</summary>
    public SiteFile Robots()
    {
        var text = $"User-agent: *\nDisallow: /search/\n\nSitemap: {SiteUrls.Absolute(BaseUrl, SiteUrls.SitemapIndex)}\n";
        return new SiteFile(SiteUrls.BlobName(SiteUrls.Robots), Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", SitemapCacheControl);
    }

    private static DateTimeOffset Updated(DisclosureItem item) =>
        (item.UpdatedAt == default ? item.SubmittedAt : item.UpdatedAt).ToOffset(ChinaOffset);

    private static string Timestamp(DateTimeOffset value) =>
        value.ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Link(XmlWriter w, string rel, string href, string type)
    {
        w.WriteStartElement("link", AtomNamespace);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };

    // A feed is read by programs and written again with every new item: one entry a line, no indentation (about 10 % of its bytes).
    private static readonly XmlWriterSettings FeedWriterSettings = new() { Encoding = new UTF8Encoding(false), NewLineChars = "\n" };

    private static SiteFile Xml(string sitePath, string contentType, string cacheControl, XmlWriterSettings settings, Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return new SiteFile(SiteUrls.BlobName(sitePath), stream.ToArray(), contentType, cacheControl);
    }
}

/// <summary>
/// The sitemap files made, the blob names of every part the index names, and what the index says of each month of 发布日期
/// (its key, 202603, and its latest change): the last is what the next run for a change starts from (issue 19).
/// </summary>
internal sealed record SitemapMade(IReadOnlyList<SiteFile> Files, IReadOnlyList<string> Parts, IReadOnlyDictionary<int, DateOnly> Months);

/// <summary>
/// What a run's sitemap said (issue 19), for the next run for a change made from its snapshot: each month's line of the
/// index, and the shape of each part of listing pages (<see cref="PortalRenderer.ListingParts"/>).
/// </summary>
internal sealed record SitemapState(IReadOnlyDictionary<int, DateOnly> Months, IReadOnlyDictionary<string, string> PageShapes);

/// <summary>A sitemap part of pages other than items (<c>pages</c>, <c>pages-tzgg</c>…) and its pages; null: kept as the site has it.</summary>
internal sealed record PagesPart(string Name, IEnumerable<string>? Pages);
