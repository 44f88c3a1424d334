using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// The one place that knows the portal's URL scheme, so pages, search results, feeds and the sitemap always agree.
/// Site paths start with a slash; <see cref="Absolute"/> joins them to <c>Agency.SiteBaseUrl</c>.
/// </summary>
public static class SiteUrls
{
    public const string Search = "/search/index.html";
    public const string SearchScript = "/assets/search.js";
    public const string AllFeed = "/feeds/all.xml";
    public const string SitemapIndex = "/sitemap.xml";
    public const string Robots = "/robots.txt";

    public static string Item(DisclosureItem item) => Item(item.Id);

    public static string Item(string itemId) => $"/items/{Uri.EscapeDataString(itemId)}.html";

    public static string ColumnFeed(string columnCode) => $"/feeds/{Uri.EscapeDataString(columnCode)}.xml";

    public static string SitemapPart(string partName) => $"/sitemaps/{partName}.xml";

    /// <summary>The sitemap part that lists an item published on <paramref name="publishedOn"/>: one per month (<c>/sitemaps/2026-03.xml</c>).</summary>
    public static string SitemapPart(DateOnly publishedOn) =>
        SitemapPart(publishedOn.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>An absolute URL for a site path; feeds and sitemaps must not carry relative links.</summary>
    public static string Absolute(string siteBaseUrl, string sitePath)
    {
        if (string.IsNullOrWhiteSpace(siteBaseUrl))
            throw new InvalidOperationException("目录配置缺少网站地址（agency.siteBaseUrl），无法生成绝对链接");
        return siteBaseUrl.TrimEnd('/') + "/" + sitePath.TrimStart('/');
    }

    /// <summary>The blob name for a site path: the same path without the leading slash.</summary>
    public static string BlobName(string sitePath) => sitePath.TrimStart('/');
}
