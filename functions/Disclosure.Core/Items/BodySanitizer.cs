using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Disclosure.Items;

/// <summary>
/// Makes a submitted body safe to publish on the agency's site. Bodies arrive as HTML pasted from Word or an editor,
/// or as plain text; both leave here as a small, fixed vocabulary of structural tags that a government document needs
/// (headings, paragraphs, lists, tables, emphasis, links, images). Everything that can run code or restyle the page
/// (script, style, event handlers, iframes, SVG, forms, javascript:/data: URLs, inline CSS) is removed by the
/// maintained HtmlSanitizer parser-based engine, never by pattern matching. Images from other hosts become links: a
/// reviewed page must not change when someone swaps the picture on their server, and visitors must not be fetched
/// from a third party's host (which would learn who reads what).
/// </summary>
public static class BodySanitizer
{
    /// <summary>Tags whose content is code or foreign markup: removed with everything inside, not unwrapped.</summary>
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template", "noscript",
        "svg", "math", "form", "input", "button", "select", "textarea", "audio", "video", "canvas", "head", "title",
        "meta", "link", "base", "xml",
    };

    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>The text of the link that stands for an image on another host, when the image has no alt text.</summary>
    public const string RemoteImageLinkText = "图片（外部链接）";

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                "table", "caption", "thead", "tbody", "tr", "th", "td", "article",
                "strong", "em", "u", "sub", "sup", "a", "img", "blockquote", "pre",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "colspan", "rowspan", "scope", "class",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            // The annual report's fragment (AnnualReportHtml) styles its tables and notes by these classes; no other
            // class survives, so a pasted body cannot borrow the portal's own classes to pass for page chrome.
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal) { "annual-report", "annual-report-table", "table-note" },
        };
        // Word and rich editors wrap text in div/span/font/o:p: unwrap them and keep the words.
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };

        sanitizer.RemovingTag += (_, e) =>
        {
            if (!DropWithContent.Contains(e.Tag.LocalName)) return;
            e.Tag.Remove();
            e.Cancel = true;
        };
        sanitizer.FilterUrl += (_, e) =>
        {
            // mailto: is for links only; an image source is http(s) or a path on this site.
            if (e.Tag.LocalName == "img" && e.SanitizedUrl is { } url && !IsHttpOrRelative(url))
                e.SanitizedUrl = null;
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links leave the government site: the target must not get window.opener or the referring page.
            if (e.Node is IElement { LocalName: "a" } link && link.HasAttribute("href"))
                link.SetAttribute("rel", "noopener noreferrer");
            if (e.Node is IElement { LocalName: "img" } image && !image.HasAttribute("src"))
                image.Remove();
            else if (e.Node is IElement { LocalName: "img" } remote && IsRemote(remote.GetAttribute("src")!))
                e.ReplacementNodes.Add(LinkInsteadOf(remote));
            // th scope tells a screen reader which header a figure belongs to (the annual report's tables); its four
            // keywords are the only values it has, and it means nothing elsewhere.
            if (e.Node is IElement scoped && scoped.GetAttribute("scope") is { } scope
                && (scoped.LocalName != "th" || scope is not ("col" or "row" or "colgroup" or "rowgroup")))
                scoped.RemoveAttribute("scope");
            if (e.Node is IElement classed && classed.HasAttribute("class") && classed.LocalName is not ("p" or "article" or "table"))
                classed.RemoveAttribute("class");
        };
        return sanitizer;
    }

    /// <summary>A URL on another host: absolute, or protocol-relative (<c>//host/…</c>), which browsers also fetch from elsewhere.</summary>
    private static bool IsRemote(string url)
    {
        // Browsers read a backslash in a path like a slash, so /\host is protocol-relative too.
        var normalised = url.Trim().Replace('\\', '/');
        return normalised.StartsWith("//", StringComparison.Ordinal)
            || (Uri.TryCreate(normalised, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
    }

    private static IElement LinkInsteadOf(IElement image)
    {
        var link = image.Owner!.CreateElement("a");
        link.SetAttribute("href", image.GetAttribute("src"));
        link.SetAttribute("rel", "noopener noreferrer");
        var alt = image.GetAttribute("alt");
        link.TextContent = string.IsNullOrWhiteSpace(alt) ? RemoteImageLinkText : alt.Trim();
        return link;
    }

    private static bool IsHttpOrRelative(string url)
    {
        if (!Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri)) return false;
        if (!uri.IsAbsoluteUri) return true;
        // On Unix a rooted path parses as an absolute file: URI; it is still a path on this site.
        if (uri.IsFile && url.StartsWith('/')) return !url.StartsWith("//", StringComparison.Ordinal);
        return uri.Scheme is "http" or "https";
    }

    /// <summary>Sanitizes an HTML body fragment. The result is safe to insert into the body of an item page.</summary>
    public static string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        return Sanitizer.Sanitize(html).Trim();
    }

    /// <summary>
    /// Turns plain text into HTML paragraphs: a blank line separates paragraphs, a single line break stays a line
    /// break, and every character is encoded, so nothing in the text can become markup.
    /// </summary>
    public static string FromPlainText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var normalised = text.Replace("\r\n", "\n").Replace('\r', '\n');
        var html = new StringBuilder(normalised.Length + 64);
        foreach (var paragraph in SplitParagraphs(normalised))
        {
            html.Append("<p>");
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0) html.Append("<br>");
                html.Append(WebUtility.HtmlEncode(lines[i].TrimEnd()));
            }
            html.Append("</p>\n");
        }
        return html.ToString().TrimEnd('\n');
    }

    private static IEnumerable<string> SplitParagraphs(string text)
    {
        var current = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0) yield return string.Join('\n', current);
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }
        if (current.Count > 0) yield return string.Join('\n', current);
    }

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "blockquote", "pre", "ul", "ol", "section", "article",
    };

    /// <summary>
    /// The words of an HTML body as the public will read them, one block per line and table cells separated by tabs:
    /// the input of the compliance checks, so personal data hidden in markup is seen the same way as in plain text.
    /// Attribute values (link targets, alt text) are included after the text, since they are published too.
    /// </summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder();
        var attributes = new List<string>();
        Walk(document.Body!, text, attributes);
        var body = text.ToString().Trim();
        return attributes.Count == 0 ? body : body + "\n" + string.Join('\n', attributes);
    }

    private static void Walk(INode node, StringBuilder text, List<string> attributes)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement e when e.LocalName is "script" or "style" or "template":
                    break;
                case IElement e:
                    if (e.LocalName == "br") { text.Append('\n'); break; }
                    if (e.GetAttribute("alt") is { Length: > 0 } alt) attributes.Add(alt);
                    if (e.GetAttribute("title") is { Length: > 0 } title) attributes.Add(title);
                    if (e.LocalName == "a" && e.GetAttribute("href") is { Length: > 0 } href) attributes.Add(href);
                    var block = BlockTags.Contains(e.LocalName);
                    if (block && text.Length > 0 && text[^1] != '\n') text.Append('\n');
                    Walk(e, text, attributes);
                    if (e.LocalName is "td" or "th") text.Append('\t');
                    if (block && text.Length > 0 && text[^1] != '\n') text.Append('\n');
                    break;
            }
        }
    }
}
