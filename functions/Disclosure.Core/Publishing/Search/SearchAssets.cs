namespace Disclosure.Publishing.Search;

/// <summary>The browser half of search: <c>/assets/search.js</c>, shipped inside this assembly so it always matches the index format.</summary>
public static class SearchAssets
{
    public const string ScriptResource = "Disclosure.Publishing.Search.search.js";

    public static byte[] ScriptBytes()
    {
        using var stream = typeof(SearchAssets).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"缺少内嵌资源 {ScriptResource}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static SiteFile Script() =>
        new(SiteUrls.BlobName(SiteUrls.SearchScript), ScriptBytes(), "text/javascript; charset=utf-8", "public, max-age=3600");
}
