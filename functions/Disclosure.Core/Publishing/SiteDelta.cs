using Disclosure.Items;
using Disclosure.Work;

namespace Disclosure.Publishing;

/// <summary>
/// Which items a publication reads (issue 19). Only two states change what the site is to show between runs: 待发布
/// (a first publication, a correction, a 废止 or 修订 that names an older item) and 已撤回. A run started for a change
/// (立即发布, an approved withdrawal) therefore reads those items and takes every other item from the copy the manifest
/// keeps of what the site shows (<see cref="SiteItemEntry.Shown"/>); the plan, the pages, the feeds and the search entries
/// then follow from the change as in any run, and the bodies read are those of the pages rendered again. Its store reads
/// grow with the changes (and the items ever withdrawn), not with the catalogue.
/// <para>The nightly run reads every item: it is the reconciler, and it alone catches what changed outside those states
/// (an item whose copy is missing or stale, one kept out by an earlier run). A manifest written before copies were kept,
/// or for other templates, makes any run a full one, and the run after it keeps the copies.</para>
/// </summary>
internal static class SiteDelta
{
    /// <summary>
    /// The run can be derived from the change: it is started for one, and the manifest has a current copy of everything the
    /// site shows (<paramref name="copiesKnown"/>: this host's last run stored it so, and it need not be checked again).
    /// </summary>
    public static bool Applies(PublicationTrigger trigger, SiteManifest manifest, string fingerprint, bool copiesKnown = false) =>
        trigger is PublicationTrigger.OnDemand or PublicationTrigger.Withdrawal
        && manifest.Fingerprint == fingerprint
        && (copiesKnown || HasCopies(manifest));

    /// <summary>
    /// Every entry has a copy of what its page shows (a pass over them all). A kept-out item's copy is of the page the site
    /// kept, not of the item to try again: the nightly run retries it.
    /// </summary>
    public static bool HasCopies(SiteManifest manifest) => manifest.Items.Values.All(entry => entry.Shown is not null && !entry.KeptOut);

    /// <summary>Every item, as the nightly run sees the record.</summary>
    public static async Task<(IReadOnlyDictionary<string, DisclosureItem> Current, Dictionary<string, DisclosureItem> Read)> EveryItemAsync(IItemStore items, CancellationToken ct)
    {
        var current = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        await foreach (var item in items.ListAsync(new ItemQuery(), ct)) current[item.Id] = item;
        // Every item is read from the store: Read is Current, until the run records anything into it.
        return (current, current);
    }

    /// <summary>
    /// The manifest's copies, with the items 待发布 and 已撤回 as the store has them now: those the publication inbox
    /// noted, when the run read them by id (no query over every item), else every item in those states. A copy goes through
    /// the plan as the item it was taken from would (it is that item's public copy), so an unchanged item plans no change;
    /// and a 公开时限 or 有效期 that ended since is still derived from today's date. <c>Read</c>: the items among them read
    /// from the store (not copies), as read; what the run records goes into it. <c>Current</c> reads through it to the
    /// manifest's copies (no copy of 100,000 entries).
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, DisclosureItem> Current, Dictionary<string, DisclosureItem> Read)> CurrentAsync(
        IItemStore items, NotedItems noted, SiteManifest manifest, CancellationToken ct)
    {
        var read = new Dictionary<string, DisclosureItem>(noted.ById ?? new Dictionary<string, DisclosureItem>(), StringComparer.Ordinal);
        if (noted.ById is null)
        {
            foreach (var state in PublicationNote.States)
                await foreach (var item in items.ListAsync(new ItemQuery(State: state), ct)) read[item.Id] = item;
        }
        // Recorded 已发布 by a run that stopped before its manifest: no longer 待发布, and perhaps not on the site yet.
        foreach (var id in manifest.Pending.Where(id => !read.ContainsKey(id)))
        {
            if (await items.GetAsync(id, ct) is { } stored) read[id] = stored.Item;
        }
        return (new Overlay<SiteItemEntry, DisclosureItem>(read, read.ContainsKey, manifest.Items, entry => entry.Shown!), read);
    }

    /// <summary>
    /// The items a run for a change plans when its manifest is the one the host's last run stored: those it read, and
    /// those on the site whose page the date changes today (<see cref="DatedViews.Due"/>), as <paramref name="current"/> has them.
    /// </summary>
    public static Dictionary<string, DisclosureItem> Candidates(IReadOnlyDictionary<string, DisclosureItem> read, IEnumerable<string> due,
        IReadOnlyDictionary<string, DisclosureItem> current)
    {
        var candidates = new Dictionary<string, DisclosureItem>(read, StringComparer.Ordinal);
        foreach (var id in due) candidates.TryAdd(id, current[id]);
        return candidates;
    }

    /// <summary>
    /// Before a run records 已发布, the manifest names the items it is about to record (<see cref="SiteManifest.Pending"/>),
    /// so that the next run finds them whichever way it reads if this one stops after recording and before its manifest.
    /// Returns the manifest as now stored (the run writes its own over this one), the blobs written (0 when no item is
    /// 待发布 or the manifest names them all already; only the manifest's small root changes) and the items named.
    /// </summary>
    public static async Task<(SiteManifest Manifest, int Written, IReadOnlySet<string> Noted)> NotePendingAsync(ISiteStore site,
        SiteManifest manifest, IEnumerable<DisclosureItem> current, CancellationToken ct)
    {
        var noted = manifest.Pending.ToHashSet(StringComparer.Ordinal);
        var ready = current.Where(i => i.State == ItemState.ReadyToPublish && !noted.Contains(i.Id)).Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        if (ready.Count == 0) return (manifest, 0, noted);
        noted.UnionWith(ready);
        // Only the root's list changes: the store need not regroup any part.
        var stored = await site.WriteManifestAsync(manifest with { Pending = [.. manifest.Pending, .. ready], Changes = ManifestChanges.None }, ct);
        return (stored.Manifest, stored.BlobsWritten, noted);
    }

    /// <summary>
    /// Whether a run for a change reads the noted items by id (one request each, 8 at a time) rather than asking the store
    /// for the items in those states (on Azure Tables a scan: about one request per 1,000 rows for each of the two states).
    /// Only complete notes can stand for the query; past one note per 100 items on the site (64 at least) the scan costs
    /// fewer round trips — after an import that made thousands of items 待发布 at once, say.
    /// </summary>
    public static bool ReadsNotedById(PublicationNotes listed, SiteManifest manifest) =>
        listed.Complete && listed.Notes.Count <= Math.Max(64, manifest.Items.Count / 100);

    /// <summary>
    /// The noted items as the store has them now, read by id before the run reads anything else (when <paramref name="byId"/>;
    /// otherwise the run lists the items and <see cref="NotedItems.Uncommitted"/> judges the notes by what it listed).
    /// A note whose item is still at the ETag the noted change replaces is of a change not committed yet, which this run
    /// does not see and must leave noted.
    /// </summary>
    public static async Task<NotedItems> ReadNotedAsync(PublicationNotes listed, IItemStore items, bool byId, CancellationToken ct)
    {
        if (!byId) return new NotedItems(listed, null, null);
        var notes = listed.Notes.DistinctBy(n => n.ItemId, StringComparer.Ordinal).ToList();
        var stored = await ConcurrentReads.InOrderAsync(notes, 8, (note, token) => items.GetAsync(note.ItemId, token), ct);
        var read = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        var uncommitted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < notes.Count; i++)
        {
            if (notes[i].Uncommitted(stored[i])) uncommitted.Add(notes[i].ItemId);
            if (stored[i] is { } found) read[found.Item.Id] = found.Item;
        }
        return new NotedItems(listed, read, uncommitted);
    }

    /// <summary>How long a note may stay uncommitted before a run that read every item drops it as a change that failed.</summary>
    internal static readonly TimeSpan AbandonedNoteAge = TimeSpan.FromHours(1);

    /// <summary>
    /// After the run's manifest is stored, the notes it handled go: those whose change it saw committed, unless the item
    /// is still 待发布 (it keeps its note for the next run). A note of a change not committed when the run read the item
    /// stays; a run that read every item drops it once it is older than <see cref="AbandonedNoteAge"/> (the change failed or
    /// its process stopped, or the item moved on from the noted state unseen; that run saw everything committed). A run
    /// that read every item also notes the items still 待发布 and says the notes are complete.
    /// </summary>
    /// <param name="uncommitted">The notes' items whose noted change the run did not see (<see cref="NotedItems.Uncommitted"/>, taken as the run read them).</param>
    public static async Task SettleNotesAsync(IPublicationInbox inbox, PublicationNotes listed, IReadOnlySet<string> uncommitted, bool readEveryItem,
        IReadOnlyDictionary<string, DisclosureItem> current, DateTimeOffset now, CancellationToken ct)
    {
        bool Handled(PublicationNote note) => uncommitted.Contains(note.ItemId)
            ? readEveryItem && now - note.NotedAt > AbandonedNoteAge
            : !(current.TryGetValue(note.ItemId, out var item) && item.State == ItemState.ReadyToPublish);
        await inbox.RemoveNotesAsync(listed.Notes.Where(Handled), ct);
        if (readEveryItem) await inbox.MarkNotesCompleteAsync(current.Values.Where(i => i.State == ItemState.ReadyToPublish), ct);
    }

    /// <summary>The items named pending that are still 待发布 after the run (not recordable yet): the next run need not name them again.</summary>
    public static List<string> StillPending(IReadOnlySet<string> noted, IReadOnlyDictionary<string, DisclosureItem> current) =>
        noted.Where(id => current.TryGetValue(id, out var item) && item.State == ItemState.ReadyToPublish).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The inbox's notes as a run listed them and, when it read them by id, their items as it then read them (<see cref="ById"/>)
/// and the ids whose noted change was not committed yet.
/// </summary>
internal sealed record NotedItems(PublicationNotes Listed, IReadOnlyDictionary<string, DisclosureItem>? ById, IReadOnlySet<string>? UncommittedById)
{
    /// <summary>
    /// The notes' items whose noted change the run did not see. Read by id: those still at the ETag the change replaces.
    /// Listed (by state, or every item): those it did not read from the store in 待发布 or 已撤回 (<paramref name="read"/>:
    /// what it read, before it records anything; the manifest's copies do not count, a copy of a withdrawn item says
    /// 已撤回 too), which keeps also the note of an item that moved on unseen, until a nightly run drops it.
    /// </summary>
    public IReadOnlySet<string> Uncommitted(IReadOnlyDictionary<string, DisclosureItem> read) =>
        UncommittedById ?? Listed.Notes
            .Where(n => !(read.TryGetValue(n.ItemId, out var item) && PublicationNote.States.Contains(item.State)))
            .Select(n => n.ItemId).ToHashSet(StringComparer.Ordinal);
}
