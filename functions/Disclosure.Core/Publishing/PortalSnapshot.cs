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
            CheckPublic(item, nameof(published));
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

        _published = InOrder(publishedById, previous);
        _publishedById = publishedById;
        _withdrawnById = withdrawnById;
        _expiredById = expiredById;
        _noticeById = noticeById;
        _keptOutById = keptOutById;

        var referencedBy = new Dictionary<string, List<DisclosureItem>>(StringComparer.Ordinal);
        foreach (var item in Published)
        {
            if (item.Relation == Relation.None || item.RelatedItemId is null) continue;
            if (!referencedBy.TryGetValue(item.RelatedItemId, out var list)) referencedBy[item.RelatedItemId] = list = [];
            list.Add(item);
        }
        _referencedBy = referencedBy;

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
        _columnSlots = slots;
        _yearSlots = yearSlots;
        Years = [.. yearSlots.Keys.Order()];

        // What the 目录 overview counts: the items shown per column (its sub-columns' too) and per year.
        foreach (var item in Published)
        {
            foreach (var code in Listing(item.ColumnCode)) CollectionsMarshal.GetValueRefOrAddDefault(_shownInColumn, code, out _)++;
            CollectionsMarshal.GetValueRefOrAddDefault(_shownInYear, item.PublishedOn!.Value.Year, out _)++;
        }
    }

    /// <summary>
    /// The snapshot after some items changed (issue 19): each one named in <paramref name="changes"/> leaves the place it
    /// had here and takes the one named; every other item keeps its place and its object. The result is what the
    /// constructor gives for this snapshot's items with the changes applied, without a pass over every item: the
    /// dictionaries and lists are copied as they are (the published items' layered on this one's, a list only when a
    /// change touches it) and only the changed items are found (by binary search in <see cref="PublicationOrder"/>) and
    /// moved. A run for a change makes its snapshot so from the last run's.
    /// </summary>
    /// <param name="sanitizedBody">As the constructor's: the bodies of this run's pages.</param>
    /// <param name="today">As the constructor's.</param>
    internal PortalSnapshot With(IReadOnlyCollection<SnapshotChange> changes, Func<DisclosureItem, string> sanitizedBody, DateOnly? today) =>
        new(this, changes, sanitizedBody, today);

    private PortalSnapshot(PortalSnapshot previous, IReadOnlyCollection<SnapshotChange> changes, Func<DisclosureItem, string> sanitizedBody, DateOnly? today)
    {
        Settings = previous.Settings;
        Today = today;
        _sanitizedBody = sanitizedBody;
        _published = new List<DisclosureItem>(previous._published.Count + changes.Count);
        _published.AddRange(previous._published);
        // Every published item: layered on the previous snapshot's instead of copied.
        var publishedById = new Layered<DisclosureItem>(previous._publishedById);
        _publishedById = publishedById;
        _withdrawnById = new Dictionary<string, DisclosureItem>(previous._withdrawnById, StringComparer.Ordinal);
        _expiredById = new Dictionary<string, DisclosureItem>(previous._expiredById, StringComparer.Ordinal);
        _noticeById = new Dictionary<string, DisclosureItem>(previous._noticeById, StringComparer.Ordinal);
        _keptOutById = new Dictionary<string, DisclosureItem>(previous._keptOutById, StringComparer.Ordinal);
        _shownInColumn = new Dictionary<string, int>(previous._shownInColumn, StringComparer.Ordinal);
        _shownInYear = new Dictionary<int, int>(previous._shownInYear);
        // The lists are shared with the previous snapshot until a change touches one; that one is copied first.
        _referencedBy = new Dictionary<string, List<DisclosureItem>>(previous._referencedBy, StringComparer.Ordinal);
        _columnSlots = new Dictionary<string, List<DisclosureItem>>(previous._columnSlots, StringComparer.Ordinal);
        _yearSlots = new Dictionary<int, List<DisclosureItem>>(previous._yearSlots);
        var copiedReferences = new HashSet<string>(StringComparer.Ordinal);
        var copiedColumns = new HashSet<string>(StringComparer.Ordinal);
        var copiedYears = new HashSet<int>();
        List<DisclosureItem> Own<TKey>(Dictionary<TKey, List<DisclosureItem>> lists, HashSet<TKey> copied, TKey key) where TKey : notnull
        {
            if (copied.Add(key)) lists[key] = lists.TryGetValue(key, out var shared) ? [.. shared] : [];
            // Emptied by an earlier change and taken out: a new one.
            else if (!lists.ContainsKey(key)) lists[key] = [];
            return lists[key];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!seen.Add(change.Id)) throw new ArgumentException($"信息 {change.Id} 在变更中出现了两次", nameof(changes));
            // Out of the place it had.
            var slotted = previous._publishedById.GetValueOrDefault(change.Id) ?? previous._noticeById.GetValueOrDefault(change.Id)
                ?? previous._keptOutById.GetValueOrDefault(change.Id);
            if (previous._publishedById.TryGetValue(change.Id, out var was))
            {
                RemoveInOrder(_published, was);
                if (was.Relation != Relation.None && was.RelatedItemId is { } target)
                {
                    var referrers = Own(_referencedBy, copiedReferences, target);
                    RemoveInOrder(referrers, was);
                    if (referrers.Count == 0) _referencedBy.Remove(target);
                }
                Count(was, -1);
            }
            if (slotted?.PublishedOn is { } slottedOn)
            {
                foreach (var code in ColumnsListing(slotted.ColumnCode)) RemoveInOrder(Own(_columnSlots, copiedColumns, code), slotted);
                var ofYear = Own(_yearSlots, copiedYears, slottedOn.Year);
                RemoveInOrder(ofYear, slotted);
                if (ofYear.Count == 0) _yearSlots.Remove(slottedOn.Year);
            }
            publishedById.Remove(change.Id);
            _withdrawnById.Remove(change.Id);
            _expiredById.Remove(change.Id);
            _noticeById.Remove(change.Id);
            _keptOutById.Remove(change.Id);

            // Into the place named.
            if (change.Place == SnapshotPlace.None) continue;
            var item = change.Item ?? throw new ArgumentException($"信息 {change.Id} 的变更缺少其内容", nameof(changes));
            switch (change.Place)
            {
                case SnapshotPlace.Published:
                    CheckPublic(item, nameof(changes));
                    publishedById[item.Id] = item;
                    InsertInOrder(_published, item);
                    if (item.Relation != Relation.None && item.RelatedItemId is { } target) InsertInOrder(Own(_referencedBy, copiedReferences, target), item);
                    Count(item, +1);
                    break;
                case SnapshotPlace.Withdrawn:
                    _withdrawnById[item.Id] = _noticeById[item.Id] = item;
                    break;
                case SnapshotPlace.Expired:
                    _expiredById[item.Id] = _noticeById[item.Id] = item;
                    break;
                default:
                    _keptOutById[item.Id] = item;
                    break;
            }
            if (item.PublishedOn is { } publishedOn)
            {
                foreach (var code in ColumnsListing(item.ColumnCode)) InsertInOrder(Own(_columnSlots, copiedColumns, code), item);
                InsertInOrder(Own(_yearSlots, copiedYears, publishedOn.Year), item);
            }
        }
        Years = [.. _yearSlots.Keys.Order()];
    }

    /// <summary>An item shown in the lists counted in or out of its columns' and year's counts (a count of 0 is no entry, as the constructor leaves it).</summary>
    private void Count(DisclosureItem item, int by)
    {
        foreach (var code in ColumnsListing(item.ColumnCode)) Add(_shownInColumn, code, by);
        Add(_shownInYear, item.PublishedOn!.Value.Year, by);
        static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int by) where TKey : notnull
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
            count += by;
            if (count == 0) counts.Remove(key);
        }
    }

    private static void RemoveInOrder(List<DisclosureItem> ordered, DisclosureItem item)
    {
        var at = ordered.BinarySearch(item, PublicationOrder.Instance);
        // The previous snapshot holds it there: anything else is a bug in this class, and a page built on it would be wrong.
        if (at < 0 || !ReferenceEquals(ordered[at], item))
            throw new InvalidOperationException($"信息 {item.Id} 不在快照中它应在的位置");
        ordered.RemoveAt(at);
    }

    private static void InsertInOrder(List<DisclosureItem> ordered, DisclosureItem item)
    {
        var at = ordered.BinarySearch(item, PublicationOrder.Instance);
        ordered.Insert(at < 0 ? ~at : at, item);
    }

    /// <summary>
    /// Only reviewed, proactively disclosed, public items reach the portal (Regulation Art. 17, 20); anything else here is
    /// a caller's bug that would leak information, so it stops the render.
    /// </summary>
    private static void CheckPublic(DisclosureItem item, string parameter)
    {
        if (item.State != ItemState.Published || item.Attribute != DisclosureAttribute.Proactive || item.Scope != DisclosureScope.Public)
            throw new ArgumentException($"信息 {item.Id} 不是已发布的主动公开、面向社会的信息，不能生成公开页面", parameter);
        if (item.PublishedOn is null)
            throw new ArgumentException($"信息 {item.Id} 缺少发布日期", parameter);
    }

    private readonly Dictionary<string, int> _shownInColumn = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _shownInYear = [];
    private readonly List<DisclosureItem> _published;
    private readonly IReadOnlyDictionary<string, DisclosureItem> _publishedById;
    private readonly Dictionary<string, DisclosureItem> _withdrawnById;
    private readonly Dictionary<string, DisclosureItem> _expiredById;
    private readonly Dictionary<string, DisclosureItem> _noticeById;
    private readonly Dictionary<string, DisclosureItem> _keptOutById;
    private readonly Dictionary<string, List<DisclosureItem>> _referencedBy;
    private readonly Dictionary<string, List<DisclosureItem>> _columnSlots;
    private readonly Dictionary<int, List<DisclosureItem>> _yearSlots;

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
    public IReadOnlyList<DisclosureItem> Published => _published;

    public IReadOnlyDictionary<string, DisclosureItem> PublishedById => _publishedById;

    public IReadOnlyDictionary<string, DisclosureItem> WithdrawnById => _withdrawnById;

    /// <summary>Items off the portal because their 公开时限 ended (see the constructor's <c>expired</c>).</summary>
    public IReadOnlyDictionary<string, DisclosureItem> ExpiredById => _expiredById;

    /// <summary>Every item whose address shows a notice instead of its page: withdrawn and expired ones.</summary>
    internal IReadOnlyDictionary<string, DisclosureItem> NoticeById => _noticeById;

    /// <summary>Items on the site this render leaves alone (see the constructor's <c>keptOut</c>).</summary>
    internal IReadOnlyDictionary<string, DisclosureItem> KeptOutById => _keptOutById;

    /// <summary>Published items that point at an item (解读 → policy, 修订/废止 → original), keyed by the target's id.</summary>
    internal IReadOnlyDictionary<string, List<DisclosureItem>> ReferencedBy => _referencedBy;

    /// <summary>Per column code, the items that have a slot on its pages, oldest first; withdrawn, expired and kept-out items included.</summary>
    internal IReadOnlyDictionary<string, List<DisclosureItem>> ColumnSlots => _columnSlots;

    /// <summary>Per year of 发布日期, the items that have a slot on its 目录 pages, oldest first; like <see cref="ColumnSlots"/>.</summary>
    internal IReadOnlyDictionary<int, List<DisclosureItem>> YearSlots => _yearSlots;

    /// <summary>The slots of a year with none yet: an empty list.</summary>
    internal IReadOnlyList<DisclosureItem> SlotsOfYear(int year) => _yearSlots.TryGetValue(year, out var slots) ? slots : [];

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

/// <summary>Where an item is in a <see cref="PortalSnapshot"/>: what the constructor's lists put it in, or nowhere.</summary>
internal enum SnapshotPlace
{
    None,
    Published,
    Withdrawn,
    Expired,
    KeptOut,
}

/// <summary>An item's place after a change (<see cref="PortalSnapshot.With"/>); <see cref="Item"/> is null only for <see cref="SnapshotPlace.None"/>.</summary>
internal readonly record struct SnapshotChange(string Id, DisclosureItem? Item, SnapshotPlace Place);
