using System.Globalization;
using System.Text.RegularExpressions;
using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// The portal's page URLs. Links in pages are site paths starting with a slash; a <see cref="SiteFile.Path"/> is the
/// same path without it (<see cref="FilePath"/>). Every URL here is permanent: an item keeps its page for life (a
/// withdrawn item's page becomes a notice), and column pages are numbered from the oldest item so that they do not move.
/// </summary>
public static partial class PortalPaths
{
    public const string Home = "/index.html";
    public const string Guide = "/guide/index.html";
    public const string Rules = "/rules/index.html";
    public const string Search = "/search/index.html";
    /// <summary>The search form's action: the directory, served by its index document.</summary>
    public const string SearchFormAction = "/search/";
    public const string SearchScript = "/assets/search.js";
    public const string Catalogue = "/catalogue/index.html";
    public const string NotFound = "/404.html";
    /// <summary>网站地图, the human one (<c>/sitemap.xml</c> is the search engines').</summary>
    public const string SiteMap = "/site-map/index.html";
    /// <summary>Items per column page and per column index.</summary>
    public const int PageSize = 20;

    /// <summary>
    /// List pages the column's index links by number, newest first (and the first page besides): the index is written
    /// with every new item, so it must not grow with the column (issue 19). The older pages are a 较早一页 away, and the
    /// column's 目录 lists every item.
    /// </summary>
    public const int ColumnIndexPageLinks = 10;

    /// <summary>
    /// Rows per 目录 table page (<see cref="ColumnCataloguePage"/>, <see cref="YearCataloguePage"/>). A new item rewrites
    /// the newest page and the index that lists the pages, so their size is what one publication uploads for each 目录:
    /// a row is about 0.33 KB, so the newest page stays under about 21 KB, while the index grows by about 0.12 KB a page
    /// (24 KB for a column of 9,000 items). Fewer rows would shrink the page and grow the index; 50 is near the least
    /// bytes for columns of a few thousand items. Measured in docs/benchmarks.md, "Publication proportional to the change".
    /// </summary>
    public const int CataloguePageSize = 50;

    /// <summary>
    /// <c>/items/{id}.html</c>: the item's id, not its 索引号, names the page. Both are permanent; the id is what relations
    /// point at and what the search index and feeds use, so every part of the portal agrees on one key.
    /// </summary>
    public static string Item(string itemId) => $"/items/{Uri.EscapeDataString(itemId)}.html";

    public static string Item(DisclosureItem item) => Item(item.Id);

    /// <summary>The column's newest items and links to its newest list pages and its first.</summary>
    public static string ColumnIndex(string columnCode) => $"/columns/{columnCode}/index.html";

    /// <summary>Page <paramref name="pageNumber"/> (1-based) holds the column's items number (n-1)*20+1 … n*20 counted from the oldest.</summary>
    public static string ColumnPage(string columnCode, int pageNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"/columns/{columnCode}/p/{pageNumber}.html");

    /// <summary>The column's 目录 index: every page of its 目录 with their dates, and the newest page's rows.</summary>
    public static string ColumnCatalogue(string columnCode) => $"/catalogue/{columnCode}/index.html";

    /// <summary>
    /// Page <paramref name="pageNumber"/> (1-based) of the column's 目录 holds its items number
    /// (n-1)*<see cref="CataloguePageSize"/>+1 … n*<see cref="CataloguePageSize"/> counted from the oldest, so a new item
    /// changes only the newest page.
    /// </summary>
    public static string ColumnCataloguePage(string columnCode, int pageNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"/catalogue/{columnCode}/p/{pageNumber}.html");

    /// <summary>The year's 目录 index: every page of the year's 目录 with their dates, and the newest page's rows.</summary>
    public static string YearCatalogue(int year) => string.Create(CultureInfo.InvariantCulture, $"/catalogue/{year:D4}/index.html");

    /// <summary>Page <paramref name="pageNumber"/> of the year's 目录, counted from the year's oldest item like <see cref="ColumnCataloguePage"/>.</summary>
    public static string YearCataloguePage(int year, int pageNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"/catalogue/{year:D4}/p/{pageNumber}.html");

    /// <summary>Where the caller puts an attachment's bytes: <c>/files/{attachmentId}/{file name}</c>, both parts URL-encoded.</summary>
    public static string Attachment(Attachment attachment) =>
        $"/files/{Uri.EscapeDataString(attachment.Id)}/{Uri.EscapeDataString(attachment.FileName)}";

    /// <summary>The blob / file name for a site path.</summary>
    public static string FilePath(string sitePath) => Uri.UnescapeDataString(sitePath.TrimStart('/'));

    /// <summary>
    /// The root folders and files the portal writes or will write (pages, 目录, search index, feeds, sitemaps, assets,
    /// attachments). Nothing else may be written there: an old site's address onto one of them (a redirect page at
    /// <c>/items/…</c>) would replace or shadow a page of the portal.
    /// </summary>
    public static readonly IReadOnlySet<string> RootFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "guide", "rules", "search", "columns", "catalogue", "items", "files", "site-map", "assets", "feeds", "sitemaps",
    };

    public static readonly IReadOnlySet<string> RootFiles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "index.html", "404.html", "robots.txt", "sitemap.xml", "favicon.ico",
    };

    /// <summary>
    /// Whether <paramref name="sitePath"/> (with or without its leading slash) is the portal's own: the home page, a fixed
    /// root file, or anything under one of its folders. Compared without regard to case, since a CDN or a Windows-hosted
    /// proxy in front may not tell them apart.
    /// </summary>
    public static bool IsPortalPath(string sitePath)
    {
        var path = sitePath.TrimStart('/');
        if (path.Length == 0) return true;
        var slash = path.IndexOf('/');
        return slash < 0 ? RootFiles.Contains(path) || RootFolders.Contains(path) : RootFolders.Contains(path[..slash]);
    }

    /// <summary>
    /// Column codes become folder names next to the per-year catalogue folders, so they must be lower-case letters,
    /// digits and hyphens, start with a letter (never a four-digit year) and not collide with a fixed folder.
    /// </summary>
    public static bool IsSafeColumnCode(string code) => ColumnCodePattern().IsMatch(code);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex ColumnCodePattern();
}
