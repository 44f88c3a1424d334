using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>
/// Parses a page the way a browser does (AngleSharp's HTML5 parser) and lists everything in it that can run script:
/// script, iframe, object, embed, frame, applet and base elements, <c>on*</c> event attributes, and
/// <c>javascript:</c>/<c>vbscript:</c>/<c>data:</c> URLs in any attribute that takes a URL (after the browser's own
/// clean-up of the URL: control characters and spaces removed, case ignored), or CSS <c>expression()</c>/<c>url(javascript:)</c>.
/// The site's own scripts are passed in as allowed (the templates' <c>/assets/site.*.js</c>), so what is left came from input.
/// </summary>
public sealed class PageSafety(IReadOnlySet<string> allowedScripts)
{
    private static readonly HtmlParser Parser = new();
    private static readonly string[] ActiveElements = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"];
    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset", "codebase", "cite", "longdesc", "usemap", "dynsrc", "lowsrc", "ping"];

    /// <summary>The site's own scripts in a page rendered from harmless items: these are the only ones allowed.</summary>
    public static IReadOnlySet<string> ScriptsOf(IEnumerable<string> pages)
        => pages.SelectMany(p => Parser.ParseDocument(p).All.Where(e => e.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase)))
            .Select(Signature).ToHashSet(StringComparer.Ordinal);

    /// <param name="ownAddress">
    /// The page's own address, when the page may reload itself: the status page does while the check runs (a
    /// <c>meta refresh</c> in its head to exactly this address). Any other refresh, and any in the body, is a problem.
    /// </param>
    public IReadOnlyList<string> Problems(string html, string? ownAddress = null)
    {
        var problems = new List<string>();
        var document = Parser.ParseDocument(html);
        foreach (var element in document.All)
        {
            var name = element.LocalName.ToLowerInvariant();
            if (name == "script")
            {
                if (!allowedScripts.Contains(Signature(element))) problems.Add("script: " + Excerpt(element.OuterHtml));
            }
            else if (ActiveElements.Contains(name)) problems.Add($"<{name}>: " + Excerpt(element.OuterHtml));
            if (name == "meta" && element.GetAttribute("http-equiv") is { } equiv && equiv.Equals("refresh", StringComparison.OrdinalIgnoreCase)
                && !IsSelfReload(element, ownAddress))
                problems.Add("meta refresh: " + Excerpt(element.OuterHtml));

            foreach (var attribute in element.Attributes)
            {
                var attributeName = attribute.Name.ToLowerInvariant();
                if (attributeName.StartsWith("on", StringComparison.Ordinal))
                    problems.Add($"event attribute {attribute.Name} on <{name}>: " + Excerpt(element.OuterHtml));
                if (UrlAttributes.Contains(attributeName) && IsScriptUrl(attribute.Value))
                    problems.Add($"script URL in {attribute.Name} on <{name}>: " + Excerpt(attribute.Value));
                if (attributeName == "style" && IsScriptCss(attribute.Value))
                    problems.Add($"script in style on <{name}>: " + Excerpt(attribute.Value));
            }
        }
        return problems;
    }

    private static bool IsSelfReload(IElement meta, string? ownAddress)
        => ownAddress is not null && meta.ParentElement?.LocalName == "head"
           && System.Text.RegularExpressions.Regex.IsMatch(meta.GetAttribute("content") ?? "", "^[0-9]+; url=" + System.Text.RegularExpressions.Regex.Escape(ownAddress) + "$");

    private static string Signature(IElement script)
        => "src=" + (script.GetAttribute("src") ?? "") + "|text=" + script.TextContent.Trim();

    /// <summary>Browsers drop leading spaces and control characters and tabs/newlines inside the scheme before they look at it.</summary>
    public static bool IsScriptUrl(string value)
    {
        var cleaned = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        return cleaned.StartsWith("javascript:", StringComparison.Ordinal)
            || cleaned.StartsWith("vbscript:", StringComparison.Ordinal)
            || cleaned.StartsWith("data:", StringComparison.Ordinal)
            || cleaned.Contains(",javascript:", StringComparison.Ordinal) // srcset candidates
            || cleaned.Contains(",data:", StringComparison.Ordinal);
    }

    private static bool IsScriptCss(string value)
    {
        var cleaned = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        return cleaned.Contains("expression(") || cleaned.Contains("javascript:") || cleaned.Contains("vbscript:") || cleaned.Contains("-moz-binding");
    }

    private static string Excerpt(string s) => s.Length <= 160 ? s : s[..160] + "…";
}

public class PageSafetyTests
{
    [Fact]
    public void The_page_checker_finds_each_kind_of_script_a_browser_would_run_and_passes_the_sites_own()
    {
        var own = "<script src=\"/assets/site.abc.js\"></script>";
        var safety = new PageSafety(PageSafety.ScriptsOf([$"<html><head>{own}</head></html>"]));
        Assert.Empty(safety.Problems($"<html><head>{own}</head><body><p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p><a href=\"/items/1.html\">x</a></body></html>"));

        string[] unsafePages =
        [
            "<p><script>alert(1)</script></p>", "<svg><script>alert(1)</script></svg>", "<img src=x onerror=alert(1)>",
            "<a href=\" jav&#x09;ascript:alert(1)\">x</a>", "<iframe src=\"/x\"></iframe>", "<object data=\"x\"></object>",
            "<embed src=\"x\">", "<img src=\"data:image/svg+xml;base64,AAAA\">", "<form action=\"javascript:alert(1)\"></form>",
            "<div style=\"background:url(javascript:alert(1))\"></div>", "<base href=\"/\">", "<meta http-equiv=\"refresh\" content=\"0\">",
            "<script src=\"/assets/other.js\"></script>",
        ];
        foreach (var page in unsafePages) Assert.NotEmpty(safety.Problems($"<html><body>{page}</body></html>"));
    }

    [Fact]
    public void Only_a_page_reloading_itself_from_its_head_passes_and_any_other_refresh_is_found()
    {
        var safety = new PageSafety(new HashSet<string>());
        const string own = "/api/submissions/abc";
        Assert.Empty(safety.Problems("<html><head><meta http-equiv=\"refresh\" content=\"10; url=/api/submissions/abc\"></head><body></body></html>", own));
        string[] others =
        [
            "<html><head><meta http-equiv=\"refresh\" content=\"10; url=/api/submissions/other\"></head><body></body></html>",
            "<html><head><meta http-equiv=\"refresh\" content=\"0; url=javascript:alert(1)\"></head><body></body></html>",
            "<html><head></head><body><meta http-equiv=\"refresh\" content=\"10; url=/api/submissions/abc\"></body></html>",
        ];
        foreach (var page in others) Assert.NotEmpty(safety.Problems(page, own));
        Assert.NotEmpty(safety.Problems("<html><head><meta http-equiv=\"refresh\" content=\"10; url=/api/submissions/abc\"></head></html>"));
    }
}
