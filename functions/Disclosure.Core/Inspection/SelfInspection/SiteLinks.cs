using AngleSharp.Html.Parser;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>A link on a page of the site that leads nowhere: the page, the link as written, and the file it should be.</summary>
public sealed record BrokenLink(string Page, string Href, string Target, bool IsAttachment);

/// <summary>One internal link: from a page to a file of the site (both without a leading slash).</summary>
public sealed record SiteLink(string Page, string Href, string Target);

/// <summary>What the link walk found: how much it looked at, the links that lead nowhere and every internal link.</summary>
public sealed record SiteLinkReport(int PagesChecked, int LinksChecked, IReadOnlyList<BrokenLink> Broken, IReadOnlyList<SiteLink> Links);

/// <summary>
/// Walks every page of the published site and resolves each internal link (a, img, link, script, source, iframe) to a
/// file of the site, the way Blob static website hosting serves them: a folder or an extension-less path is served by
/// its <c>index.html</c>. Inspectors deduct points for broken links (国办秘函〔2019〕19号); an attachment that 404s is
/// also information the public was promised and cannot get. External links are not fetched: this host reaches nothing
/// outside, and an outside site's state is not the agency's record.
/// </summary>
public static class SiteLinks
{
    private static readonly (string Selector, string Attribute)[] LinkAttributes =
    [
        ("a[href]", "href"), ("area[href]", "href"), ("img[src]", "src"), ("link[href]", "href"),
        ("script[src]", "src"), ("source[src]", "src"), ("iframe[src]", "src"), ("form[action]", "action"),
    ];

    public static async Task<SiteLinkReport> CheckAsync(ISiteSnapshot site, string? siteBaseUrl, CancellationToken ct = default)
    {
        var paths = await site.ListPathsAsync(ct).ConfigureAwait(false);
        var parser = new HtmlParser();
        var broken = new List<BrokenLink>();
        var links = new List<SiteLink>();
        var pages = 0;
        var checkedLinks = 0;
        Uri? home = Uri.TryCreate(siteBaseUrl, UriKind.Absolute, out var b) ? b : null;

        await foreach (var page in site.ReadPagesAsync(ct).ConfigureAwait(false))
        {
            pages++;
            var document = await parser.ParseDocumentAsync(page.Html, ct).ConfigureAwait(false);
            foreach (var (selector, attribute) in LinkAttributes)
            {
                foreach (var element in document.QuerySelectorAll(selector))
                {
                    var href = element.GetAttribute(attribute);
                    if (Resolve(page.Path, href, home) is not { } target) continue;
                    checkedLinks++;
                    links.Add(new SiteLink(page.Path, href!, target));
                    if (!Exists(paths, target))
                        broken.Add(new BrokenLink(page.Path, href!, target, target.StartsWith("files/", StringComparison.Ordinal)));
                }
            }
        }
        return new SiteLinkReport(pages, checkedLinks, broken, links);
    }

    /// <summary>
    /// The site file an href points at (no leading slash, unescaped, without query or fragment), or null when it is not
    /// an internal file link (another site, mailto:, javascript:, a fragment on the same page).
    /// </summary>
    public static string? Resolve(string pagePath, string? href, Uri? siteBase = null)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        href = href.Trim();
        if (href.StartsWith('#')) return null;
        var pageUri = new Uri(new Uri("http://site.invalid/"), pagePath);
        if (!Uri.TryCreate(pageUri, href, out var uri)) return null;
        if (uri.Scheme is not ("http" or "https")) return null;
        var internalHost = uri.Host == "site.invalid"
                           || (siteBase is not null && string.Equals(uri.Host, siteBase.Host, StringComparison.OrdinalIgnoreCase));
        if (!internalHost) return null;
        // The function app's endpoints (the public application form) are served beside the site, not files of it.
        if (uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)) return null;
        return Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
    }

    /// <summary>As static website hosting serves it: the file itself, or the folder's index document.</summary>
    public static bool Exists(IReadOnlySet<string> paths, string target)
    {
        if (target.Length == 0 || target.EndsWith('/')) return paths.Contains(target + "index.html");
        if (paths.Contains(target)) return true;
        return !Path.HasExtension(target) && paths.Contains(target + "/index.html");
    }
}
