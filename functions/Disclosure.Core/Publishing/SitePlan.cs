using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// An item as the site is to show it: its page, or a notice when it was withdrawn or its 公开时限 ended.
/// <see cref="ValidityLapsed"/>: its 有效期 has ended, so its page and its rows say 失效 (the page stays).
/// </summary>
internal sealed record ItemOnSite(DisclosureItem Item, bool Withdrawn, bool Expired = false, bool ValidityLapsed = false)
{
    public bool OffSite => Withdrawn || Expired;
}

/// <summary>
/// One item the site shows otherwise than its manifest says: <see cref="Before"/> is the manifest's entry (null when
/// the item is new on the site), <see cref="Change"/> carries the version shown before, so the pages it was on are rendered again.
/// </summary>
internal sealed record SiteChange(ItemOnSite View, PortalChange Change, SiteItemEntry? Before);

/// <summary>
/// What the site is to show, decided from the items' state, the manifest of what it shows and today's date alone:
/// no storage, no clock. Versions other than an item's current one come in <c>versions</c>, fetched beforehand for
/// the items <see cref="VersionsNeeded"/> names.
/// </summary>
internal sealed record SitePlan(IReadOnlyDictionary<string, ItemOnSite> Desired, IReadOnlyList<SiteChange> Changes)
{
    public IEnumerable<DisclosureItem> Published => Desired.Values.Where(v => !v.OffSite).Select(v => v.Item);
    public IEnumerable<DisclosureItem> Withdrawn => Desired.Values.Where(v => v.Withdrawn).Select(v => v.Item);
    public IEnumerable<DisclosureItem> Expired => Desired.Values.Where(v => v.Expired).Select(v => v.Item);

    /// <summary>
    /// Where the snapshot of this plan puts the items it changes, those <paramref name="read"/> from the store (their
    /// copies are new objects even when nothing changed) and those <paramref name="keptOut"/>: what the snapshot made
    /// from every item gives them (<see cref="PortalSnapshot.With"/>). A kept-out item keeps its slot only if the site
    /// shows it already (<see cref="HasSlot"/>).
    /// </summary>
    public List<SnapshotChange> SnapshotChanges(IEnumerable<string> read, IReadOnlySet<string> keptOut, SiteManifest manifest)
    {
        var changes = new List<SnapshotChange>();
        foreach (var id in Changes.Select(c => c.View.Item.Id).Concat(read).Concat(keptOut).Distinct(StringComparer.Ordinal))
        {
            var place = !Desired.TryGetValue(id, out var view) ? SnapshotPlace.None
                : view.Withdrawn ? SnapshotPlace.Withdrawn
                : view.Expired ? SnapshotPlace.Expired
                : !keptOut.Contains(id) ? SnapshotPlace.Published
                : HasSlot(manifest, id) ? SnapshotPlace.KeptOut
                : SnapshotPlace.None;
            changes.Add(new SnapshotChange(id, place == SnapshotPlace.None ? null : view!.Item, place));
        }
        return changes;
    }

    /// <summary>The site shows the item (not a notice): kept out of a run, it keeps its slot. An item new on the site has none to keep.</summary>
    public static bool HasSlot(SiteManifest manifest, string itemId) =>
        manifest.Items.TryGetValue(itemId, out var shown) && !shown.OffSite;

    /// <summary>
    /// The items whose stored versions <see cref="Decide"/> needs: those that show a version other than their current one
    /// (a correction or withdrawal request under review), and those whose page moves on from the version the site shows.
    /// </summary>
    public static IReadOnlySet<string> VersionsNeeded(IEnumerable<DisclosureItem> current, SiteManifest manifest)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in current)
        {
            if (item.PublishedVersion is not { } version || item.PublishedOn is null) continue;
            if (version != item.Version
                || (manifest.Items.TryGetValue(item.Id, out var before) && !before.OffSite && before.Version != version))
                needed.Add(item.Id);
        }
        return needed;
    }

    /// <param name="current">Every item the store lists, as it is now (after this run recorded its publications).</param>
    /// <param name="versions">Item id → its stored versions, for the items <see cref="VersionsNeeded"/> named.</param>
    /// <param name="today">China's date: from the day after its 公开时限 an item's page gives way to a notice.</param>
    public static SitePlan Decide(IReadOnlyDictionary<string, DisclosureItem> current,
        IReadOnlyDictionary<string, IReadOnlyList<DisclosureItem>> versions, SiteManifest manifest, DateOnly today)
    {
        var desired = DesiredSite(current, versions, manifest, today);
        return new SitePlan(desired, ChangesOf(desired.Values, versions, manifest, today));
    }

    /// <summary>
    /// <see cref="Decide"/> for a run that knows every item but the <paramref name="candidates"/> shows what its manifest
    /// entry says (issue 19: the entries its host's last run stored, and no date come for them, see <see cref="DatedViews"/>):
    /// only the candidates are planned, and <see cref="Desired"/> reads the others' views from their entries.
    /// </summary>
    public static SitePlan DecideFor(IReadOnlyDictionary<string, DisclosureItem> candidates,
        IReadOnlyDictionary<string, IReadOnlyList<DisclosureItem>> versions, SiteManifest manifest, DateOnly today)
    {
        var decided = DesiredSite(candidates, versions, manifest, today);
        var desired = new Overlay<SiteItemEntry, ItemOnSite>(decided, candidates.ContainsKey, manifest.Items, AsShown);
        return new SitePlan(desired, ChangesOf(decided.Values, versions, manifest, today));
    }

    /// <summary>The view an entry records: what <see cref="DesiredSite"/> gives its copy while nothing about it changes.</summary>
    private static ItemOnSite AsShown(SiteItemEntry entry) => new(entry.Shown!, entry.Withdrawn, entry.Expired, entry.ValidityLapsed);

    /// <summary>The views that differ from the manifest's entries, in publication order.</summary>
    private static List<SiteChange> ChangesOf(IEnumerable<ItemOnSite> desired,
        IReadOnlyDictionary<string, IReadOnlyList<DisclosureItem>> versions, SiteManifest manifest, DateOnly today)
    {
        var changes = new List<SiteChange>();
        // Only the changes are sorted, not the catalogue (the order is total: the id breaks ties).
        foreach (var view in desired)
        {
            manifest.Items.TryGetValue(view.Item.Id, out var before);
            // An item the last run had to keep out is tried again on every run, until its page can be rendered.
            if (before is not null && !before.KeptOut && before.Version == view.Item.Version && before.Withdrawn == view.Withdrawn && before.Expired == view.Expired
                && before.ValidityLapsed == view.ValidityLapsed) continue;
            DisclosureItem? previous = null;
            if (before is { OffSite: false } && !view.OffSite && before.Version != view.Item.Version)
                previous = VersionView(versions, view.Item.Id, before.Version, before.PublishedOn, today);
            // Same version, same slot: only the pages of its slot (and its own) are rendered again.
            else if (before is { OffSite: false, KeptOut: true } && !view.OffSite) previous = view.Item;
            // The 有效期 ended (or was extended): same slot, its page and the lists that show its 有效性.
            else if (before is { OffSite: false } && !view.OffSite && before.ValidityLapsed != view.ValidityLapsed) previous = view.Item;
            changes.Add(new SiteChange(view, new PortalChange(view.Item.Id, previous), before));
        }
        changes.Sort((a, b) => PublicationOrder.Instance.Compare(a.View.Item, b.View.Item));
        return changes;
    }

    /// <summary>
    /// Per item, the version the public is to see (the published version, also while a correction or a withdrawal request
    /// is being checked) or its 已撤回 notice, or — from the day after its 公开时限 — the notice that its period ended.
    /// An item that was never on the site and is not to be stays off it. A correction that extends the period (or makes
    /// it 长期) brings the page back, because this is derived again on every run.
    /// </summary>
    private static Dictionary<string, ItemOnSite> DesiredSite(IReadOnlyDictionary<string, DisclosureItem> current,
        IReadOnlyDictionary<string, IReadOnlyList<DisclosureItem>> versions, SiteManifest manifest, DateOnly today)
    {
        var views = new Dictionary<string, ItemOnSite>(StringComparer.Ordinal);
        foreach (var item in current.Values)
        {
            if (item.PublishedVersion is not { } version || item.PublishedOn is not { } publishedOn) continue;
            var onSite = manifest.Items.ContainsKey(item.Id);
            var view = version == item.Version
                ? PublicCopy.Published(item, publishedOn, version)
                : VersionView(versions, item.Id, version, publishedOn, today);
            if (view is null) continue;
            if (item.State == ItemState.Withdrawn || !PublicationService.IsForThePublic(view))
            {
                // Only what was public gets a notice; the rest never reaches $web.
                if (onSite) views[item.Id] = new ItemOnSite(PublicCopy.Withdrawn(view), true);
                continue;
            }
            if (PublicationService.PublicPeriodEnded(view, today))
            {
                if (onSite) views[item.Id] = new ItemOnSite(view, Withdrawn: false, Expired: true);
                continue;
            }
            views[item.Id] = new ItemOnSite(view, false, ValidityLapsed: ItemValidity.PastValidUntil(view, today));
        }
        // Items the store no longer lists keep what the site shows.
        return views;
    }

    private static DisclosureItem? VersionView(IReadOnlyDictionary<string, IReadOnlyList<DisclosureItem>> versions,
        string itemId, int version, DateOnly? publishedOn, DateOnly today)
    {
        var found = versions.GetValueOrDefault(itemId)?.FirstOrDefault(v => v.Version == version);
        return found is null ? null : PublicCopy.Published(found, publishedOn ?? found.PublishedOn ?? today, version);
    }
}
