using System.Buffers;

namespace Disclosure.Compliance;

/// <summary>
/// One pass over the digits and ASCII letters of an NFKC-normalised text, finding personal data (validation.md).
/// A number is always a whole digit run: look-arounds are on digits only (so <c>电话13800138000</c> and
/// <c>ID11010519491231002X</c> match, Chinese letters being <c>\w</c> defeats <c>\b</c>), and nothing is found inside a
/// longer run (no mobile inside an ID, no ID inside a 20-digit account). Codes with letters (统一社会信用代码, passports)
/// are whole ASCII alphanumeric tokens. A valid credit code is claimed first, so it is never reported as anything else.
/// </summary>
internal static class PersonalDataScanner
{
    private static readonly SearchValues<char> AsciiAlphanumerics =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static void Scan(string s, DateOnly today, List<Hit> hits)
    {
        var n = s.Length;
        var i = 0;
        while (i < n)
        {
            var skip = s.AsSpan(i).IndexOfAny(AsciiAlphanumerics);
            if (skip < 0) break;
            var ts = i + skip;
            var te = ts + 1;
            while (te < n && IsAlphanumeric(s[te])) te++;
            var wholeToken = ts == 0 || !IsAlphanumeric(s[ts - 1]);

            if (wholeToken && TryCode(s, ts, te, today, hits))
            {
                i = te;
                continue;
            }

            var resume = te;
            for (var p = ts; p < te;)
            {
                if (!IsDigit(s[p])) { p++; continue; }
                var end = ScanDigits(s, p, today, hits);
                if (end >= te) { resume = end; break; }
                p = end;
            }
            i = resume;
        }
    }

    /// <summary>Whole-token codes: an 18-character ID or credit code, a passport number.</summary>
    private static bool TryCode(string s, int ts, int te, DateOnly today, List<Hit> hits)
    {
        var token = s.AsSpan(ts, te - ts);
        if (token.Length == 18)
        {
            if (IsIdShape(token) && ResidentIdNumber.HasValidCheckCharacter(token) && ResidentIdNumber.HasPlausibleStructure(token, today))
            {
                AddResidentId(s, ts, te, hits);
                return true;
            }
            if (TryCreditCode(s, ts, te, hits)) return true;
        }
        if (token.Length == 9 && IsPassport(token))
        {
            hits.Add(new Hit(RuleIds.Passport, Severity.Review, ts, te, Mask.Middle(token, 2, 2), FindingTexts.Passport, FindingTexts.PassportAdvice));
            return true;
        }
        return false;
    }

    /// <summary>Classifies the digit run starting at <paramref name="ds"/> (and what it is written together with); returns where to go on.</summary>
    private static int ScanDigits(string s, int ds, DateOnly today, List<Hit> hits)
    {
        var n = s.Length;
        var de = ds;
        while (de < n && IsDigit(s[de])) de++;
        var length = de - ds;

        if (TryPrefixedMobile(s, ds, de, hits, out var end)) return end;

        // 17 digits and a check character X (also x, validation.md); a digit right after it makes a longer run.
        if (length == 17 && de < n && s[de] is 'X' or 'x' && !(de + 1 < n && IsDigit(s[de + 1])))
        {
            ClassifyEighteen(s, ds, de + 1, today, hits);
            return de + 1;
        }

        if (de + 1 < n && IsDigit(s[de + 1]))
        {
            var separator = s[de];
            if (separator is ' ' or '-')
            {
                if (TryGroupedResidentId(s, ds, today, hits, out end)) return end;
                if (TryGroupedMobile(s, ds, out end)) { AddMobile(s, ds, ds, end, hits); return end; }
                if (TryLandline(s, ds, ds, hits, out end)) return end;
                if (TryGroupedCard(s, ds, hits, out end)) return end;
            }
            else if (separator == ')' && ds > 0 && s[ds - 1] == '(' && TryLandline(s, ds - 1, ds, hits, out end))
            {
                return end;
            }
        }

        ClassifyRun(s, ds, de, today, hits);
        return de;
    }

    private static void ClassifyRun(string s, int ds, int de, DateOnly today, List<Hit> hits)
    {
        var run = s.AsSpan(ds, de - ds);
        switch (run.Length)
        {
            case 11 when IsMobile(run):
                AddMobile(s, ds, ds, de, hits);
                break;
            case 10 or 11 or 12 when run[0] == '0':
                TryLandlineRun(s, ds, de, hits);
                break;
            case 13 when run.StartsWith("86") && IsMobile(run[2..]):
                AddMobile(s, ds > 0 && s[ds - 1] == '+' ? ds - 1 : ds, ds + 2, de, hits);
                break;
            case 15 when run.StartsWith("0086") && IsMobile(run[4..]):
                AddMobile(s, ds, ds + 4, de, hits);
                break;
            case 15 when ResidentIdNumber.IsPlausibleLegacy(run):
                hits.Add(new Hit(RuleIds.ResidentIdLegacy, Severity.Review, ds, de, Mask.Middle(run, 4, 4), FindingTexts.ResidentIdLegacy, FindingTexts.ResidentIdCheckAdvice));
                break;
            case 18:
                ClassifyEighteen(s, ds, de, today, hits);
                break;
            case >= 16 and <= 19:
                AddCardIfLikely(run, ds, de, hits);
                break;
        }
    }

    /// <summary>
    /// Eighteen characters, in order of what they most likely are: a valid ID (a person: block); a valid credit code
    /// (an organisation: public); an ID with a wrong check character (a typo still reveals region and birth date:
    /// info); otherwise a possible card number.
    /// </summary>
    private static void ClassifyEighteen(string s, int start, int end, DateOnly today, List<Hit> hits)
    {
        var value = s.AsSpan(start, end - start);
        var plausibleId = ResidentIdNumber.HasPlausibleStructure(value, today);
        if (plausibleId && ResidentIdNumber.HasValidCheckCharacter(value))
        {
            AddResidentId(s, start, end, hits);
            return;
        }
        if (TryCreditCode(s, start, end, hits)) return;
        if (plausibleId)
        {
            hits.Add(new Hit(RuleIds.ResidentIdUnverified, Severity.Info, start, end, Mask.Middle(value, 4, 4), FindingTexts.ResidentIdUnverified, FindingTexts.ResidentIdCheckAdvice));
            return;
        }
        if (IsAllDigits(value)) AddCardIfLikely(value, start, end, hits);
    }

    private static bool TryCreditCode(string s, int start, int end, List<Hit> hits)
    {
        var code = s.AsSpan(start, end - start);
        if (!CreditCode.IsValid(code)) return false;
        if (CreditCode.IsIndividualBusiness(code))
            hits.Add(new Hit(RuleIds.IndividualBusinessCode, Severity.Info, start, end, Mask.Middle(code, 8, 4), FindingTexts.IndividualBusiness, FindingTexts.IndividualBusinessAdvice));
        return true;
    }

    private static void AddResidentId(string s, int start, int end, List<Hit> hits)
        => AddResidentId(s.AsSpan(start, end - start), start, end, hits);

    private static void AddResidentId(ReadOnlySpan<char> id, int start, int end, List<Hit> hits)
        => hits.Add(new Hit(RuleIds.ResidentId, Severity.Block, start, end, Mask.Middle(id, 4, 4), FindingTexts.ResidentId, FindingTexts.ResidentIdAdvice));

    /// <summary>
    /// <c>110105 19491231 002X</c>: forms often space the ID as region, birth date, sequence and check. Only a valid
    /// number is reported this way; anything else falls through to the other shapes.
    /// </summary>
    private static bool TryGroupedResidentId(string s, int ds, DateOnly today, List<Hit> hits, out int end)
    {
        end = ds;
        if (!ReadGroup(s, ds, out var regionEnd) || regionEnd - ds != 6) return false;
        var separator = s[regionEnd];
        if (PrecededByDigitGroup(s, ds, separator)) return false;
        if (!ReadGroup(s, regionEnd + 1, out var birthEnd) || birthEnd - regionEnd - 1 != 8) return false;
        if (birthEnd + 1 >= s.Length || s[birthEnd] != separator || !ReadGroup(s, birthEnd + 1, out var lastEnd)) return false;
        var lastLength = lastEnd - birthEnd - 1;
        if (lastLength == 3 && lastEnd < s.Length && s[lastEnd] is 'X' or 'x') lastEnd++;
        else if (lastLength != 4) return false;
        if (lastEnd < s.Length && IsDigit(s[lastEnd]) || FollowedByDigitGroup(s, lastEnd, separator)) return false;
        Span<char> id = stackalloc char[18];
        s.AsSpan(ds, 6).CopyTo(id);
        s.AsSpan(regionEnd + 1, 8).CopyTo(id[6..]);
        s.AsSpan(birthEnd + 1, lastEnd - birthEnd - 1).CopyTo(id[14..]);
        if (!ResidentIdNumber.HasValidCheckCharacter(id) || !ResidentIdNumber.HasPlausibleStructure(id, today)) return false;
        AddResidentId(id, ds, lastEnd, hits);
        end = lastEnd;
        return true;
    }

    /// <summary>
    /// Luhn-valid 16–19 digits block. A failing number starting 62 (China UnionPay's prefix, which nearly every
    /// personal card issued in China carries) is probably a mistyped card: review. Any other failing run is far
    /// more often a serial, contract or corporate account number (those do not use Luhn), so it is left alone.
    /// </summary>
    private static void AddCardIfLikely(ReadOnlySpan<char> digits, int start, int end, List<Hit> hits)
    {
        var masked = Mask.Middle(digits, 4, 4);
        if (Luhn.IsValid(digits))
            hits.Add(new Hit(RuleIds.BankCard, Severity.Block, start, end, masked, FindingTexts.BankCard, FindingTexts.BankCardAdvice));
        else if (digits.StartsWith("62"))
            hits.Add(new Hit(RuleIds.BankCard, Severity.Review, start, end, masked, FindingTexts.BankCardUnverified, FindingTexts.BankCardUnverifiedAdvice));
    }

    /// <summary><c>+86 138…</c>, <c>(+86)138…</c>, <c>0086-138…</c>: a country code written apart from the number.</summary>
    private static bool TryPrefixedMobile(string s, int ds, int de, List<Hit> hits, out int end)
    {
        end = de;
        var n = s.Length;
        var run = s.AsSpan(ds, de - ds);
        var plus = ds > 0 && s[ds - 1] == '+';
        if (!(run is "0086" || (plus && run is "86"))) return false;
        var q = de;
        if (q < n && s[q] is ' ' or '-' or ')') q++;
        if (q < n && s[q] == ' ') q++;
        if (q >= n || !IsDigit(s[q])) return false;
        var me = q;
        while (me < n && IsDigit(s[me])) me++;
        if (me - q == 11 && IsMobile(s.AsSpan(q, 11))) end = me;
        else if (!TryGroupedMobile(s, q, out end, afterCountryCode: true)) return false;
        AddMobile(s, plus ? ds - 1 : ds, q, end, hits);
        return true;
    }

    /// <summary><c>138-0013-8000</c> or <c>138 0013 8000</c>: 3-4-4 with one kind of separator, not part of a longer group.</summary>
    private static bool TryGroupedMobile(string s, int ds, out int end, bool afterCountryCode = false)
    {
        end = ds;
        if (!ReadGroup(s, ds, out var g1End) || g1End - ds != 3 || g1End >= s.Length) return false;
        var separator = s[g1End];
        if (separator is not (' ' or '-') || (!afterCountryCode && PrecededByDigitGroup(s, ds, separator))) return false;
        if (!ReadGroup(s, g1End + 1, out var g2End) || g2End - g1End - 1 != 4) return false;
        if (g2End >= s.Length || s[g2End] != separator || !ReadGroup(s, g2End + 1, out var g3End) || g3End - g2End - 1 != 4) return false;
        if (FollowedByDigitGroup(s, g3End, separator)) return false;
        Span<char> digits = stackalloc char[11];
        s.AsSpan(ds, 3).CopyTo(digits);
        s.AsSpan(g1End + 1, 4).CopyTo(digits[3..]);
        s.AsSpan(g2End + 1, 4).CopyTo(digits[7..]);
        if (!IsMobile(digits)) return false;
        end = g3End;
        return true;
    }

    private static void AddMobile(string s, int spanStart, int numberStart, int end, List<Hit> hits)
    {
        var digits = Mask.DigitsOnly(s.AsSpan(numberStart, end - numberStart));
        var masked = Mask.Middle(digits, 3, 4);
        if (spanStart < numberStart) masked = "+86 " + masked;
        hits.Add(new Hit(RuleIds.Mobile, Severity.Review, spanStart, end, masked, FindingTexts.Mobile, FindingTexts.MobileAdvice));
    }

    /// <summary>
    /// <c>0571-85000000</c>, <c>0571 85000000</c>, <c>(0571)85000000</c>, with an optional extension (<c>-8001</c>,
    /// <c>转8001</c>): area code 0 + 2–3 digits, local number 7–8 digits starting 2–9. The leading 0 makes the shape
    /// distinctive enough that a neighbouring number (a table of phones) does not disqualify it.
    /// </summary>
    private static bool TryLandline(string s, int spanStart, int ds, List<Hit> hits, out int end)
    {
        end = ds;
        if (!ReadGroup(s, ds, out var areaEnd)) return false;
        var areaLength = areaEnd - ds;
        if (areaLength is < 3 or > 4 || s[ds] != '0' || s[ds + 1] == '0') return false;
        var q = areaEnd + 1;
        if (s[areaEnd] == ')' && q < s.Length && s[q] is ' ' or '-') q++;
        if (!ReadGroup(s, q, out var localEnd)) return false;
        var localLength = localEnd - q;
        if (localLength is < 7 or > 8 || s[q] is '0' or '1') return false;
        end = localEnd;
        if (localEnd + 1 < s.Length && s[localEnd] is '-' or '转' && ReadGroup(s, localEnd + 1, out var extensionEnd) && extensionEnd - localEnd - 1 <= 6)
            end = extensionEnd;
        var masked = string.Concat(s.AsSpan(spanStart, localEnd - 4 - spanStart), "****", s.AsSpan(localEnd, end - localEnd));
        hits.Add(new Hit(RuleIds.Landline, Severity.Info, spanStart, end, masked, FindingTexts.Landline, FindingTexts.LandlineAdvice));
        return true;
    }

    /// <summary>A landline written without separator: 010/02x have 3-digit area codes, the rest 4.</summary>
    private static void TryLandlineRun(string s, int ds, int de, List<Hit> hits)
    {
        if (s[ds + 1] == '0') return;
        var areaLength = s[ds + 1] is '1' or '2' ? 3 : 4;
        var localLength = de - ds - areaLength;
        if (localLength is < 7 or > 8 || s[ds + areaLength] is '0' or '1') return;
        var masked = Mask.Middle(s.AsSpan(ds, de - ds), de - ds - 4, 0);
        hits.Add(new Hit(RuleIds.Landline, Severity.Info, ds, de, masked, FindingTexts.Landline, FindingTexts.LandlineAdvice));
    }

    /// <summary><c>6222 0212 3456 7890 123</c>: groups of four with one kind of separator, the last 1–4 digits, 16–19 in all.</summary>
    private static bool TryGroupedCard(string s, int ds, List<Hit> hits, out int end)
    {
        end = ds;
        if (!ReadGroup(s, ds, out var firstEnd) || firstEnd >= s.Length || PrecededByDigitGroup(s, ds, s[firstEnd])) return false;
        Span<char> digits = stackalloc char[20];
        var count = 0;
        var p = ds;
        var separator = '\0';
        while (true)
        {
            if (!ReadGroup(s, p, out var groupEnd)) return false;
            var groupLength = groupEnd - p;
            if (groupLength > 4 || count + groupLength > 19) return false;
            s.AsSpan(p, groupLength).CopyTo(digits[count..]);
            count += groupLength;
            var more = groupEnd + 1 < s.Length && IsDigit(s[groupEnd + 1]) && (separator == '\0' ? s[groupEnd] is ' ' or '-' : s[groupEnd] == separator);
            if (groupLength < 4 || !more)
            {
                if (more) return false;   // a short group in the middle: not a card layout
                end = groupEnd;
                break;
            }
            separator = s[groupEnd];
            p = groupEnd + 1;
        }
        if (count < 16) return false;
        var before = hits.Count;
        AddCardIfLikely(digits[..count], ds, end, hits);
        return hits.Count > before;
    }

    private static bool ReadGroup(string s, int start, out int end)
    {
        end = start;
        while (end < s.Length && IsDigit(s[end])) end++;
        return end > start && (start == 0 || !IsDigit(s[start - 1]));
    }

    /// <summary>The group is the continuation of a longer number written with the same separator.</summary>
    private static bool PrecededByDigitGroup(string s, int start, char separator)
        => start >= 2 && s[start - 1] == separator && IsDigit(s[start - 2]);

    private static bool FollowedByDigitGroup(string s, int end, char separator)
        => end + 1 < s.Length && s[end] == separator && IsDigit(s[end + 1]);

    private static bool IsMobile(ReadOnlySpan<char> digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    private static bool IsIdShape(ReadOnlySpan<char> value)
        => IsAllDigits(value[..17]) && (IsDigit(value[17]) || value[17] is 'X' or 'x');

    /// <summary><c>E</c> + 8 digits, <c>E</c> + letter + 7 digits (electronic passports), <c>G</c> + 8 digits (older ones).</summary>
    private static bool IsPassport(ReadOnlySpan<char> token)
        => token[0] switch
        {
            'E' => IsAllDigits(token[2..]) && (IsDigit(token[1]) || token[1] is >= 'A' and <= 'Z'),
            'G' => IsAllDigits(token[1..]),
            _ => false,
        };

    private static bool IsAllDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsAlphanumeric(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z';
}
