namespace Disclosure.Compliance;

/// <summary>
/// E-mail addresses around each <c>@</c> (full-width <c>＠</c> is already <c>@</c> after NFKC). Addresses on the agency's
/// own domains (or their subdomains) are office addresses, published as a matter of course (Art. 12): info. Any other
/// domain may be a person's mailbox: review.
/// </summary>
internal static class EmailScanner
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    public static void Scan(string s, IReadOnlyList<string> officialDomains, List<Hit> hits)
    {
        for (var at = s.IndexOf('@'); at >= 0; at = at + 1 < s.Length ? s.IndexOf('@', at + 1) : -1)
        {
            var start = at;
            while (start > 0 && IsLocalChar(s[start - 1])) start--;
            while (start < at && s[start] == '.') start++;
            if (start == at) continue;

            var end = at + 1;
            while (end < s.Length && IsDomainChar(s[end])) end++;
            while (end > at + 1 && s[end - 1] is '.' or '-') end--;
            var domain = s.AsSpan(at + 1, end - at - 1);
            if (!IsDomain(domain)) continue;

            var official = IsOfficial(domain, officialDomains);
            var masked = string.Concat(s.AsSpan(start, 1), "***@", MaskLongDigitRuns(domain));
            hits.Add(official
                ? new Hit(RuleIds.Email, Severity.Info, start, end, masked, FindingTexts.OfficialEmail, FindingTexts.OfficialEmailAdvice)
                : new Hit(RuleIds.Email, Severity.Review, start, end, masked, FindingTexts.OtherEmail, FindingTexts.OtherEmailAdvice));
        }
    }

    /// <summary>Mail domains such as 163.com stay readable; a long number in a domain could be a phone number.</summary>
    private static string MaskLongDigitRuns(ReadOnlySpan<char> domain)
    {
        var chars = domain.ToArray();
        for (var i = 0; i < chars.Length;)
        {
            var end = i;
            while (end < chars.Length && char.IsAsciiDigit(chars[end])) end++;
            if (end - i >= 6) chars.AsSpan(i, end - i).Fill('*');
            i = Math.Max(end, i + 1);
        }
        return new string(chars);
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0) return false;
        var tld = domain[(lastDot + 1)..];
        if (tld.Length < 2 || tld.ContainsAnyExcept(AsciiLetters)) return false;
        return domain.IndexOf("..") < 0 && domain[0] != '.' && domain[0] != '-';
    }

    private static bool IsOfficial(ReadOnlySpan<char> domain, IReadOnlyList<string> officialDomains)
    {
        foreach (var official in officialDomains)
        {
            if (domain.Equals(official, StringComparison.OrdinalIgnoreCase)) return true;
            if (domain.Length > official.Length && domain[^(official.Length + 1)] == '.'
                && domain[^official.Length..].Equals(official, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static bool IsLocalChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-';
}
