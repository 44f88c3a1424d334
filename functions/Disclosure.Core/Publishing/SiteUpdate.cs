using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Publishing.Feeds;
using Disclosure.Publishing.Search;

namespace Disclosure.Publishing;

/// <summary>
/// Writes one publication's difference to the site. <see cref="PublicationService.PublishAsync"/> calls the steps in
/// the order that keeps the public site consistent if a run stops part-way: nothing links to a file not written yet,
/// and nothing is deleted while a page still links to it. Only changed blobs are written (see <see cref="SiteWriter"/>).
/// </summary>
internal sealed class SiteUpdate(ISiteStore site, IContentStore content, CatalogueSettings catalogue, SiteManifest manifest, SitePlan plan,
    IComplianceRecords? checks = null)
{
    private readonly SiteWriter _writer = new(site, manifest.Files);
    private readonly Layered<SiteItemEntry> _entries = new(manifest.Items);
    // The ids of _entries set or removed: the manifest's store regroups only their parts.
    private readonly HashSet<string> _changedEntries = new(StringComparer.Ordinal);
    private readonly List<string> _obsoleteFiles = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _newFiles = new(StringComparer.Ordinal);

    public int Deleted => _writer.Deleted;

    /// <summary>
    /// The attachments of what is newly on the site (all of them on a full render), and the manifest entries that list
    /// them; the files of withdrawn and expired items and of replaced versions are noted for deletion. Each item is behind
    /// its own bulkhead: one whose attachment cannot be copied keeps what the site shows of it (its entry, its files) and
    /// is returned, to be kept out of this run's pages; the files it got this time are removed again.
    /// </summary>
    /// <param name="fromTheChange">
    /// A run for a change: its unchanged items are the manifest's copies, so their entries and files stay as they are and
    /// only the changes are looked at (the nightly run looks at every item: a copy may have moved on without a change).
    /// </param>
    public async Task<IReadOnlySet<string>> WriteAttachmentsAsync(bool full, bool fromTheChange, PublicationFaults faults, CancellationToken ct)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in fromTheChange && !full ? plan.Changes.Select(c => c.View) : plan.Desired.Values)
        {
            manifest.Items.TryGetValue(view.Item.Id, out var before);
            var files = view.OffSite ? [] : view.Item.Attachments.Select(a => PortalPaths.FilePath(PortalPaths.Attachment(a))).ToList();
            if (!view.OffSite && (full || before is null || before.Version != view.Item.Version || before.OffSite))
            {
                try
                {
                    foreach (var attachment in view.Item.Attachments) await _writer.PutAttachmentAsync(content, view.Item.Id, attachment, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    faults.Fault(view.Item, PublicationFaultTexts.Attachments + e.Message);
                    failed.Add(view.Item.Id);
                    KeepAsBefore(view.Item.Id, before);
                    await DeleteNewFilesAsync(files, before, ct);
                    continue;
                }
            }
            _newFiles[view.Item.Id] = files;
            if (before is not null) _obsoleteFiles.AddRange(before.Files.Except(files, StringComparer.Ordinal));
            var entry = new SiteItemEntry(view.Item.Version, view.Withdrawn, view.Item.PublishedOn, files, view.Expired,
                ValidityLapsed: view.ValidityLapsed, Shown: view.Item);
            // The entry read stays when nothing in it changed: the manifest's store then knows its part unchanged without writing it.
            if (before is null || !Same(before, entry)) SetEntry(view.Item.Id, entry);
            else if (!_entries.TryGetValue(view.Item.Id, out var now) || !ReferenceEquals(now, before)) SetEntry(view.Item.Id, before);
        }
        return failed;
    }

    /// <summary>
    /// Items whose page could not be rendered: the site keeps showing what it showed (the manifest entry, its files), the
    /// next run tries them again (see <see cref="SiteItemEntry.KeptOut"/>), and the attachments copied for them are removed again.
    /// </summary>
    public async Task KeepAsBeforeAsync(IEnumerable<string> itemIds, CancellationToken ct)
    {
        foreach (var id in itemIds)
        {
            if (!_newFiles.Remove(id, out var files)) continue;
            manifest.Items.TryGetValue(id, out var before);
            KeepAsBefore(id, before);
            if (before is not null) _obsoleteFiles.RemoveAll(before.Files.Contains);
            await DeleteNewFilesAsync(files, before, ct);
        }
    }

    /// <summary>The entry the site had, marked so the next run tries the item again; none for an item new on the site.</summary>
    private void KeepAsBefore(string id, SiteItemEntry? before)
    {
        if (before is null)
        {
            if (_entries.Remove(id)) _changedEntries.Add(id);
        }
        else SetEntry(id, before with { KeptOut = true });
    }

    private void SetEntry(string id, SiteItemEntry entry)
    {
        _entries[id] = entry;
        _changedEntries.Add(id);
    }

    /// <summary>The files this version has and the site did not, which no page is to link to now.</summary>
    private async Task DeleteNewFilesAsync(IEnumerable<string> files, SiteItemEntry? before, CancellationToken ct)
    {
        foreach (var path in files.Except(before?.Files ?? [], StringComparer.Ordinal)) await _writer.DeleteAsync(path, ct);
    }

    /// <summary>Item pages and assets first, then the search script, then the pages that link to them (lists, 目录, home).</summary>
    public async Task WritePagesAsync(IReadOnlyList<SiteFile> pages, CancellationToken ct)
    {
        static bool FirstWave(SiteFile f) => f.Path.StartsWith("items/", StringComparison.Ordinal) || f.Path.StartsWith("assets/", StringComparison.Ordinal);
        foreach (var file in pages.Where(FirstWave)) await _writer.PutAsync(file, ct);
        _writer.Put(SearchAssets.Script());
        await _writer.FlushAsync(ct);
        foreach (var file in pages.Where(f => !FirstWave(f))) await _writer.PutAsync(file, ct);
    }

    /// <summary>
    /// The paged list and 目录 pages past a column's or year's new last page, for deletion with the other obsolete files:
    /// the pages that linked to them were written again first (<see cref="WritePagesAsync"/>).
    /// </summary>
    public void NotePagesGone(PortalSnapshot snapshot) =>
        _obsoleteFiles.AddRange(PortalRenderer.PagesGone(snapshot, _writer.Files.ContainsKey));

    /// <summary>
    /// The new and corrected items in, the withdrawn and expired ones out; an item whose body was lost keeps its entry, as
    /// does one kept out of this run. An item whose entry cannot be made is left out of the index and named.
    /// </summary>
    public async Task UpdateSearchIndexAsync(IReadOnlySet<string> lost, IReadOnlySet<string> keptOut, ItemBodies bodies,
        PublicationFaults faults, CancellationToken ct)
    {
        var upserts = new List<SearchDocument>();
        var removals = new List<string>();
        // An index of an earlier format is replaced, once, by one of every item the site shows.
        var earlierFormat = await SearchIndexWriter.NeedsEveryItemAsync(site, ct);
        var views = earlierFormat
            ? plan.Desired.Values.Where(v => !v.OffSite).OrderBy(v => v.Item, PublicationOrder.Instance).ToList()
            : plan.Changes.Select(c => c.View).ToList();
        foreach (var view in views)
        {
            if (view.OffSite) removals.Add(view.Item.Id);
            else if (!lost.Contains(view.Item.Id) && !keptOut.Contains(view.Item.Id))
            {
                try
                {
                    var document = SearchDocument.From(view.Item, catalogue, await bodies.GetAsync(view.Item, ct), await AttachmentTextsAsync(view.Item, ct));
                    SearchIndexWriter.Check(document);
                    upserts.Add(document);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    faults.Fault(view.Item, PublicationFaultTexts.Search + e.Message);
                }
            }
        }
        if (upserts.Count > 0 || removals.Count > 0)
        {
            // Its meta pages and id buckets go first, so a run that stops after some shards finds the item already numbered
            // and replaces its postings instead of doubling them; its manifest goes last.
            var update = await new SearchIndexWriter(new SearchIndexOptions()).UpdateAsync(site, upserts, removals, ct);
            var ordered = update.Files.OrderBy(f => SearchIndexFormat.UploadRank(f.Path));
            foreach (var file in ordered) await _writer.PutAsync(file, ct);
            // The new index was written whole: the earlier format's files it did not write again are read by nothing now
            // (its pages of item ids, its positions per shard), and go with the other obsolete files before the manifest.
            if (earlierFormat)
            {
                var written = update.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
                _obsoleteFiles.AddRange(_writer.Files.Keys.Where(p => SearchIndexFormat.IsIndexFile(p) && !written.Contains(p)));
            }
        }
    }

    /// <summary>
    /// The text the compliance check extracted from the version's published attachments (kept in its check record), so a
    /// phrase that is only in an attached PDF is found. A version checked before the record kept texts has none.
    /// </summary>
    private async Task<IReadOnlyList<SearchAttachment>> AttachmentTextsAsync(DisclosureItem shown, CancellationToken ct)
    {
        if (checks is null || shown.Attachments.Count == 0) return [];
        var record = await checks.GetAsync(shown.Id, shown.PublishedVersion ?? shown.Version, ct);
        if (record is null) return [];
        var published = shown.Attachments.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        return [.. record.AttachmentTexts.Where(t => published.Contains(t.AttachmentId)).Select(t => new SearchAttachment(t.FileName, t.Text))];
    }

    /// <summary>
    /// Feeds and sitemaps of the items the snapshot shows that can be in them; the others are named (see <see cref="SiteFeeds"/>).
    /// <paramref name="fromTheChange"/>: a run for a change, whose unchanged items are the manifest's copies, so only the
    /// sitemap parts of the months of its changes and of the items it <paramref name="lookedAt"/> can differ; with
    /// <paramref name="known"/> (the sitemap of the run whose snapshot this one was made from) only those months are
    /// worked out. Returns what the sitemap now says.
    /// </summary>
    public async Task<SitemapState> WriteFeedsAndSitemapsAsync(PortalSnapshot snapshot, bool fromTheChange,
        IEnumerable<string> lookedAt, SitemapState? known, PublicationFaults faults, CancellationToken ct)
    {
        var months = fromTheChange ? ChangedMonths(lookedAt) : null;
        var (obsolete, now) = await new SiteFeeds(catalogue).WriteAsync(_writer, snapshot, months, known, faults, ct);
        _obsoleteFiles.AddRange(obsolete);
        return now;
    }

    /// <summary>
    /// The months (202603) of the 发布日期 of what the changes put on, moved on or took off the site, and of what the items
    /// <paramref name="lookedAt"/> show and showed (a copy read again may carry a later update).
    /// </summary>
    private HashSet<int> ChangedMonths(IEnumerable<string> lookedAt)
    {
        var days = new List<DateOnly>();
        foreach (var change in plan.Changes)
        {
            if (change.View.Item.PublishedOn is { } now) days.Add(now);
            if (change.Before?.PublishedOn is { } before) days.Add(before);
            if (change.Change.PreviousVersion?.PublishedOn is { } previous) days.Add(previous);
        }
        foreach (var id in lookedAt)
        {
            if (plan.Desired.TryGetValue(id, out var view) && view.Item.PublishedOn is { } now) days.Add(now);
            if (manifest.Items.TryGetValue(id, out var entry) && entry.PublishedOn is { } before) days.Add(before);
        }
        return SiteSyndication.MonthKeys(days);
    }

    /// <summary>
    /// Files of withdrawn and expired items and of replaced versions go only after no page links to them; called once the
    /// pages are written (so a withdrawal takes its attachments down whatever fails later) and again for sitemap parts.
    /// </summary>
    public async Task DeleteObsoleteFilesAsync(CancellationToken ct)
    {
        foreach (var path in _obsoleteFiles.Distinct(StringComparer.Ordinal).ToList()) await _writer.DeleteAsync(path, ct);
        _obsoleteFiles.Clear();
    }

    /// <summary>
    /// The manifest last: it is what the next run compares with. Its store writes only the parts that differ (none when
    /// nothing changed). Returns the manifest as stored and the blobs this update wrote, manifest included.
    /// <paramref name="pending"/>: the items still 待发布 that the manifest names (<see cref="SiteManifest.Pending"/>).
    /// </summary>
    public async Task<(SiteManifest Stored, int Written)> WriteManifestAsync(string fingerprint, List<string> pending, CancellationToken ct)
    {
        var next = new SiteManifest
        {
            Fingerprint = fingerprint, Files = _writer.Files, Items = _entries, Pending = pending, ETag = manifest.ETag,
            Changes = new ManifestChanges(_changedEntries, _writer.Changed),
        };
        var stored = await site.WriteManifestAsync(next, ct);
        return (stored.Manifest, _writer.Written + stored.BlobsWritten);
    }

    private static bool Same(SiteItemEntry a, SiteItemEntry b) =>
        a.Version == b.Version && a.Withdrawn == b.Withdrawn && a.Expired == b.Expired && a.KeptOut == b.KeptOut && a.PublishedOn == b.PublishedOn
        && a.ValidityLapsed == b.ValidityLapsed && a.Files.SequenceEqual(b.Files, StringComparer.Ordinal) && SameCopy(a.Shown, b.Shown);

    /// <summary>
    /// The copies differ in anything a page, feed or index entry may show (a feed entry's date is the item's last update,
    /// which can move without a new version): the next run for a change must read the copy the nightly run saw.
    /// Records compare their lists by reference, so the lists are compared item by item.
    /// </summary>
    private static bool SameCopy(DisclosureItem? a, DisclosureItem? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return a.Attachments.SequenceEqual(b.Attachments) && a.Keywords.SequenceEqual(b.Keywords, StringComparer.Ordinal)
            && a.ReviewSignatures.SequenceEqual(b.ReviewSignatures)
            && a with { Attachments = b.Attachments, Keywords = b.Keywords, ReviewSignatures = b.ReviewSignatures } == b;
    }
}
