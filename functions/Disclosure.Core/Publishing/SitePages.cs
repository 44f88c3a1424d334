using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// The pages one run writes; the public items whose body could not be read (<see cref="Lost"/>: their page on the site
/// is kept, they stay in lists); the items whose own page could not be rendered (<see cref="KeptOut"/>: their page on
/// the site is kept and no list shows them); and the snapshot the pages were rendered from.
/// </summary>
internal sealed record SitePages(IReadOnlyList<SiteFile> Files, IReadOnlySet<string> Lost, IReadOnlySet<string> KeptOut, PortalSnapshot Snapshot)
{
    private const string LostBodyReason = "正文文件缺失：网站保留该信息原有页面，请恢复正文或由报送处室提交更正版本";

    /// <summary>
    /// The whole site when templates or settings changed (or on the first run), else what the changes touch. The bodies
    /// the pages show are read first. One damaged item must not stop the portal: a public item whose body cannot be read
    /// keeps the page the site has; an item whose page cannot be rendered is kept out (<paramref name="snapshotWithout"/>
    /// gives the snapshot without the items named) and the pages are rendered again without it, so a list never breaks
    /// on it; any other page that cannot be rendered keeps the one the site has. Each is named in <paramref name="faults"/>.
    /// </summary>
    /// <param name="keptOut">Items already kept out (their attachments could not be written).</param>
    public static async Task<SitePages> RenderAsync(PortalRenderer renderer, Func<IReadOnlySet<string>, PortalSnapshot> snapshotWithout,
        IReadOnlyList<SiteChange> changes, bool full, ItemBodies bodies, IReadOnlySet<string> keptOut, PublicationFaults faults, CancellationToken ct)
    {
        var bad = new HashSet<string>(keptOut, StringComparer.Ordinal);
        var snapshot = snapshotWithout(bad);
        var wanted = full
            ? snapshot.Published
            : PortalRenderer.PageKeys(snapshot, changes.Select(c => c.Change)).Where(k => k.Kind == PortalPageKind.Item)
                .Select(k => k.Code).Distinct(StringComparer.Ordinal).Where(snapshot.PublishedById.ContainsKey).Select(id => snapshot.PublishedById[id]);
        var unread = await bodies.PrefetchAsync(wanted, ct);
        foreach (var (id, error) in unread)
        {
            if (!snapshot.PublishedById.TryGetValue(id, out var item)) continue;
            faults.Fault(item, error is null ? LostBodyReason : PublicationFaultTexts.BodyUnreadable + error);
        }

        // Item pages first: one that fails is kept out and the round starts again without it, so the lists (rendered only
        // once every item page of the round rendered) never meet it. Each round keeps at least one more item out.
        while (true)
        {
            var keys = PortalRenderer.PageKeys(snapshot, full ? null : changes.Select(c => c.Change))
                .Where(k => k.Kind != PortalPageKind.Item || !unread.ContainsKey(k.Code)).ToList();
            var files = new List<SiteFile>(renderer.Assets.Files);
            var failedItems = new List<(DisclosureItem Item, Exception Error)>();
            var failedPages = new List<(string Path, Exception Error)>();
            void Render(IEnumerable<PortalPageKey> wave)
            {
                foreach (var (key, file, error) in renderer.RenderEach(snapshot, wave))
                {
                    if (file is not null) files.Add(file);
                    else if (key.Kind == PortalPageKind.Item && snapshot.PublishedById.TryGetValue(key.Code, out var item)) failedItems.Add((item, error!));
                    else failedPages.Add((PortalPaths.FilePath(key.SitePath), error!));
                }
            }
            Render(keys.Where(k => k.Kind == PortalPageKind.Item));
            if (failedItems.Count == 0)
            {
                Render(keys.Where(k => k.Kind != PortalPageKind.Item));
                foreach (var (path, error) in failedPages) faults.KeepPage(path, error);
                return new SitePages(files, unread.Keys.ToHashSet(StringComparer.Ordinal), bad, snapshot);
            }
            foreach (var (item, error) in failedItems)
            {
                faults.Fault(item, PublicationFaultTexts.Page + error.Message);
                bad.Add(item.Id);
            }
            snapshot = snapshotWithout(bad);
        }
    }
}
