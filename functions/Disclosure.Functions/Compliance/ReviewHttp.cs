using Disclosure.Compliance;
using Microsoft.AspNetCore.Http;

namespace Disclosure.Functions.Compliance;

/// <summary>What the review and preflight functions share: the JSON shape of a finding, the same-origin rule for forms.</summary>
internal static class ReviewHttp
{
    public static object Finding(FindingInContext f) => new
    {
        ruleId = f.Finding.RuleId,
        severity = f.Finding.Severity.ToString(),
        severityName = f.Finding.Severity.ToChinese(),
        source = f.Finding.Source,
        offset = f.Finding.Offset,
        length = f.Finding.Length,
        maskedExcerpt = f.Finding.MaskedExcerpt,
        before = f.Before,
        after = f.After,
        message = f.Finding.Message,
        advice = f.Finding.Advice,
    };

    public static bool IsForm(HttpRequest req) => req.HasFormContentType;

    /// <summary>
    /// A form posted from another site rides on the reviewer's sign-in cookie (CSRF): browsers say where a request
    /// comes from in Sec-Fetch-Site and Origin, and a form from elsewhere is refused.
    /// </summary>
    public static bool IsCrossSite(HttpRequest req)
    {
        if (req.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.ToString() is "cross-site") return true;
        if (!req.Headers.TryGetValue("Origin", out var origin) || string.IsNullOrEmpty(origin.ToString())) return false;
        return !Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, req.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
