using System.Security.Cryptography;
using System.Text;

namespace Disclosure.Publishing;

/// <summary>
/// The portal's stylesheet, print stylesheet, script and icon, named by a hash of their content
/// (<c>/assets/site.3f2a9c1b0d.css</c>) so browsers may cache them for a year: a changed file gets a new name, and
/// every page links the new name.
/// </summary>
public sealed class PortalAssets
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    private PortalAssets(SiteFile styles, SiteFile printStyles, SiteFile script, SiteFile icon)
    {
        Styles = styles;
        PrintStyles = printStyles;
        Script = script;
        Icon = icon;
    }

    public SiteFile Styles { get; }
    public SiteFile PrintStyles { get; }
    public SiteFile Script { get; }
    /// <summary>The site icon: every page links it, so browsers do not ask for a missing <c>/favicon.ico</c>.</summary>
    public SiteFile Icon { get; }

    public string StylesHref => "/" + Styles.Path;
    public string PrintStylesHref => "/" + PrintStyles.Path;
    public string ScriptHref => "/" + Script.Path;
    public string IconHref => "/" + Icon.Path;

    public IReadOnlyList<SiteFile> Files => [Styles, PrintStyles, Script, Icon];

    public static PortalAssets LoadEmbedded() => new(
        Hashed("site", ".css", "text/css; charset=utf-8", PortalTemplates.ReadResource("site.css")),
        Hashed("print", ".css", "text/css; charset=utf-8", PortalTemplates.ReadResource("print.css")),
        Hashed("site", ".js", "text/javascript; charset=utf-8", PortalTemplates.ReadResource("site.js")),
        Hashed("icon", ".svg", "image/svg+xml; charset=utf-8", PortalTemplates.ReadResource("favicon.svg")));

    private static SiteFile Hashed(string name, string extension, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
        return new SiteFile($"assets/{name}.{hash}{extension}", bytes, contentType, ImmutableCacheControl);
    }
}
