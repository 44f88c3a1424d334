namespace Disclosure.Publishing;

/// <summary>The pages one run writes, and the public items whose body was lost (their page on the site is kept).</summary>
internal sealed record SitePages(IReadOnlyList<SiteFile> Files, IReadOnlySet<string> Lost)
{
    private const string LostBodyReason = "正文文件缺失：网站保留该信息原有页面，请恢复正文或由报送处室提交更正版本";

    public IEnumerable<SkippedItem> Skipped => Lost.Order(StringComparer.Ordinal).Select(id => new SkippedItem(id, LostBodyReason));

    /// <summary>
    /// The whole site when templates or settings changed (or on the first run), else what the changes touch. The bodies
    /// the pages show are read first. A public item whose body was lost keeps the page the site has: one damaged item
    /// must not stop the portal.
    /// </summary>
    public static async Task<SitePages> RenderAsync(PortalRenderer renderer, PortalSnapshot snapshot, IReadOnlyList<SiteChange> changes,
        bool full, ItemBodies bodies, CancellationToken ct)
    {
        List<SiteFile> pages;
        HashSet<string> lost;
        if (full)
        {
            lost = await bodies.PrefetchAsync(snapshot.Published, ct);
            pages = [.. renderer.RenderSite(snapshot)];
        }
        else
        {
            var needed = changes.SelectMany(c => PortalRenderer.ItemPagesAffectedBy(snapshot, c.Change)).Distinct(StringComparer.Ordinal)
                .Where(snapshot.PublishedById.ContainsKey).Select(id => snapshot.PublishedById[id]);
            lost = await bodies.PrefetchAsync(needed, ct);
            var byPath = new Dictionary<string, SiteFile>(StringComparer.Ordinal);
            foreach (var change in changes)
                foreach (var file in renderer.RenderChange(snapshot, change.Change)) byPath[file.Path] = file;
            pages = [.. byPath.Values];
        }
        if (lost.Count > 0)
        {
            var keep = lost.Select(id => PortalPaths.FilePath(PortalPaths.Item(id))).ToHashSet(StringComparer.Ordinal);
            pages.RemoveAll(p => keep.Contains(p.Path));
        }
        return new SitePages(pages, lost);
    }
}
