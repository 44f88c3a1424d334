using System.Runtime.InteropServices;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// The portal's content as it is after a change: the catalogue settings, every published item (metadata only), every
/// withdrawn item, every item whose 公开时限 has ended, and a way to get an item's sanitized body. Bodies are asked for only for the item pages being
/// rendered, so the affected-pages render of one item reads a handful of bodies whatever the catalogue size;
/// <see cref="PortalRenderer.ItemPagesAffectedBy"/> names them in advance for a caller that prefetches.
/// </summary>
public sealed class PortalSnapshot
{
    private readonly Func<DisclosureItem, string> _sanitizedBody;

    /// <param name="sanitizedBody">
    /// The item's body as the caller stores it after sanitizing: HTML for <see cref="BodyFormat.Html"/> (inserted as is),
    /// plain text for <see cref="BodyFormat.PlainText"/> (encoded and split into paragraphs here).
    /// </param>
    /// <param name="expired">
    /// Items that were public and whose 公开时限 has ended: like withdrawn ones they leave every list and their address
    /// shows a notice, but the notice says why (the period ended) and keeps the title, as nothing in them was wrong.
    /// </param>
    /// <param name="keptOut">
    /// Items on the site that this render leaves alone because something of them cannot be made (issue 14): they keep
    /// their slot, so no other item changes page, but no list shows them and their own page is not rendered.
    /// </param>
    /// <param name="today">
    /// China's date of the render: a document past its 有效期 shows 失效 from the day after (<see cref="ItemValidity"/>).
    /// Null (a preview of one page) leaves the 有效期 out.
    /// </param>
    /// <param name="previous">
    /// An earlier snapshot, any (issue 19): its published items that are here as the same objects keep the order they
    /// had there, and only the others are sorted (see <see cref="InOrder"/>). The result is the same with or without it.
    /// </param>
    public PortalSnapshot(
        CatalogueSettings settings,
        IEnumerable<DisclosureItem> published,
        IEnumerable<DisclosureItem> withdrawn,
        Func<DisclosureItem, string> sanitizedBody,
        IEnumerable<DisclosureItem>? expired = null,
        IEnumerable<DisclosureItem>? keptOut = null,
        DateOnly? today = null,
        PortalSnapshot? previous = null)
    {
        Settings = settings;
        Today = today;
        _sanitizedBody = sanitizedBody;
        foreach (var column in settings.Columns)
        {
            if (!PortalPaths.IsSafeColumnCode(column.Code))
                throw new ArgumentException($"栏目代码“{column.Code}”不能用作网址：只能使用小写字母、数字和连字符，并以字母开头", nameof(settings));
        }

        var publishedById = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        foreach (var item in published)
        {
            // Only reviewed, proactively disclosed, public items reach the portal (Regulation Art. 17, 20); anything
            // else here is a caller's bug that would leak information, so it stops the render.
            if (item.State != ItemState.Published || item.Attribute != DisclosureAttribute.Proactive || item.Scope != DisclosureScope.Public)
                throw new ArgumentException($"信息 {item.Id} 不是已发布的主动公开、面向社会的信息，不能生成公开页面", nameof(published));
            if (item.PublishedOn is null)
                throw new ArgumentException($"信息 {item.Id} 缺少发布日期", nameof(published));
            KeepLatestVersion(publishedById, item);
        }

        var withdrawnById = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        foreach (var item in withdrawn)
        {
            if (!publishedById.ContainsKey(item.Id)) KeepLatestVersion(withdrawnById, item);
        }

        // A withdrawal wins over an ended period: its notice names no title.
        var expiredById = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        foreach (var item in expired ?? [])
        {
            if (!publishedById.ContainsKey(item.Id) && !withdrawnById.ContainsKey(item.Id)) KeepLatestVersion(expiredById, item);
        }
        var noticeById = new Dictionary<string, DisclosureItem>(withdrawnById, StringComparer.Ordinal);
        foreach (var (id, item) in expiredById) noticeById[id] = item;

        var keptOutById = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        foreach (var item in keptOut ?? [])
        {
            if (!publishedById.ContainsKey(item.Id) && !noticeById.ContainsKey(item.Id)) KeepLatestVersion(keptOutById, item);
        }

        Published = InOrder(publishedById, previous);
        PublishedById = publishedById;
        WithdrawnById = withdrawnById;
        ExpiredById = expiredById;
        NoticeById = noticeById;
        KeptOutById = keptOutById;

        var referencedBy = new Dictionary<string, List<DisclosureItem>>(StringComparer.Ordinal);
        foreach (var item in Published)
        {
            if (item.Relation == Relation.None || item.RelatedItemId is null) continue;
            if (!referencedBy.TryGetValue(item.RelatedItemId, out var list)) referencedBy[item.RelatedItemId] = list = [];
            list.Add(item);
        }
        ReferencedBy = referencedBy;

        // A column's slots: every item ever published in it or its sub-columns, oldest first. A withdrawn or expired item
        // keeps its slot (it is just not shown), so taking it down never moves other items to another page.
        // The published items are in that order already: only the few notices and kept-out items are sorted, then merged in
        // (issue 19: a second sort of every item was a good part of a run's time at 100,000 items). The three sets are
        // disjoint and the order is total, so this is the order a sort of all of them gives.
        var offList = noticeById.Values.Where(i => i.PublishedOn is not null).Concat(keptOutById.Values.Where(i => i.PublishedOn is not null))
            .OrderBy(i => i, PublicationOrder.Instance).ToList();
        var slotted = Merged(Published, offList);
        var slots = new Dictionary<string, List<DisclosureItem>>(StringComparer.Ordinal);
        foreach (var column in settings.Columns) slots[column.Code] = [];
        // Each column's code and its ancestors', found once per column rather than once per item.
        var listing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] Listing(string code) => listing.TryGetValue(code, out var codes) ? codes : listing[code] = [.. ColumnsListing(code)];
        // The year's 目录 pages count slots the same way, within the year of the 发布日期.
        var yearSlots = new Dictionary<int, List<DisclosureItem>>();
        foreach (var item in slotted)
        {
            foreach (var code in Listing(item.ColumnCode)) slots[code].Add(item);
            var year = item.PublishedOn!.Value.Year;
            if (!yearSlots.TryGetValue(year, out var ofYear)) yearSlots[year] = ofYear = [];
            ofYear.Add(item);
        }
        ColumnSlots = slots;
        YearSlots = yearSlots;
        Years = [.. yearSlots.Keys.Order()];

        // What the 目录 overview counts: the items shown per column (its sub-columns' too) and per year.
        foreach (var item in Published)
        {
            foreach (var code in Listing(item.ColumnCode)) CollectionsMarshal.GetValueRefOrAddDefault(_shownInColumn, code, out _)++;
            CollectionsMarshal.GetValueRefOrAddDefault(_shownInYear, item.PublishedOn!.Value.Year, out _)++;
        }
    }

    private readonly Dictionary<string, int> _shownInColumn = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _shownInYear = [];

    /// <summary>The years of 发布日期 with a slot (<see cref="YearSlots"/>), oldest first: the years the 目录 lists.</summary>
    internal IReadOnlyList<int> Years { get; }

    /// <summary>The published items a column lists (its sub-columns' included).</summary>
    internal int ShownInColumn(string code) => _shownInColumn.GetValueOrDefault(code);

    /// <summary>The published items of a year of 发布日期.</summary>
    internal int ShownInYear(int year) => _shownInYear.GetValueOrDefault(year);

    public CatalogueSettings Settings { get; }

    /// <summary>The date the 有效性 of the pages is derived for (see the constructor's <c>today</c>).</summary>
    public DateOnly? Today { get; }

    /// <summary>Published items, oldest first (see <see cref="PublicationOrder"/>).</summary>
    public IReadOnlyList<DisclosureItem> Published { get; }

    public IReadOnlyDictionary<string, DisclosureItem> PublishedById { get; }

    public IReadOnlyDictionary<string, DisclosureItem> WithdrawnById { get; }

    /// <summary>Items off the portal because their 公开时限 ended (see the constructor's <c>expired</c>).</summary>
    public IReadOnlyDictionary<string, DisclosureItem> ExpiredById { get; }

    /// <summary>Every item whose address shows a notice instead of its page: withdrawn and expired ones.</summary>
    internal IReadOnlyDictionary<string, DisclosureItem> NoticeById { get; }

    /// <summary>Items on the site this render leaves alone (see the constructor's <c>keptOut</c>).</summary>
    internal IReadOnlyDictionary<string, DisclosureItem> KeptOutById { get; }

    /// <summary>Published items that point at an item (解读 → policy, 修订/废止 → original), keyed by the target's id.</summary>
    internal IReadOnlyDictionary<string, List<DisclosureItem>> ReferencedBy { get; }

    /// <summary>Per column code, the items that have a slot on its pages, oldest first; withdrawn, expired and kept-out items included.</summary>
    internal IReadOnlyDictionary<string, List<DisclosureItem>> ColumnSlots { get; }

    /// <summary>Per year of 发布日期, the items that have a slot on its 目录 pages, oldest first; like <see cref="ColumnSlots"/>.</summary>
    internal IReadOnlyDictionary<int, List<DisclosureItem>> YearSlots { get; }

    /// <summary>The slots of a year with none yet: an empty list.</summary>
    internal IReadOnlyList<DisclosureItem> SlotsOfYear(int year) => YearSlots.TryGetValue(year, out var slots) ? slots : [];

    /// <summary>The item has a place on the site: published, a notice, or kept out.</summary>
    internal bool Shows(string itemId) => PublishedById.ContainsKey(itemId) || NoticeById.ContainsKey(itemId) || KeptOutById.ContainsKey(itemId);

    internal string BodyOf(DisclosureItem item) => _sanitizedBody(item);

    /// <summary>The configured column and its ancestors: a 政策解读 is listed under 政策解读 and under 政策法规.</summary>
    internal IEnumerable<string> ColumnsListing(string columnCode)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var column = Settings.FindColumn(columnCode); column is not null && seen.Add(column.Code); column = Settings.FindColumn(column.ParentCode))
            yield return column.Code;
    }

    internal IReadOnlyList<DisclosureItem> ReferencesTo(string itemId) =>
        ReferencedBy.TryGetValue(itemId, out var list) ? list : [];

    /// <summary>
    /// The published items in <see cref="PublicationOrder"/>. With an earlier snapshot, those it had as the same objects
    /// (the copies a run for a change takes from the manifest, see <see cref="Disclosure.Items.PublicCopy.Published"/>)
    /// are taken in its order, and only the others (a run's few changes) are sorted and merged in: the order is total, so
    /// this is the order a sort of them all gives, without the sort of every item that was a good part of a run for a change
    /// at 100,000 items (issue 19).
    /// </summary>
    private static List<DisclosureItem> InOrder(Dictionary<string, DisclosureItem> byId, PortalSnapshot? previous)
    {
        if (previous is null) return [.. byId.Values.OrderBy(i => i, PublicationOrder.Instance)];
        var kept = new List<DisclosureItem>(byId.Count);
        foreach (var item in previous.Published)
        {
            if (byId.TryGetValue(item.Id, out var now) && ReferenceEquals(now, item)) kept.Add(item);
        }
        if (kept.Count == byId.Count) return kept;
        var others = new List<DisclosureItem>(byId.Count - kept.Count);
        foreach (var item in byId.Values)
        {
            if (!(previous.PublishedById.TryGetValue(item.Id, out var was) && ReferenceEquals(was, item))) others.Add(item);
        }
        others.Sort(PublicationOrder.Instance);
        return Merged(kept, others);
    }

    private static List<DisclosureItem> Merged(IReadOnlyList<DisclosureItem> first, List<DisclosureItem> second)
    {
        var merged = new List<DisclosureItem>(first.Count + second.Count);
        var (i, j) = (0, 0);
        while (i < first.Count && j < second.Count)
            merged.Add(PublicationOrder.Instance.Compare(first[i], second[j]) <= 0 ? first[i++] : second[j++]);
        while (i < first.Count) merged.Add(first[i++]);
        while (j < second.Count) merged.Add(second[j++]);
        return merged;
    }

    private static void KeepLatestVersion(Dictionary<string, DisclosureItem> byId, DisclosureItem item)
    {
        if (!byId.TryGetValue(item.Id, out var existing) || existing.Version < item.Version) byId[item.Id] = item;
    }
}

/// <summary>
/// The order items were published in: 发布日期, then 索引号 (assigned in sequence), then id. Column pages count slots in
/// this order, so an item published today always lands on the newest page.
/// </summary>
public sealed class PublicationOrder : IComparer<DisclosureItem>
{
    public static readonly PublicationOrder Instance = new();

    public int Compare(DisclosureItem? x, DisclosureItem? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = Nullable.Compare(x.PublishedOn, y.PublishedOn);
        if (c != 0) return c;
        c = x.IndexNumber.Year.CompareTo(y.IndexNumber.Year);
        if (c != 0) return c;
        c = x.IndexNumber.Serial.CompareTo(y.IndexNumber.Serial);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.IndexNumber.IssuerCode, y.IndexNumber.IssuerCode);
        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
