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
    /// <summary>Writes what changed; returns the sitemap parts the site has but no longer needs, for deletion.</summary>
    /// <remarks>An item whose entry cannot be written is left out of every feed and sitemap and named in <paramref name="faults"/>.</remarks>
    /// <param name="changedMonths">The sitemap parts (<c>/sitemaps/2026-03.xml</c>) of the 发布日期 months of the items the run changed on the site; null: every part is made (a full or nightly run).</param>
    public async Task<IReadOnlyList<string>> WriteAsync(SiteWriter writer, IEnumerable<DisclosureItem> shown, IEnumerable<string> listingPages,
        IReadOnlySet<string>? changedMonths, PublicationFaults faults, CancellationToken ct)
    {
        var syndication = new SiteSyndication(catalogue);
        void Unfit(DisclosureItem item, Exception e) => faults.Fault(item, PublicationFaultTexts.Feed + e.Message);
        IReadOnlyList<SiteFile> feeds;
        (IReadOnlyList<SiteFile> Files, IReadOnlyList<string> Parts) sitemaps;
        if (changedMonths is null)
        {
            var visible = syndication.Writable(shown, Unfit).ToList();
            feeds = syndication.Feeds(visible);
            sitemaps = syndication.SitemapSet(visible, listingPages);
        }
        else
        {
            var visible = shown as IReadOnlyList<DisclosureItem> ?? shown.ToList();
            feeds = syndication.Feeds(visible, Unfit);
            sitemaps = syndication.SitemapSet(visible, listingPages, changedMonths, Unfit);
        }
        foreach (var file in feeds) await writer.PutAsync(file, ct);
        foreach (var file in sitemaps.Files) await writer.PutAsync(file, ct);
        // A month whose last public item was withdrawn or expired has no part any more (nor has a year of the older yearly parts): its old file would still list it.
        var sitemapParts = sitemaps.Parts.ToHashSet(StringComparer.Ordinal);
        var obsolete = writer.Files.Keys.Where(p => p.StartsWith("sitemaps/", StringComparison.Ordinal) && !sitemapParts.Contains(p)).ToList();
        await writer.PutAsync(syndication.Robots(), ct);
        return obsolete;
    }
}
