using System.Globalization;
using System.Text;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Templating;

namespace Disclosure.Publishing;

/// <summary>
/// Renders the static public portal (Regulation Art. 12, 24): home, 指南, 制度, column pages, the 目录 tables, item
/// pages and the search page, plus the hashed CSS/JS assets. Pure and deterministic: the same snapshot gives the same
/// bytes, so the publisher uploads only files whose <see cref="SiteFileHashing.Sha256Hex(SiteFile)"/> changed.
/// Thread-safe; create once (templates are parsed in the constructor) and reuse.
/// </summary>
public sealed class PortalRenderer
{
    public const string HtmlContentType = "text/html; charset=utf-8";
    /// <summary>Pages change when items are published; a short lifetime keeps the portal current (inspection indicators).</summary>
    public const string HtmlCacheControl = "public, max-age=300";
    /// <summary>Items shown per column on the home page.</summary>
    public const int HomeItemsPerColumn = 6;

    private readonly PortalTemplates _templates = new();

    public PortalAssets Assets { get; } = PortalAssets.LoadEmbedded();

    /// <summary>Every file of the portal except attachments, the search index, feeds and sitemap.</summary>
    public IReadOnlyList<SiteFile> RenderSite(PortalSnapshot snapshot)
    {
        var session = new Session(this, snapshot);
        var files = new List<SiteFile>(snapshot.Published.Count + snapshot.NoticeById.Count + 64);
        files.AddRange(Assets.Files);
        foreach (var key in AllPages(snapshot)) files.Add(session.Render(key));
        return files;
    }

    /// <summary>
    /// Only the pages a change touches: the item's page (or its 已撤回 notice), the pages of items it links to or that
    /// link to it, the newest page(s) of its column and parent column, the column indexes, the home page, the 目录
    /// overview and the newest 目录 pages of its column and year (their indexes only when the item opens a page). The
    /// number of files does not grow with the catalogue.
    /// Assets are included (the caller's hash check skips them when unchanged).
    /// </summary>
    public IReadOnlyList<SiteFile> RenderChange(PortalSnapshot snapshot, PortalChange change)
    {
        var session = new Session(this, snapshot);
        var files = new List<SiteFile>(32);
        files.AddRange(Assets.Files);
        foreach (var key in AffectedPages(snapshot, [change])) files.Add(session.Render(key));
        return files;
    }

    /// <summary>The site paths <see cref="RenderChange"/> would write (for logging and for tests).</summary>
    public static IReadOnlyList<string> PagesAffectedBy(PortalSnapshot snapshot, PortalChange change) =>
        AffectedPages(snapshot, [change]).Select(k => k.SitePath).ToList();

    /// <summary>Ids of the items whose pages <see cref="RenderChange"/> renders: the bodies a prefetching caller needs.</summary>
    public static IReadOnlyList<string> ItemPagesAffectedBy(PortalSnapshot snapshot, PortalChange change) =>
        AffectedPages(snapshot, [change]).Where(k => k.Kind == PortalPageKind.Item).Select(k => k.Code).ToList();

    /// <summary>Item pages (or withdrawal notices) for the given ids, rendered lazily.</summary>
    public IEnumerable<SiteFile> RenderItemPages(PortalSnapshot snapshot, IEnumerable<string> itemIds)
    {
        var session = new Session(this, snapshot);
        foreach (var id in itemIds) yield return session.Render(new PortalPageKey(PortalPageKind.Item, id));
    }

    /// <summary>
    /// The pages of the whole site (<paramref name="changes"/> null) or those the changes touch, as <see cref="RenderSite"/>
    /// and <see cref="RenderChange"/> render them; a kept-out item's own page is not among them, and a change of an item
    /// the snapshot leaves out altogether (new on the site, and kept out) touches nothing.
    /// </summary>
    internal static IReadOnlyList<PortalPageKey> PageKeys(PortalSnapshot snapshot, IEnumerable<PortalChange>? changes) =>
        changes is null
            ? AllPages(snapshot).ToList()
            : AffectedPages(snapshot, changes.Where(c => snapshot.Shows(c.ItemId)).ToList()).ToList();

    /// <summary>
    /// Renders the pages one by one, each behind its own bulkhead: a page that cannot be rendered comes back with its
    /// error and the others are rendered all the same (issue 14). Assets are not included.
    /// </summary>
    internal IEnumerable<(PortalPageKey Key, SiteFile? File, Exception? Error)> RenderEach(PortalSnapshot snapshot, IEnumerable<PortalPageKey> keys)
    {
        var session = new Session(this, snapshot);
        foreach (var key in keys)
        {
            SiteFile? file = null;
            Exception? error = null;
            try
            {
                file = session.Render(key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
            }
            yield return (key, file, error);
        }
    }

    private static IEnumerable<PortalPageKey> AllPages(PortalSnapshot snapshot) =>
        PagesBesideItems(snapshot).Concat(ItemPages(snapshot));

    private static IEnumerable<PortalPageKey> ItemPages(PortalSnapshot snapshot)
    {
        foreach (var item in snapshot.Published) yield return new PortalPageKey(PortalPageKind.Item, item.Id);
        foreach (var id in snapshot.NoticeById.Keys.Order(StringComparer.Ordinal)) yield return new PortalPageKey(PortalPageKind.Item, id);
    }

    private static IEnumerable<PortalPageKey> PagesBesideItems(PortalSnapshot snapshot) =>
        FixedPages()
            .Concat(snapshot.Settings.Columns.SelectMany(column => ColumnPages(snapshot, column.Code)))
            .Concat(CatalogueYears(snapshot).SelectMany(year => YearPages(snapshot, year)));

    private static IEnumerable<PortalPageKey> FixedPages() =>
    [
        PortalPageKey.Home, new(PortalPageKind.Guide), new(PortalPageKind.Rules), new(PortalPageKind.Search), new(PortalPageKind.NotFound),
        new(PortalPageKind.CatalogueOverview), new(PortalPageKind.SiteMap),
    ];

    /// <summary>The pages besides items and lists that list items: home, guide, rules, the 目录 overview, the 网站地图 (not search, not 404).</summary>
    private static IEnumerable<PortalPageKey> FixedListingPages() =>
        FixedPages().Where(k => k.Kind is not (PortalPageKind.Search or PortalPageKind.NotFound));

    private static IEnumerable<PortalPageKey> ColumnPages(PortalSnapshot snapshot, string code)
    {
        yield return new PortalPageKey(PortalPageKind.ColumnIndex, code);
        yield return PortalPageKey.ColumnCatalogue(code);
        var slots = snapshot.ColumnSlots[code].Count;
        for (var n = 1; n <= CataloguePageCount(slots); n++) yield return PortalPageKey.ColumnCatalogue(code, n);
        for (var n = 1; n <= PageCount(slots); n++) yield return new PortalPageKey(PortalPageKind.ColumnPage, code, n);
    }

    private static IEnumerable<PortalPageKey> YearPages(PortalSnapshot snapshot, int year)
    {
        yield return PortalPageKey.YearCatalogue(year);
        for (var n = 1; n <= CataloguePageCount(snapshot.SlotsOfYear(year).Count); n++) yield return PortalPageKey.YearCatalogue(year, n);
    }

    /// <summary>
    /// The pages that list items, for the sitemap: a crawler reaches an item only through these, so none may be left out.
    /// In parts that change apart (issue 19: at 100,000 items they are about 8,000, and a page that opens in one column
    /// need not send them all again): <c>pages</c> (home, guide, rules, 目录 overview, 网站地图), <c>pages-{column}</c> (a
    /// column's first and paged lists and its 目录), <c>pages-{year}</c> (a year's 目录). Each comes with its
    /// <see cref="ListingPart.Shape"/>: the page counts its pages follow from.
    /// </summary>
    internal static IReadOnlyList<ListingPart> ListingParts(PortalSnapshot snapshot)
    {
        var parts = new List<ListingPart>
        {
            new("pages", "", () => FixedListingPages().Select(k => k.SitePath)),
        };
        foreach (var column in snapshot.Settings.Columns)
        {
            var slots = snapshot.ColumnSlots[column.Code].Count;
            parts.Add(new ListingPart($"pages-{column.Code}", $"{CataloguePageCount(slots)},{PageCount(slots)}",
                () => ColumnPages(snapshot, column.Code).Select(k => k.SitePath)));
        }
        foreach (var year in CatalogueYears(snapshot))
        {
            var slots = snapshot.SlotsOfYear(year).Count;
            parts.Add(new ListingPart($"pages-{year}", $"{CataloguePageCount(slots)}", () => YearPages(snapshot, year).Select(k => k.SitePath)));
        }
        return parts;
    }

    /// <summary>Years with a 目录 page: every year an item was published in, withdrawn and expired ones included, so a page never vanishes.</summary>
    private static IEnumerable<int> CatalogueYears(PortalSnapshot snapshot) => snapshot.Years;

    private static int PageCount(int slots) => (slots + PortalPaths.PageSize - 1) / PortalPaths.PageSize;

    private static int CataloguePageCount(int slots) => (slots + PortalPaths.CataloguePageSize - 1) / PortalPaths.CataloguePageSize;

    /// <summary>
    /// The pages the changes touch, each once. Besides each change's own pages, a paged list or 目录 whose page count the
    /// changes altered together gets the page that was newest before (its link to a newer page) or is newest now (its link
    /// to a page gone), and its index: several new items of one run can open a page though none of them alone is its first slot.
    /// </summary>
    private static IReadOnlyCollection<PortalPageKey> AffectedPages(PortalSnapshot snapshot, IReadOnlyList<PortalChange> changes)
    {
        var keys = new List<PortalPageKey>();
        var seen = new HashSet<PortalPageKey>();
        void Add(PortalPageKey key)
        {
            if (seen.Add(key)) keys.Add(key);
        }
        var slotChanges = new SlotChanges();
        foreach (var change in changes) AddAffectedPages(snapshot, change, Add, slotChanges);
        slotChanges.AddPagesOfChangedCounts(snapshot, Add);
        return keys;
    }

    /// <summary>
    /// Per column code and per year, how many slots the changes took and left. An item new on the site may have had a slot
    /// already (a notice whose item comes back): such slots are counted apart, as perhaps not new.
    /// </summary>
    private sealed class SlotChanges
    {
        private readonly Dictionary<(string Code, int Year), (int Taken, int PerhapsTaken, int Left)> _counts = [];

        public void Took(PortalSnapshot snapshot, DisclosureItem item, bool certain) => Count(snapshot, item, c => certain
            ? c with { Taken = c.Taken + 1 } : c with { PerhapsTaken = c.PerhapsTaken + 1 });

        public void Left(PortalSnapshot snapshot, DisclosureItem previous) => Count(snapshot, previous, c => c with { Left = c.Left + 1 });

        private void Count(PortalSnapshot snapshot, DisclosureItem item, Func<(int Taken, int PerhapsTaken, int Left), (int, int, int)> change)
        {
            if (item.PublishedOn is { } date) _counts[("", date.Year)] = change(_counts.GetValueOrDefault(("", date.Year)));
            foreach (var code in snapshot.ColumnsListing(item.ColumnCode)) _counts[(code, 0)] = change(_counts.GetValueOrDefault((code, 0)));
        }

        public void AddPagesOfChangedCounts(PortalSnapshot snapshot, Action<PortalPageKey> add)
        {
            foreach (var ((code, year), (taken, perhaps, left)) in _counts)
            {
                var now = code.Length > 0 ? snapshot.ColumnSlots[code].Count : snapshot.SlotsOfYear(year).Count;
                // The fewest and the most slots there can have been before the changes.
                var least = now - taken - perhaps + left;
                var most = now - taken + left;
                if (code.Length > 0)
                {
                    AddPagesOfChangedCount(least, most, now, PortalPaths.PageSize, n => new PortalPageKey(PortalPageKind.ColumnPage, code, n), null, add);
                    AddPagesOfChangedCount(least, most, now, PortalPaths.CataloguePageSize, n => PortalPageKey.ColumnCatalogue(code, n), PortalPageKey.ColumnCatalogue(code), add);
                }
                else AddPagesOfChangedCount(least, most, now, PortalPaths.CataloguePageSize, n => PortalPageKey.YearCatalogue(year, n), PortalPageKey.YearCatalogue(year), add);
            }
        }

        private static void AddPagesOfChangedCount(int least, int most, int now, int pageSize, Func<int, PortalPageKey> page, PortalPageKey? index, Action<PortalPageKey> add)
        {
            static int Pages(int slots, int size) => (Math.Max(slots, 0) + size - 1) / size;
            var last = Pages(now, pageSize);
            var before = Pages(least, pageSize);
            if (before == last && Pages(most, pageSize) == last) return;
            if (index is { } key) add(key);
            for (var n = Math.Max(Math.Min(before, last), 1); n <= last; n++) add(page(n));
        }
    }

    private static void AddAffectedPages(PortalSnapshot snapshot, PortalChange change, Action<PortalPageKey> add, SlotChanges slotChanges)
    {
        var published = snapshot.PublishedById.TryGetValue(change.ItemId, out var item);
        var keptOut = !published && snapshot.KeptOutById.TryGetValue(change.ItemId, out item);
        if ((!published && !keptOut && !snapshot.NoticeById.TryGetValue(change.ItemId, out item)) || item is null)
            throw new ArgumentException($"信息 {change.ItemId} 既未发布也未撤回，无法确定受影响的页面", nameof(change));

        add(PortalPageKey.Home);
        add(new PortalPageKey(PortalPageKind.CatalogueOverview));
        // The 网站地图 lists the years of the catalogue with their counts.
        add(new PortalPageKey(PortalPageKind.SiteMap));
        // A kept-out item keeps the page the site has; the pages that listed it are rendered without it.
        if (!keptOut) add(new PortalPageKey(PortalPageKind.Item, item.Id));

        var previous = change.PreviousVersion;
        var moved = previous is not null && (previous.PublishedOn != item.PublishedOn || previous.ColumnCode != item.ColumnCode
            || PublicationOrder.Instance.Compare(previous, item) != 0);
        // A first publication, or a correction that changed date or column, takes a new slot: the pages from that slot
        // to the newest one shift. A withdrawal or an ended 公开时限 keeps its slot (see PortalSnapshot), so only its own page changes.
        var inserted = published && (previous is null || moved);
        AddListPages(snapshot, item, inserted, add);
        if (inserted) slotChanges.Took(snapshot, item, certain: moved);
        if (previous is not null && moved)
        {
            AddVacatedPages(snapshot, previous, add);
            slotChanges.Left(snapshot, previous);
        }

        foreach (var relatedId in new[] { item.RelatedItemId, previous?.RelatedItemId })
        {
            if (relatedId is null || !snapshot.PublishedById.TryGetValue(relatedId, out var related)) continue;
            // The related page shows a link back (解读 ⇄ policy) or the repeal/amend notice, and its 有效性 in lists.
            add(new PortalPageKey(PortalPageKind.Item, related.Id));
            AddListPages(snapshot, related, inserted: false, add);
        }
        foreach (var referrer in snapshot.ReferencesTo(item.Id)) add(new PortalPageKey(PortalPageKind.Item, referrer.Id));
    }

    private static void AddListPages(PortalSnapshot snapshot, DisclosureItem item, bool inserted, Action<PortalPageKey> add)
    {
        if (item.PublishedOn is { } date)
        {
            AddSlotPages(snapshot.SlotsOfYear(date.Year), item, inserted, PortalPaths.CataloguePageSize, n => PortalPageKey.YearCatalogue(date.Year, n),
                PortalPageKey.YearCatalogue(date.Year), add);
        }
        foreach (var code in snapshot.ColumnsListing(item.ColumnCode))
        {
            add(new PortalPageKey(PortalPageKind.ColumnIndex, code));
            var slots = snapshot.ColumnSlots[code];
            AddSlotPages(slots, item, inserted, PortalPaths.CataloguePageSize, n => PortalPageKey.ColumnCatalogue(code, n), PortalPageKey.ColumnCatalogue(code), add);
            AddSlotPages(slots, item, inserted, PortalPaths.PageSize, n => new PortalPageKey(PortalPageKind.ColumnPage, code, n), null, add);
        }
    }

    /// <summary>
    /// The pages (counted from the oldest slot, <paramref name="pageSize"/> slots each) that show <paramref name="item"/>:
    /// its own page when it keeps its slot; when it took a new slot, every page from it to the newest, since the later
    /// slots moved up by one (for a new item that is the newest page alone). The <paramref name="index"/> that lists the
    /// pages shows the page count and the dates of every page but the newest, so it changes only when a page is added or
    /// an older page's slots moved: not for an item added to the newest page, nor for one that keeps its slot.
    /// </summary>
    private static void AddSlotPages(IReadOnlyList<DisclosureItem> slots, DisclosureItem item, bool inserted, int pageSize,
        Func<int, PortalPageKey> page, PortalPageKey? index, Action<PortalPageKey> add)
    {
        var position = BinarySearch(slots, item);
        if (position < 0) return;
        var number = position / pageSize + 1;
        if (!inserted)
        {
            add(page(number));
            return;
        }
        var last = (slots.Count + pageSize - 1) / pageSize;
        // A page opened by the change (the page before it gains its link to the newer one) is the caller's: SlotChanges.
        if (index is { } key && number < last) add(key);
        for (var n = number; n <= last; n++) add(page(n));
    }

    /// <summary>
    /// The old slot of an item that moved: every later page shifts back by one, and the page that is now the newest loses
    /// its link to a newer one. The <paramref name="index"/> changes unless only the newest page did and none was lost.
    /// </summary>
    private static void AddVacatedSlotPages(IReadOnlyList<DisclosureItem> slots, DisclosureItem previous, int pageSize,
        Func<int, PortalPageKey> page, PortalPageKey? index, Action<PortalPageKey> add)
    {
        var position = BinarySearch(slots, previous);
        if (position < 0) position = ~position;
        var last = (slots.Count + pageSize - 1) / pageSize;
        var first = Math.Max(Math.Min(position / pageSize + 1, last), 1);
        // A page lost to the change (the one before it loses its link) is the caller's: SlotChanges.
        if (index is { } key && first < last) add(key);
        for (var n = first; n <= last; n++) add(page(n));
    }

    private static int BinarySearch(IReadOnlyList<DisclosureItem> slots, DisclosureItem item) => slots switch
    {
        List<DisclosureItem> list => list.BinarySearch(item, PublicationOrder.Instance),
        _ => slots.ToList().BinarySearch(item, PublicationOrder.Instance),
    };

    /// <summary>The old slot of an item that moved: every later page of the old column shifts back by one.</summary>
    private static void AddVacatedPages(PortalSnapshot snapshot, DisclosureItem previous, Action<PortalPageKey> add)
    {
        if (previous.PublishedOn is { } date)
        {
            AddVacatedSlotPages(snapshot.SlotsOfYear(date.Year), previous, PortalPaths.CataloguePageSize, n => PortalPageKey.YearCatalogue(date.Year, n),
                PortalPageKey.YearCatalogue(date.Year), add);
        }
        foreach (var code in snapshot.ColumnsListing(previous.ColumnCode))
        {
            add(new PortalPageKey(PortalPageKind.ColumnIndex, code));
            var slots = snapshot.ColumnSlots[code];
            AddVacatedSlotPages(slots, previous, PortalPaths.CataloguePageSize, n => PortalPageKey.ColumnCatalogue(code, n), PortalPageKey.ColumnCatalogue(code), add);
            // The same for the list pages: when the vacated slot was alone on the last page, that page is gone and the one
            // before it, now the newest, loses its link to it.
            AddVacatedSlotPages(slots, previous, PortalPaths.PageSize, n => new PortalPageKey(PortalPageKind.ColumnPage, code, n), null, add);
        }
    }

    /// <summary>
    /// The paged list and 目录 pages the site has (<paramref name="siteHas"/>, by file path) beyond the last page the
    /// snapshot gives: a correction that moves items out of a column leaves it fewer slots, and the pages after its new
    /// last one would stay on the site, unlinked, with what they showed before. Looks at each column's and year's next
    /// page numbers only, so the cost follows the number of columns and years, not the catalogue.
    /// </summary>
    internal static IEnumerable<string> PagesGone(PortalSnapshot snapshot, Func<string, bool> siteHas)
    {
        IEnumerable<string> Beyond(int last, Func<int, PortalPageKey> page)
        {
            for (var n = last + 1; ; n++)
            {
                var path = PortalPaths.FilePath(page(n).SitePath);
                if (!siteHas(path)) yield break;
                yield return path;
            }
        }
        var gone = new List<string>();
        foreach (var column in snapshot.Settings.Columns)
        {
            var slots = snapshot.ColumnSlots[column.Code].Count;
            gone.AddRange(Beyond(PageCount(slots), n => new PortalPageKey(PortalPageKind.ColumnPage, column.Code, n)));
            gone.AddRange(Beyond(CataloguePageCount(slots), n => PortalPageKey.ColumnCatalogue(column.Code, n)));
        }
        foreach (var (year, slots) in snapshot.YearSlots)
            gone.AddRange(Beyond(CataloguePageCount(slots.Count), n => PortalPageKey.YearCatalogue(year, n)));
        return gone;
    }

    /// <summary>One render pass over a snapshot: shared views are built once.</summary>
    private sealed class Session
    {
        private readonly PortalRenderer _renderer;
        private readonly PortalSnapshot _snapshot;
        private readonly SiteView _site;
        private readonly Dictionary<string, ColumnLinkView> _columns = new(StringComparer.Ordinal);

        public Session(PortalRenderer renderer, PortalSnapshot snapshot)
        {
            _renderer = renderer;
            _snapshot = snapshot;
            var settings = snapshot.Settings;
            foreach (var column in settings.Columns)
            {
                var children = settings.Columns.Where(c => c.ParentCode == column.Code)
                    .Select(c => new LinkView(PortalPaths.ColumnIndex(c.Code), c.Name)).ToList();
                _columns[column.Code] = new ColumnLinkView(column.Code, column.Name, PortalPaths.ColumnIndex(column.Code),
                    column.Description, PortalPaths.ColumnCatalogue(column.Code), column.ParentCode is not null, children);
            }
            var agency = settings.Agency;
            _site = new SiteView(
                agency.Name + "政府信息公开",
                new AgencyView(agency.Name, agency.OfficeName, agency.Address, agency.OfficeHours, agency.Phone, agency.Fax, agency.Email, agency.PostalCode)
                {
                    ApplicationFormUrl = agency.ApplicationFormUrl,
                },
                renderer.Assets.StylesHref,
                renderer.Assets.PrintStylesHref,
                renderer.Assets.ScriptHref,
                renderer.Assets.IconHref,
                SiteUrls.AllFeed,
                PortalPaths.SearchFormAction,
                [
                    new LinkView(PortalPaths.Home, "首页"),
                    new LinkView(PortalPaths.Guide, "政府信息公开指南"),
                    new LinkView(PortalPaths.Rules, "政府信息公开制度"),
                    new LinkView(PortalPaths.Catalogue, "政府信息公开目录"),
                    new LinkView(PortalPaths.Guide + "#apply", "依申请公开"),
                ],
                OrderedColumns(settings).Select(c => _columns[c.Code]).ToList(),
                Footer(settings));
        }

        private static FooterView Footer(CatalogueSettings settings)
        {
            var site = settings.Site;
            static LinkView? Link(string href, string text) => href.Length == 0 || text.Length == 0 ? null : new LinkView(href, text);
            return new FooterView(
                site.Sponsor.Length > 0 ? site.Sponsor : settings.Agency.Name,
                Link(site.GovernmentSiteMarkHref, "党政机关网站标识"),
                site.GovernmentSiteMarkImage,
                site.SiteIdentificationCode,
                // The number is what the footer must show; the link to the filing system is a courtesy.
                site.IcpNumber.Length > 0 ? new LinkView(site.IcpHref, site.IcpNumber) : null,
                site.PublicSecurityNumber,
                site.PublicSecurityHref,
                Link(site.ErrorReportHref, "政府网站找错"),
                PortalPaths.SiteMap);
        }

        public SiteFile Render(PortalPageKey key)
        {
            var (template, page) = key.Kind switch
            {
                PortalPageKind.Home => ("home", (PageView)Home()),
                PortalPageKind.Guide => ("guide", Guide()),
                PortalPageKind.Rules => ("rules", Guide() with { Path = PortalPaths.Rules, Title = "政府信息公开制度", Section = PortalPaths.Rules }),
                PortalPageKind.Search => ("search", Simple(PortalPaths.Search, "站内检索") with { NoIndex = true }),
                PortalPageKind.NotFound => ("notfound", Simple(PortalPaths.NotFound, "页面不存在") with { NoIndex = true, Section = "" }),
                PortalPageKind.CatalogueOverview => ("catalogue", CatalogueOverview()),
                PortalPageKind.ColumnIndex => ("column", ColumnIndex(key.Code)),
                PortalPageKind.ColumnPage => ("column-page", ColumnPage(key.Code, key.Number)),
                PortalPageKind.ColumnCatalogue => ("catalogue-table", ColumnCatalogue(key.Code)),
                PortalPageKind.ColumnCataloguePage => ("catalogue-table", ColumnCataloguePage(key.Code, key.Page)),
                PortalPageKind.YearCatalogue => ("catalogue-table", YearCatalogue(key.Number)),
                PortalPageKind.YearCataloguePage => ("catalogue-table", YearCataloguePage(key.Number, key.Page)),
                PortalPageKind.Item => ItemOrNotice(key.Code),
                PortalPageKind.SiteMap => ("site-map", SiteMap()),
                _ => throw new ArgumentOutOfRangeException(nameof(key)),
            };
            var bytes = _renderer._templates.Render(template, _site, page);
            return new SiteFile(PortalPaths.FilePath(key.SitePath), bytes, HtmlContentType, HtmlCacheControl);
        }

        private static IEnumerable<Column> OrderedColumns(CatalogueSettings settings) => settings.InDisplayOrder();

        private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

        private string ColumnName(string code) => _snapshot.Settings.FindColumn(code)?.Name ?? code;

        private Validity EffectiveValidity(DisclosureItem item, out IReadOnlyList<DisclosureItem> replacements)
        {
            var refs = _snapshot.ReferencesTo(item.Id);
            if (refs.Count == 0)
            {
                // Most items: nothing amends or repeals them (every row of every listing asks).
                replacements = [];
                return ItemValidity.Derive(item, null, null, _snapshot.Today);
            }
            var repeals = refs.Where(r => r.Relation == Relation.Repeals).ToList();
            var amends = refs.Where(r => r.Relation == Relation.Amends).ToList();
            replacements = [.. repeals, .. amends];
            // The same derivation as the annual report's and the self-inspection's (issue 15: one 有效性).
            return ItemValidity.Derive(item,
                repeals.Count > 0 ? repeals.Min(r => r.FormedOn) : null,
                amends.Count > 0 ? amends.Min(r => r.FormedOn) : null,
                _snapshot.Today);
        }

        private ItemRowView Row(DisclosureItem item)
        {
            var validity = EffectiveValidity(item, out _);
            return new ItemRowView(
                PortalPaths.Item(item), item.Title, item.IndexNumber.ToString(), ColumnName(item.ColumnCode), item.Publisher,
                item.DocumentNumber ?? "", Date(item.FormedOn), Date(item.PublishedOn), validity.ToChinese(),
                validity != Validity.InForce, item.Summary, Reposting.IsReposted(item, _snapshot.Settings.Agency));
        }

        /// <summary>Visible (published) items among a column's slots, newest first.</summary>
        private IEnumerable<DisclosureItem> NewestVisible(string code)
        {
            var slots = _snapshot.ColumnSlots[code];
            for (var i = slots.Count - 1; i >= 0; i--)
            {
                if (_snapshot.PublishedById.ContainsKey(slots[i].Id)) yield return slots[i];
            }
        }

        private HomePageView Home()
        {
            var settings = _snapshot.Settings;
            var blocks = settings.Columns.Where(c => c.ParentCode is null).Select(c => new ColumnBlockView(
                _columns[c.Code],
                NewestVisible(c.Code).Take(HomeItemsPerColumn).Select(Row).ToList(),
                "更多" + c.Name + "信息")).ToList();
            var latest = _snapshot.Published.Count > 0 ? Date(_snapshot.Published[^1].PublishedOn) : "";
            return new HomePageView
            {
                Path = PortalPaths.Home,
                Title = "首页",
                Section = PortalPaths.Home,
                Description = settings.Agency.Name + "政府信息公开平台：政府信息公开指南、目录、制度和各栏目公开信息。",
                Blocks = blocks,
                LatestPublishedOn = latest,
                Entrances =
                [
                    new LinkView(PortalPaths.Guide, "政府信息公开指南"),
                    new LinkView(PortalPaths.Rules, "政府信息公开制度"),
                    new LinkView(PortalPaths.Catalogue, "政府信息公开目录"),
                    new LinkView(PortalPaths.Guide + "#apply", "依申请公开"),
                ],
            };
        }

        private GuidePageView Guide() => new()
        {
            Path = PortalPaths.Guide,
            Title = "政府信息公开指南",
            Section = PortalPaths.Guide,
            Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
            Columns = _site.Columns,
            Facts = new GuideFactsView(
                PortalGuideFacts.ProactiveDisclosureWorkingDays, PortalGuideFacts.ReplyWorkingDays,
                PortalGuideFacts.ReplyExtensionWorkingDays, PortalGuideFacts.ClarificationWorkingDays,
                PortalGuideFacts.FreeApplicationsPerMonth),
        };

        private static SimplePageView Simple(string path, string title) => new()
        {
            Path = path,
            Title = title,
            Section = path,
            Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
        };

        private ColumnIndexPageView ColumnIndex(string code)
        {
            var column = _snapshot.Settings.FindColumn(code)!;
            var parent = _snapshot.Settings.FindColumn(column.ParentCode);
            var slots = _snapshot.ColumnSlots[code];
            var pageCount = PageCount(slots.Count);
            string Range(int n)
            {
                var from = (n - 1) * PortalPaths.PageSize;
                var to = Math.Min(n * PortalPaths.PageSize, slots.Count) - 1;
                return Date(slots[from].PublishedOn) == Date(slots[to].PublishedOn)
                    ? Date(slots[from].PublishedOn)
                    : Date(slots[from].PublishedOn) + " 至 " + Date(slots[to].PublishedOn);
            }
            // The newest pages only, and the oldest: the index is written with every new item, and a link to each of a
            // column's 449 pages made it 56.5 KB at 100,000 items (issue 19). Every page links its neighbours, and the
            // 目录 lists every item, so nothing becomes unreachable.
            var window = Math.Min(pageCount, PortalPaths.ColumnIndexPageLinks);
            var pages = new List<PageLinkView>(window);
            for (var n = pageCount; n > pageCount - window; n--) pages.Add(new PageLinkView(PortalPaths.ColumnPage(code, n), $"第{n}页", Range(n), false));
            var oldest = pageCount > window ? new PageLinkView(PortalPaths.ColumnPage(code, 1), "第1页（最早）", Range(1), false) : null;
            return new ColumnIndexPageView
            {
                Path = PortalPaths.ColumnIndex(code),
                Title = column.Name,
                Description = column.Description,
                Breadcrumbs = Crumbs(parent),
                Column = _columns[code],
                Parent = parent is null ? null : new LinkView(PortalPaths.ColumnIndex(parent.Code), parent.Name),
                Items = NewestVisible(code).Take(PortalPaths.PageSize).Select(Row).ToList(),
                Pages = pages,
                Oldest = oldest,
                PageCount = pageCount,
                Total = _snapshot.ShownInColumn(code),
            };
        }

        private List<LinkView> Crumbs(Column? parent)
        {
            var crumbs = new List<LinkView> { new(PortalPaths.Home, "首页") };
            if (parent is not null) crumbs.Add(new LinkView(PortalPaths.ColumnIndex(parent.Code), parent.Name));
            return crumbs;
        }

        private ColumnPageView ColumnPage(string code, int number)
        {
            var column = _snapshot.Settings.FindColumn(code)!;
            var slots = _snapshot.ColumnSlots[code];
            var pageCount = PageCount(slots.Count);
            var from = (number - 1) * PortalPaths.PageSize;
            var to = Math.Min(number * PortalPaths.PageSize, slots.Count);
            var items = new List<ItemRowView>(PortalPaths.PageSize);
            for (var i = to - 1; i >= from; i--)
            {
                if (_snapshot.PublishedById.ContainsKey(slots[i].Id)) items.Add(Row(slots[i]));
            }
            var crumbs = Crumbs(_snapshot.Settings.FindColumn(column.ParentCode));
            crumbs.Add(new LinkView(PortalPaths.ColumnIndex(code), column.Name));
            return new ColumnPageView
            {
                Path = PortalPaths.ColumnPage(code, number),
                Title = $"{column.Name}（第{number}页）",
                Breadcrumbs = crumbs,
                Column = _columns[code],
                PageNumber = number,
                Items = items,
                // No page count: a page opened later would change every older page.
                Current = new LinkView(PortalPaths.ColumnPage(code, number), $"第{number}页"),
                Newer = number < pageCount ? new LinkView(PortalPaths.ColumnPage(code, number + 1), $"较新一页（第{number + 1}页）") : null,
                Older = number > 1 ? new LinkView(PortalPaths.ColumnPage(code, number - 1), $"较早一页（第{number - 1}页）") : null,
            };
        }

        private CatalogueOverviewPageView CatalogueOverview()
        {
            var rows = OrderedColumns(_snapshot.Settings).Select(c => new CatalogueColumnRowView(_columns[c.Code], _snapshot.ShownInColumn(c.Code),
                NewestVisible(c.Code).FirstOrDefault() is { } newest ? Date(newest.PublishedOn) : "—")).ToList();
            var years = CatalogueYears(_snapshot).Reverse().Select(y => new CatalogueYearView(
                PortalPaths.YearCatalogue(y), y.ToString(CultureInfo.InvariantCulture), _snapshot.ShownInYear(y))).ToList();
            return new CatalogueOverviewPageView
            {
                Path = PortalPaths.Catalogue,
                Title = "政府信息公开目录",
                Section = PortalPaths.Catalogue,
                Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
                Rows = rows,
                Years = years,
            };
        }

        private SiteMapPageView SiteMap()
        {
            var settings = _snapshot.Settings;
            SiteMapColumnView Entry(Column column) => new(_columns[column.Code], column.Basis,
                settings.Columns.Where(c => c.ParentCode == column.Code).Select(Entry).ToList());
            return new SiteMapPageView
            {
                Path = PortalPaths.SiteMap,
                Title = "网站地图",
                Section = PortalPaths.SiteMap,
                Description = settings.Agency.Name + "政府信息公开平台网站地图：全部栏目和页面。",
                Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
                Pages =
                [
                    new LinkView(PortalPaths.Home, "首页"),
                    new LinkView(PortalPaths.Guide, "政府信息公开指南"),
                    new LinkView(PortalPaths.Rules, "政府信息公开制度"),
                    new LinkView(PortalPaths.Catalogue, "政府信息公开目录"),
                    new LinkView(PortalPaths.Guide + "#apply", "依申请公开"),
                    new LinkView(PortalPaths.Search, "站内检索"),
                ],
                Columns = settings.Columns.Where(c => c.ParentCode is null || settings.FindColumn(c.ParentCode) is null).Select(Entry).ToList(),
                Years = CatalogueYears(_snapshot).Reverse().Select(y => new CatalogueYearView(
                    PortalPaths.YearCatalogue(y), y.ToString(CultureInfo.InvariantCulture), _snapshot.ShownInYear(y))).ToList(),
                AllFeedHref = SiteUrls.AllFeed,
            };
        }

        /// <summary>
        /// A 目录 index, at the address every link and bookmark had before the 目录 was paged: every page of the 目录,
        /// newest first, each older page with its dates. It lists no rows, and nothing on it changes when an item joins the
        /// newest page or leaves any page (no count, no date range of the newest page): a new item writes the newest page
        /// alone, and the index only when it opens a page (issue 19: at 100,000 items the index of a column's 180 pages
        /// was 23.9 KB, written for every new item). The 目录 overview gives the counts.
        /// </summary>
        private CatalogueTablePageView CatalogueIndex(CataloguePaging paging)
        {
            var slots = paging.Slots;
            var pageCount = CataloguePageCount(slots.Count);
            var pages = new List<PageLinkView>(pageCount);
            for (var n = pageCount; n >= 1; n--)
                pages.Add(new PageLinkView(paging.PageHref(n), $"第{n}页", n == pageCount ? "最新，随新发布的信息更新" : CatalogueRange(slots, n), false));
            return new CatalogueTablePageView
            {
                Path = paging.IndexHref,
                Title = paging.Title,
                Section = PortalPaths.Catalogue,
                Breadcrumbs = [new LinkView(PortalPaths.Home, "首页"), new LinkView(PortalPaths.Catalogue, "政府信息公开目录")],
                Caption = pageCount == 0
                    ? $"{paging.Name}暂无信息。"
                    : $"{paging.Name}分{pageCount}页，每页最多{PortalPaths.CataloguePageSize}条；第1页最早，各页内按发布日期从新到旧排列。",
                Items = [],
                Related = paging.Related,
                Pages = pages,
                Newest = pageCount == 0 ? null : new LinkView(paging.PageHref(pageCount), $"查看最新一页（第{pageCount}页）"),
            };
        }

        /// <summary>
        /// One page of a 目录: its slots only, newest first. Nothing on it depends on later items except its link to the
        /// next page, so adding an item leaves every page but the newest byte-identical.
        /// </summary>
        private CatalogueTablePageView CataloguePage(CataloguePaging paging, int number)
        {
            var slots = paging.Slots;
            var pageCount = CataloguePageCount(slots.Count);
            if (number < 1 || number > pageCount) throw new ArgumentOutOfRangeException(nameof(number), $"目录第{number}页不存在");
            return new CatalogueTablePageView
            {
                Path = paging.PageHref(number),
                Title = $"{paging.Title}（第{number}页）",
                Section = PortalPaths.Catalogue,
                Breadcrumbs = [new LinkView(PortalPaths.Home, "首页"), new LinkView(PortalPaths.Catalogue, "政府信息公开目录"), new LinkView(paging.IndexHref, paging.Title)],
                Caption = $"{paging.Name}第{number}页：{CatalogueRange(slots, number)}（按发布日期从新到旧排列）",
                Items = CataloguePageRows(slots, number),
                EmptyText = "本页信息均已撤回或不再公开。",
                Related = paging.Related,
                Pager = new CataloguePagerView(
                    number > 1 ? new LinkView(paging.PageHref(number - 1), $"上一页（第{number - 1}页，较早）") : null,
                    new LinkView(paging.PageHref(number), $"第{number}页"),
                    number < pageCount ? new LinkView(paging.PageHref(number + 1), $"下一页（第{number + 1}页，较新）") : null,
                    new LinkView(paging.IndexHref, "全部页面")),
            };
        }

        /// <summary>The visible items of page <paramref name="number"/>'s slots, newest first; none for page 0.</summary>
        private List<ItemRowView> CataloguePageRows(IReadOnlyList<DisclosureItem> slots, int number)
        {
            var rows = new List<ItemRowView>(PortalPaths.CataloguePageSize);
            if (number < 1) return rows;
            var from = (number - 1) * PortalPaths.CataloguePageSize;
            var to = Math.Min(number * PortalPaths.CataloguePageSize, slots.Count);
            for (var i = to - 1; i >= from; i--)
            {
                if (_snapshot.PublishedById.ContainsKey(slots[i].Id)) rows.Add(Row(slots[i]));
            }
            return rows;
        }

        /// <summary>The 发布日期 of a page's oldest and newest slot (hidden ones included, so the range never moves).</summary>
        private static string CatalogueRange(IReadOnlyList<DisclosureItem> slots, int number)
        {
            var first = Date(slots[(number - 1) * PortalPaths.CataloguePageSize].PublishedOn);
            var last = Date(slots[Math.Min(number * PortalPaths.CataloguePageSize, slots.Count) - 1].PublishedOn);
            return first == last ? first : first + " 至 " + last;
        }

        private CataloguePaging ColumnPaging(string code)
        {
            var column = _snapshot.Settings.FindColumn(code)!;
            return new CataloguePaging(_snapshot.ColumnSlots[code], $"政府信息公开目录：{column.Name}", $"{column.Name}栏目政府信息公开目录",
                PortalPaths.ColumnCatalogue(code), n => PortalPaths.ColumnCataloguePage(code, n),
                [new LinkView(PortalPaths.ColumnIndex(code), $"按页浏览{column.Name}栏目")]);
        }

        private CataloguePaging YearPaging(int year) =>
            new(_snapshot.SlotsOfYear(year), $"政府信息公开目录：{year}年", $"{year}年发布的政府信息公开目录",
                PortalPaths.YearCatalogue(year), n => PortalPaths.YearCataloguePage(year, n), []);

        private CatalogueTablePageView ColumnCatalogue(string code) => CatalogueIndex(ColumnPaging(code));

        private CatalogueTablePageView ColumnCataloguePage(string code, int number) => CataloguePage(ColumnPaging(code), number);

        private CatalogueTablePageView YearCatalogue(int year) => CatalogueIndex(YearPaging(year));

        private CatalogueTablePageView YearCataloguePage(int year, int number) => CataloguePage(YearPaging(year), number);

        /// <summary>What a column's and a year's 目录 differ in: their slots, names and addresses.</summary>
        private sealed record CataloguePaging(IReadOnlyList<DisclosureItem> Slots, string Title, string Name, string IndexHref,
            Func<int, string> PageHref, IReadOnlyList<LinkView> Related);

        private (string Template, PageView Page) ItemOrNotice(string id)
        {
            if (_snapshot.PublishedById.TryGetValue(id, out var item)) return ("item", Item(item));
            if (_snapshot.WithdrawnById.TryGetValue(id, out var withdrawn))
            {
                // The notice names neither title nor column: an item is often withdrawn because something in it should
                // not have been public, and the title may be part of that.
                var index = withdrawn.IndexNumber.ToString();
                return ("withdrawn", new WithdrawnPageView
                {
                    Path = PortalPaths.Item(id),
                    Title = "该信息已撤回",
                    NoIndex = true,
                    Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
                    IndexNumber = index,
                    Notice = $"索引号为 {index} 的政府信息已撤回，不再公开。",
                });
            }
            if (_snapshot.ExpiredById.TryGetValue(id, out var expired))
            {
                // The same notice page with another reason. The item was lawfully public for its whole period, so its
                // 索引号 and title stay: someone following an old link learns what it was and why it is gone.
                return ("withdrawn", new WithdrawnPageView
                {
                    Path = PortalPaths.Item(id),
                    Title = "该信息公开时限已届满",
                    NoIndex = true,
                    Breadcrumbs = [new LinkView(PortalPaths.Home, "首页")],
                    IndexNumber = expired.IndexNumber.ToString(),
                    ItemTitle = expired.Title,
                    Notice = expired.PublicUntil is { } until
                        ? $"本信息公开时限已于 {until.Year}年{until.Month}月{until.Day}日届满，不再公开。"
                        : "本信息公开时限已届满，不再公开。",
                });
            }
            throw new ArgumentException($"信息 {id} 不在快照中", nameof(id));
        }

        private ItemPageView Item(DisclosureItem item)
        {
            var validity = EffectiveValidity(item, out var replacements);
            var column = _snapshot.Settings.FindColumn(item.ColumnCode);
            var crumbs = Crumbs(column is null ? null : _snapshot.Settings.FindColumn(column.ParentCode));
            if (column is not null) crumbs.Add(new LinkView(PortalPaths.ColumnIndex(column.Code), column.Name));

            LinkView? related = null;
            if (item.RelatedItemId is not null && _snapshot.PublishedById.TryGetValue(item.RelatedItemId, out var target))
                related = new LinkView(PortalPaths.Item(target), target.Title);

            return new ItemPageView
            {
                Path = PortalPaths.Item(item),
                Title = item.Title,
                Description = item.Summary,
                Breadcrumbs = crumbs,
                Item = Row(item),
                ColumnHref = column is null ? PortalPaths.Catalogue : PortalPaths.ColumnIndex(column.Code),
                Genre = item.Genre,
                Keywords = string.Join("　", item.Keywords),
                Body = new SanitizedBodyHtml(BodyHtml(item)),
                Attachments = item.Attachments.Select(a => new AttachmentView(
                    PortalPaths.Attachment(a), a.FileName, AttachmentType(a), AttachmentSize(a.Length))).ToList(),
                Interprets = item.Relation == Relation.Interprets ? related : null,
                Interpretations = _snapshot.ReferencesTo(item.Id).Where(r => r.Relation == Relation.Interprets)
                    .Select(r => new LinkView(PortalPaths.Item(r), r.Title)).ToList(),
                Supersedes = item.Relation is Relation.Amends or Relation.Repeals ? related : null,
                SupersedesVerb = item.Relation == Relation.Amends ? "本文件修订了" : item.Relation == Relation.Repeals ? "本文件废止了" : "",
                SupersededNotice = validity switch
                {
                    Validity.Repealed => "本文件已废止，不再执行。",
                    Validity.Amended => "本文件已修订，请以修订后的文件为准。",
                    Validity.Expired => "本文件已失效。",
                    _ => "",
                },
                Replacements = replacements.Select(r => new LinkView(PortalPaths.Item(r), r.Title)).ToList(),
                PublicUntil = Date(item.PublicUntil),
                EffectiveFrom = Date(item.EffectiveFrom),
                ValidUntil = Date(item.ValidUntil),
            };
        }

        private string BodyHtml(DisclosureItem item)
        {
            var body = _snapshot.BodyOf(item) ?? "";
            // Sanitized HTML is written as is, so the control characters the encoder drops elsewhere are dropped here.
            if (item.BodyFormat == BodyFormat.Html) return ControlCharacters.Drop(body);
            // Plain text is data, not markup: encode it and keep its paragraphs.
            var html = new StringBuilder(body.Length + 64);
            foreach (var line in body.Split('\n'))
            {
                var text = line.Trim();
                if (text.Length == 0) continue;
                html.Append("<p>").Append(PortalTemplates.Encoder.Encode(text)).Append("</p>\n");
            }
            return html.ToString();
        }

        private static string AttachmentType(Attachment attachment)
        {
            var extension = Path.GetExtension(attachment.FileName).TrimStart('.').ToLowerInvariant();
            return extension switch
            {
                "pdf" => "PDF",
                "doc" or "docx" => "Word",
                "xls" or "xlsx" => "Excel",
                "ppt" or "pptx" => "PowerPoint",
                "wps" => "WPS",
                "ofd" => "OFD",
                "zip" or "rar" or "7z" => "压缩包",
                "jpg" or "jpeg" or "png" or "gif" => "图片",
                "txt" => "文本",
                "" => "文件",
                _ => extension.ToUpperInvariant(),
            };
        }

        private static string AttachmentSize(long bytes) => bytes switch
        {
            < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} 字节"),
            < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
        };
    }
}

/// <summary>
/// A part of the sitemap's listing pages (<see cref="PortalRenderer.ListingParts"/>): its name, the page counts its pages
/// follow from (two parts of one name and shape list the same pages), and its pages, made when asked for.
/// </summary>
internal sealed record ListingPart(string Name, string Shape, Func<IEnumerable<string>> Pages);
