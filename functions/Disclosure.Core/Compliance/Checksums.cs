namespace Disclosure.Compliance;

/// <summary>居民身份证号码 (GB 11643-1999).</summary>
internal static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    // First two digits of the administrative division code (GB/T 2260): provinces, plus 81/82/83 used on the
    // residence permits of Hong Kong, Macao and Taiwan residents. Anything else is not an ID number.
    private static readonly bool[] Provinces = BuildProvinces(
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83);

    /// <summary>The check character for 17 digits; the caller guarantees they are ASCII digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    public static bool HasValidCheckCharacter(ReadOnlySpan<char> id18)
    {
        var last = id18[17];
        if (last == 'x') last = 'X';
        return CheckCharacter(id18[..17]) == last;
    }

    /// <summary>Region and birth date make sense (real date, not after <paramref name="today"/>), whatever the check character.</summary>
    public static bool HasPlausibleStructure(ReadOnlySpan<char> id18, DateOnly today)
        => HasProvince(id18)
           && TryDate(Digits(id18.Slice(6, 4)), Digits(id18.Slice(10, 2)), Digits(id18.Slice(12, 2)), out var birth)
           && birth <= today && birth.Year >= 1800;

    /// <summary>The 15-digit form issued before 1999: region, YYMMDD of the 1900s, sequence; no check digit.</summary>
    public static bool IsPlausibleLegacy(ReadOnlySpan<char> id15)
        => HasProvince(id15) && TryDate(1900 + Digits(id15.Slice(6, 2)), Digits(id15.Slice(8, 2)), Digits(id15.Slice(10, 2)), out _);

    private static bool HasProvince(ReadOnlySpan<char> id) => Provinces[(id[0] - '0') * 10 + (id[1] - '0')];

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits) value = value * 10 + (c - '0');
        return value;
    }

    private static bool[] BuildProvinces(params int[] codes)
    {
        var table = new bool[100];
        foreach (var code in codes) table[code] = true;
        return table;
    }
}

/// <summary>统一社会信用代码 (GB 32100-2015).</summary>
internal static class CreditCode
{
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(ReadOnlySpan<char> code)
    {
        if (code.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Charset.IndexOf(code[i]);
            if (value < 0) return false;
            sum += value * Weights[i];
        }
        return code[17] == Charset[(31 - sum % 31) % 31];
    }

    /// <summary>Registration authority 9 (工商), type 2: 个体工商户 — the holder is a natural person.</summary>
    public static bool IsIndividualBusiness(ReadOnlySpan<char> code) => code.StartsWith("92");
}

/// <summary>The Luhn check used on payment card numbers (ISO/IEC 7812).</summary>
internal static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
