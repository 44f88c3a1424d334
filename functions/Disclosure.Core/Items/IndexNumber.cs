using System.Globalization;
using System.Text.RegularExpressions;

namespace Disclosure.Items;

/// <summary>
/// 索引号 <c>{issuer code}/{YYYY}-{NNNNN}</c> (catalogue.md): assigned by the system, permanent, never reused.
/// </summary>
public readonly partial record struct IndexNumber(string IssuerCode, int Year, int Serial)
{
    public const int MaxSerial = 99_999;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{IssuerCode}/{Year:D4}-{Serial:D5}");

    public static bool TryParse(string? text, out IndexNumber value)
    {
        value = default;
        if (text is null) return false;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        value = new IndexNumber(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^([0-9A-Z\-]{1,32})/([0-9]{4})-([0-9]{5})$", RegexOptions.NonBacktracking)]
    private static partial Regex Pattern();
}
