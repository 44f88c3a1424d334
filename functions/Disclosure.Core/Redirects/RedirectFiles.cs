using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Disclosure.Catalogue;
using Disclosure.Publishing;
using Disclosure.Templating;

namespace Disclosure.Redirects;

/// <summary>An old address whose item has a page on the portal (its page, or its 已撤回 / 公开时限届满 notice at the same address).</summary>
public sealed record LegacyRedirect(LegacyMapping Mapping, string ItemId)
{
    public string TargetPath => PortalPaths.Item(ItemId);
}

/// <summary>The template's model: every value is HTML-encoded by the portal's encoder.</summary>
public sealed record RedirectPageView(string Target, string Canonical, string IndexNumber, string Agency);

/// <summary>
/// What the redirects become: static pages at the old paths in <c>$web</c> (for addresses on the portal's own host
/// without a query string) and two rules files for what stands in front of the site, each in the format its server
/// reads: an nginx <c>map</c> (agencies behind their own reverse proxy) and an Azure Front Door rule-set document (the
/// rules of <c>Microsoft.Cdn/profiles/ruleSets/rules</c>, which <c>infra/core/cdn/legacy-redirects.bicep</c> deploys).
/// Pure and deterministic: the same redirects give the same bytes, so only what changed is written.
/// </summary>
public sealed class RedirectFiles
{
    public const string NginxMapName = "nginx-legacy-redirects.conf";
    public const string FrontDoorRulesName = "front-door-legacy-redirects.json";
    /// <summary>The variable the nginx map sets; the server block redirects when it is not empty (README).</summary>
    public const string NginxVariable = "$disclosure_legacy_redirect";
    /// <summary>Azure Front Door Standard/Premium allows at most 100 rules in one rule set; more redirects take more rule sets.</summary>
    public const int FrontDoorRulesPerSet = 100;
    /// <summary>
    /// Rule sets the document may use: a Standard profile holds 100, and the site's security headers take one. Past
    /// 9,900 redirects the document keeps those only the edge can answer (another host, a query string) and as many of
    /// the others as fit, and says how many it left out; those still have their static pages.
    /// </summary>
    public const int FrontDoorMaxRuleSets = 99;
    public const string HtmlContentType = "text/html; charset=utf-8";
    public const string CacheControl = "public, max-age=300";

    private const string Template = "Redirects/Templates/redirect";
    private readonly EmbeddedTemplates _templates = new(TemplateEncoders.Portal, [typeof(RedirectPageView)]);

    /// <summary>The redirect page for one old path: meta refresh, canonical link, a visible link and noindex.</summary>
    public SiteFile Page(LegacyRedirect redirect, CatalogueSettings catalogue)
    {
        var path = redirect.Mapping.Address.StaticPagePath
            ?? throw new ArgumentException("此旧网址只能由转发规则处理，不能写成静态页面。", nameof(redirect));
        var view = new RedirectPageView(redirect.TargetPath, SiteUrls.Absolute(catalogue.Agency.SiteBaseUrl, redirect.TargetPath),
            redirect.Mapping.IndexNumber.ToString(), catalogue.Agency.Name);
        var html = _templates.Render(Template, view);
        return new SiteFile(path, Encoding.UTF8.GetBytes(html), HtmlContentType, CacheControl);
    }

    /// <summary>
    /// An nginx <c>map</c> from <c>$host$request_uri</c> (host lower-case, path and query percent-encoded as browsers
    /// send them) to the new page's absolute address; included in the <c>http</c> block.
    /// </summary>
    public static byte[] NginxMap(IEnumerable<LegacyRedirect> redirects, CatalogueSettings catalogue)
    {
        var portalHost = LegacyAddress.HostOf(catalogue.Agency.SiteBaseUrl) ?? "";
        var text = new StringBuilder();
        text.Append("# 旧网址转发（Disclosure.Functions 生成，请勿手工修改）。在 http 块中 include 本文件，并在 server 块中写：\n");
        text.Append("#     if (").Append(NginxVariable).Append(") { return 301 ").Append(NginxVariable).Append("; }\n");
        text.Append("map $host$request_uri ").Append(NginxVariable).Append(" {\n");
        text.Append("    default \"\";\n");
        foreach (var (key, target) in Ordered(redirects, portalHost, catalogue))
            text.Append("    ").Append(Quote(key)).Append(' ').Append(Quote(target)).Append(";\n");
        text.Append("}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The Front Door rules, as <c>{"ruleSets":[{"name","rules":[{name, order, conditions, actions, matchProcessingBehavior}]}]}</c>:
    /// each rule matches the host, the path (without its leading slash, as Front Door compares it) and, when the old
    /// address had one, the query string, and answers 301 to the new page over HTTPS.
    /// </summary>
    public static byte[] FrontDoorRules(IEnumerable<LegacyRedirect> redirects, CatalogueSettings catalogue)
    {
        var portalHost = LegacyAddress.HostOf(catalogue.Agency.SiteBaseUrl) ?? "";
        var sets = new JsonArray();
        var all = redirects.ToList();
        var capacity = FrontDoorRulesPerSet * FrontDoorMaxRuleSets;
        var ordered = all
            .OrderBy(r => r.Mapping.Address.StaticPagePath is null ? 0 : 1)
            .ThenBy(r => r.Mapping.Address.Key, StringComparer.Ordinal)
            .Take(capacity)
            .OrderBy(r => r.Mapping.Address.Key, StringComparer.Ordinal)
            .ToList();
        for (var start = 0; start < ordered.Count; start += FrontDoorRulesPerSet)
        {
            var rules = new JsonArray();
            var chunk = ordered.Skip(start).Take(FrontDoorRulesPerSet).ToList();
            for (var i = 0; i < chunk.Count; i++)
            {
                var address = chunk[i].Mapping.Address;
                var conditions = new JsonArray
                {
                    Condition("HostName", "DeliveryRuleHostNameConditionParameters", address.Host ?? portalHost, "Lowercase"),
                    Condition("UrlPath", "DeliveryRuleUrlPathMatchConditionParameters", address.RequestPath.TrimStart('/')),
                };
                if (address.Query.Length > 0)
                    conditions.Add(Condition("QueryString", "DeliveryRuleQueryStringConditionParameters", address.RequestQuery));
                rules.Add(new JsonObject
                {
                    ["name"] = string.Create(CultureInfo.InvariantCulture, $"legacy{start + i + 1}"),
                    ["order"] = i + 1,
                    ["conditions"] = conditions,
                    ["actions"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["name"] = "UrlRedirect",
                            ["parameters"] = new JsonObject
                            {
                                ["typeName"] = "DeliveryRuleUrlRedirectActionParameters",
                                ["redirectType"] = "Moved",
                                ["destinationProtocol"] = "Https",
                                ["customHostname"] = portalHost,
                                ["customPath"] = chunk[i].TargetPath,
                            },
                        },
                    },
                    ["matchProcessingBehavior"] = "Stop",
                });
            }
            sets.Add(new JsonObject
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"LegacyRedirects{start / FrontDoorRulesPerSet + 1}"),
                ["rules"] = rules,
            });
        }
        var document = new JsonObject { ["ruleSets"] = sets, ["omittedRedirects"] = all.Count - ordered.Count };
        return JsonSerializer.SerializeToUtf8Bytes(document, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new(PublicationJson.Options) { WriteIndented = true };

    private static JsonObject Condition(string name, string typeName, string value, string? transform = null) => new()
    {
        ["name"] = name,
        ["parameters"] = new JsonObject
        {
            ["typeName"] = typeName,
            ["operator"] = "Equal",
            ["negateCondition"] = false,
            ["matchValues"] = new JsonArray(value),
            ["transforms"] = transform is null ? new JsonArray() : new JsonArray(transform),
        },
    };

    private static IEnumerable<(string Key, string Target)> Ordered(IEnumerable<LegacyRedirect> redirects, string portalHost, CatalogueSettings catalogue) =>
        redirects
            .Select(r => ((r.Mapping.Address.Host ?? portalHost) + r.Mapping.Address.RequestPath
                          + (r.Mapping.Address.Query.Length > 0 ? "?" + r.Mapping.Address.RequestQuery : ""),
                SiteUrls.Absolute(catalogue.Agency.SiteBaseUrl, r.TargetPath)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal);

    /// <summary>
    /// An nginx quoted string. The request URI is percent-encoded, so it holds no quote, backslash, space or brace; a
    /// <c>$</c> (legal in a URL) would start a variable in the target, so targets, which are the portal's own item
    /// addresses, never carry one — checked here rather than trusted.
    /// </summary>
    private static string Quote(string value)
    {
        if (value.Any(c => c is '"' or '\\' or '{' or '}' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new InvalidOperationException($"nginx 规则中不能出现的字符：{value}");
        return "\"" + value + "\"";
    }
}
