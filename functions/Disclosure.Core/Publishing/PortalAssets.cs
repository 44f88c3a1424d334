using System.Security.Cryptography;
using System.Text;

namespace Disclosure.Publishing;

/// <summary>
/// The portal's stylesheet, print stylesheet and script, named by a hash of their content
/// (<c>/assets/site.3f2a9c1b0d.css</c>) so browsers may cache them for a year: a changed file gets a new name, and
/// every page links the new name.
/// </summary>
public sealed class PortalAssets
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    private PortalAssets(SiteFile styles, SiteFile printStyles, SiteFile script)
    {
        Styles = styles;
        PrintStyles = printStyles;
        Script = script;
    }

    public SiteFile Styles { get; }
    public SiteFile PrintStyles { get; }
    public SiteFile Script { get; }

    public string StylesHref => "/" + Styles.Path;
    public string PrintStylesHref => "/" + PrintStyles.Path;
    public string ScriptHref => "/" + Script.Path;

    public IReadOnlyList<SiteFile> Files => [Styles, PrintStyles, Script];

    public static PortalAssets LoadEmbedded() => new(
        Hashed("site", ".css", "text/css; charset=utf-8", PortalTemplates.ReadResource("site.css")),
        Hashed("print", ".css", "text/css; charset=utf-8", PortalTemplates.ReadResource("print.css")),
        Hashed("site", ".js", "text/javascript; charset=utf-8", PortalTemplates.ReadResource("site.js")));

    private static SiteFile Hashed(string name, string extension, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
        return new SiteFile($"assets/{name}.{hash}{extension}", bytes, contentType, ImmutableCacheControl);
    }
}
