using Disclosure.Items;

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
    /// <summary>States whose items can make the site differ from the manifest's copies.</summary>
    private static readonly ItemState[] ChangingStates = [ItemState.ReadyToPublish, ItemState.Withdrawn];

    /// <summary>The run can be derived from the change: it is started for one, and the manifest has a current copy of everything the site shows.</summary>
    public static bool Applies(PublicationTrigger trigger, SiteManifest manifest, string fingerprint) =>
        trigger is PublicationTrigger.OnDemand or PublicationTrigger.Withdrawal
        && manifest.Fingerprint == fingerprint
        // A kept-out item's copy is of the page the site kept, not of the item to try again: the nightly run retries it.
        && manifest.Items.Values.All(entry => entry.Shown is not null && !entry.KeptOut);

    /// <summary>Every item, as the nightly run sees the record.</summary>
    public static async Task<Dictionary<string, DisclosureItem>> EveryItemAsync(IItemStore items, CancellationToken ct)
    {
        var current = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        await foreach (var item in items.ListAsync(new ItemQuery(), ct)) current[item.Id] = item;
        return current;
    }

    /// <summary>
    /// The manifest's copies, with the items 待发布 and 已撤回 as the store has them now. A copy goes through the plan
    /// as the item it was taken from would (it is that item's public copy), so an unchanged item plans no change; and a
    /// 公开时限 or 有效期 that ended since is still derived from today's date.
    /// </summary>
    public static async Task<Dictionary<string, DisclosureItem>> CurrentAsync(IItemStore items, SiteManifest manifest, CancellationToken ct)
    {
        var current = new Dictionary<string, DisclosureItem>(manifest.Items.Count + 16, StringComparer.Ordinal);
        foreach (var (id, entry) in manifest.Items) current[id] = entry.Shown!;
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in ChangingStates)
        {
            await foreach (var item in items.ListAsync(new ItemQuery(State: state), ct))
            {
                current[item.Id] = item;
                read.Add(item.Id);
            }
        }
        // Recorded 已发布 by a run that stopped before its manifest: no longer 待发布, and perhaps not on the site yet.
        foreach (var id in manifest.Pending.Where(id => !read.Contains(id)))
        {
            if (await items.GetAsync(id, ct) is { } stored) current[id] = stored.Item;
        }
        return current;
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

    /// <summary>The items named pending that are still 待发布 after the run (not recordable yet): the next run need not name them again.</summary>
    public static List<string> StillPending(IReadOnlySet<string> noted, IReadOnlyDictionary<string, DisclosureItem> current) =>
        noted.Where(id => current.TryGetValue(id, out var item) && item.State == ItemState.ReadyToPublish).Order(StringComparer.Ordinal).ToList();
}
