using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing.Feeds;

namespace Disclosure.Publishing;

/// <summary>
/// Feeds, sitemap and robots.txt are computed from the metadata of the public items (no bodies) and compared by hash.
/// A run for a change (issue 19) gives the publication months it touched: only those months' sitemap parts are made again
/// (the others keep their bytes), and only the items that can be a feed's newest or are in a part made again are checked;
/// the output is the full computation's either way (<c>PublicationDeltaTests</c>).
/// </summary>
internal sealed class SiteFeeds(CatalogueSettings catalogue)
{
    /// <summary>
    /// Writes what changed; returns the sitemap parts the site has but no longer needs, for deletion, and what the sitemap
    /// now says (for the next run for a change, see <paramref name="known"/>).
    /// </summary>
    /// <remarks>An item whose entry cannot be written is left out of every feed and sitemap and named in <paramref name="faults"/>.</remarks>
    /// <param name="snapshot">What the portal shows: its published items are the feeds' and sitemap's, its listing pages the sitemap's other part.</param>
    /// <param name="changedMonths">
    /// The months (202603) of the 发布日期 of the items the run changed or looked at; null: every part is made (a full or nightly run).
    /// </param>
    /// <param name="known">
    /// What the sitemap said after the last run, when this run's snapshot was made from that run's: only the changed months
    /// are worked out then, from the snapshot's slots, and the listing pages only if their shape changed.
    /// </param>
    public async Task<(IReadOnlyList<string> Obsolete, SitemapState Now)> WriteAsync(SiteWriter writer, PortalSnapshot snapshot,
        IReadOnlySet<int>? changedMonths, SitemapState? known, PublicationFaults faults, CancellationToken ct)
    {
        var syndication = new SiteSyndication(catalogue);
        void Unfit(DisclosureItem item, Exception e) => faults.Fault(item, PublicationFaultTexts.Feed + e.Message);
        var listing = PortalRenderer.ListingParts(snapshot);
        IReadOnlyList<PagesPart> PageParts(bool whole) => [.. listing.Select(part =>
            new PagesPart(part.Name, !whole && known!.PageShapes.GetValueOrDefault(part.Name) == part.Shape ? null : part.Pages()))];
        IReadOnlyList<SiteFile> feeds;
        SitemapMade sitemaps;
        if (changedMonths is null)
        {
            var visible = syndication.Writable(snapshot.Published, Unfit).ToList();
            var unwritable = new HashSet<DisclosureItem>(snapshot.Published, ReferenceEqualityComparer.Instance);
            unwritable.ExceptWith(visible);
            feeds = syndication.Feeds(snapshot, unwritable, unfit: null);
            sitemaps = syndication.SitemapOf(visible, PageParts(whole: true));
        }
        else
        {
            feeds = syndication.Feeds(snapshot, new HashSet<DisclosureItem>(), Unfit);
            sitemaps = known is null
                ? syndication.SitemapOf(snapshot.Published, PageParts(whole: true), SiteSyndication.MonthParts(changedMonths), Unfit)
                : syndication.SitemapOf(snapshot, PageParts(whole: false), changedMonths, known.Months, Unfit);
        }
        foreach (var file in feeds) await writer.PutAsync(file, ct);
        foreach (var file in sitemaps.Files) await writer.PutAsync(file, ct);
        // A month whose last public item was withdrawn or expired has no part any more (nor has a year of the older yearly
        // parts): its old file would still list it. The parts the last run's index named are all the site has of them.
        var sitemapParts = sitemaps.Parts.ToHashSet(StringComparer.Ordinal);
        var had = known is null || changedMonths is null
            ? writer.Files.Keys.Where(p => p.StartsWith("sitemaps/", StringComparison.Ordinal))
            : SiteSyndication.MonthParts(known.Months.Keys).Concat(known.PageShapes.Keys.Select(SiteUrls.SitemapPart)).Select(SiteUrls.BlobName);
        var obsolete = had.Where(p => !sitemapParts.Contains(p) && writer.Files.ContainsKey(p)).ToList();
        await writer.PutAsync(syndication.Robots(), ct);
        return (obsolete, new SitemapState(sitemaps.Months, listing.ToDictionary(part => part.Name, part => part.Shape, StringComparer.Ordinal)));
    }
}
