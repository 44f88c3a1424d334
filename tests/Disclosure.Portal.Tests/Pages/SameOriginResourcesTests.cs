using System.Text;
using AngleSharp.Html.Parser;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Portal.Tests.Pages;

/// <summary>
/// The portal loads nothing from another host: a visitor's browser talks to the agency's site only (no third party
/// learns who reads what, and a reviewed page cannot change because someone else's server did). The static site says
/// so itself in a Content-Security-Policy, which holds wherever the pages are served from.
/// </summary>
public class SameOriginResourcesTests
{
    /// <summary>Elements and attributes by which a page makes the browser fetch something.</summary>
    private static readonly (string Selector, string Attribute)[] ResourceReferences =
    [
        ("script[src]", "src"), ("img[src]", "src"), ("img[srcset]", "srcset"), ("source[src]", "src"), ("source[srcset]", "srcset"),
        ("iframe[src]", "src"), ("frame[src]", "src"), ("embed[src]", "src"), ("object[data]", "data"), ("video[src]", "src"),
        ("video[poster]", "poster"), ("audio[src]", "src"), ("track[src]", "src"), ("input[src]", "src"),
        ("link[href]:not([rel~=canonical]):not([rel~=alternate])", "href"),
    ];

    [Fact]
    public void Every_resource_of_every_page_comes_from_the_site_itself_and_every_page_says_so_in_its_policy()
    {
        var sample = SamplePortal.Full();
        // A body with images pasted from other hosts, as intake and publication sanitise it.
        sample.Add("gzdt", "市科技局赴高新区调研", new DateOnly(2025, 12, 1), i => i with { BodyFormat = BodyFormat.Html },
            BodySanitizer.Sanitize("""<p>调研现场。</p><img src="https://images.example.com/visit.jpg" alt="调研现场照片"><img src="//cdn.example.net/x.png"><img src="/files/own.png" alt="本站图片">"""));
        var parser = new HtmlParser();
        var pages = new PortalRenderer().RenderSite(sample.Snapshot()).Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(pages);
        var foreign = new List<string>();
        foreach (var page in pages)
        {
            using var document = parser.ParseDocument(Encoding.UTF8.GetString(page.Content));
            foreach (var (selector, attribute) in ResourceReferences)
            foreach (var element in document.QuerySelectorAll(selector))
            foreach (var url in Urls(element.GetAttribute(attribute)!, attribute))
                if (!IsSameOrigin(url)) foreign.Add($"{page.Path}: <{element.LocalName} {attribute}=\"{url}\">");
            var policy = document.QuerySelector("meta[http-equiv='Content-Security-Policy']")?.GetAttribute("content");
            Assert.True(policy is not null, $"{page.Path} has no Content-Security-Policy");
            Assert.Contains("default-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Contains("object-src 'none'", policy);
        }
        Assert.True(foreign.Count == 0, string.Join("\n", foreign));
    }

    private static IEnumerable<string> Urls(string value, string attribute)
        => attribute == "srcset" ? value.Split(',').Select(c => c.Trim().Split(' ')[0]) : [value.Trim()];

    /// <summary>A path on this site; protocol-relative (<c>//host</c>, also <c>/\host</c>) and absolute URLs go elsewhere.</summary>
    private static bool IsSameOrigin(string url)
    {
        var normalised = url.Replace('\\', '/');
        if (normalised.StartsWith("//", StringComparison.Ordinal)) return false;
        if (normalised.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return true;
        return !Uri.TryCreate(normalised, UriKind.Absolute, out var absolute) || absolute.IsFile;
    }
}
