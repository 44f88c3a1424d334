using Disclosure.Compliance;
using Microsoft.AspNetCore.Http;

namespace Disclosure.Functions.Compliance;

/// <summary>What the review and preflight functions share: the JSON shape of a finding, whether the request is a form.</summary>
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
}
