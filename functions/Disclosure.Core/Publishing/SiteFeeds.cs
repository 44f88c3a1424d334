using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing.Feeds;

namespace Disclosure.Publishing;

/// <summary>
/// Feeds, sitemap and robots.txt are computed from the metadata of every public item (no bodies) and compared by hash.
/// </summary>
internal sealed class SiteFeeds(CatalogueSettings catalogue)
{
    /// <summary>Writes what changed; returns the sitemap parts the site has but no longer needs, for deletion.</summary>
    /// <remarks>An item whose entry cannot be written is left out of every feed and sitemap and named in <paramref name="faults"/>.</remarks>
    public async Task<IReadOnlyList<string>> WriteAsync(SiteWriter writer, IEnumerable<DisclosureItem> shown, IEnumerable<string> listingPages,
        PublicationFaults faults, CancellationToken ct)
    {
        var syndication = new SiteSyndication(catalogue);
        var visible = syndication.Writable(shown, (item, e) => faults.Fault(item, PublicationFaultTexts.Feed + e.Message)).ToList();
        foreach (var file in syndication.Feeds(visible)) await writer.PutAsync(file, ct);
        var sitemaps = syndication.Sitemaps(visible, listingPages);
        foreach (var file in sitemaps) await writer.PutAsync(file, ct);
        // A month whose last public item was withdrawn or expired has no part any more (nor has a year of the older yearly parts): its old file would still list it.
        var sitemapParts = sitemaps.Select(f => SiteBlob.Of(f).Path).ToHashSet(StringComparer.Ordinal);
        var obsolete = writer.Files.Keys.Where(p => p.StartsWith("sitemaps/", StringComparison.Ordinal) && !sitemapParts.Contains(p)).ToList();
        await writer.PutAsync(syndication.Robots(), ct);
        return obsolete;
    }
}
