using System.Buffers;
using System.Globalization;
using System.Text;

namespace Disclosure.Compliance;

/// <summary>
/// The NFKC form of a text (validation.md: full-width <c>１３８</c> and <c>Ｘ</c> become ASCII before matching) with a
/// map back to the original, because a finding must point at what the author typed. Normalising segment by segment
/// (a character with its combining marks) keeps the map exact: only segments whose length changes (<c>㈠</c> → <c>(一)</c>,
/// a surrogate pair → one character) are recorded, so ordinary Chinese text costs no map at all.
/// </summary>
internal sealed class NormalizedText
{
    private readonly Anchor[] _anchors;

    private NormalizedText(string original, string text, Anchor[] anchors)
    {
        Original = original;
        Text = text;
        _anchors = anchors;
    }

    public string Original { get; }
    public string Text { get; }

    /// <summary>A segment whose normalised length differs from its original length.</summary>
    private readonly record struct Anchor(int NormStart, int NormEnd, int OrigStart, int OrigEnd);

    public static NormalizedText Create(string original)
    {
        var table = CharTable.Instance;
        var kinds = table.Kinds;
        var n = original.Length;

        // Most text needs nothing before its first full-width comma; find that point without allocating.
        var i = 0;
        while (i < n && kinds[original[i]] == CharTable.Stable && (i + 1 >= n || kinds[original[i + 1]] != CharTable.Continuation)) i++;
        if (i == n) return new NormalizedText(original, original, []);

        var buffer = ArrayPool<char>.Shared.Rent(n + 16);
        try
        {
            original.AsSpan(0, i).CopyTo(buffer);
            var written = i;
            List<Anchor>? anchors = null;
            var kind = kinds[original[i]];
            while (i < n)
            {
                var c = original[i];
                var nextKind = i + 1 < n ? kinds[original[i + 1]] : CharTable.Stable;
                if (nextKind != CharTable.Continuation)
                {
                    if (kind == CharTable.Stable) { buffer[written++] = c; i++; kind = nextKind; continue; }
                    if (kind == CharTable.OneToOne) { buffer[written++] = table.Replacements[c]; i++; kind = nextKind; continue; }
                }

                // A segment: this character (a surrogate pair counts as one) and the combining characters after it.
                var end = i + 1;
                if (char.IsHighSurrogate(c) && end < n && char.IsLowSurrogate(original[end])) end++;
                while (end < n && kinds[original[end]] == CharTable.Continuation) end++;
                var normalised = NormalizeSegment(original.AsSpan(i, end - i));
                if (written + normalised.Length + (n - end) > buffer.Length)
                {
                    var larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, written + normalised.Length + (n - end)));
                    buffer.AsSpan(0, written).CopyTo(larger);
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = larger;
                }
                normalised.CopyTo(buffer.AsSpan(written));
                if (normalised.Length != end - i)
                    (anchors ??= []).Add(new Anchor(written, written + normalised.Length, i, end));
                written += normalised.Length;
                i = end;
                if (i < n) kind = kinds[original[i]];
            }
            return new NormalizedText(original, new string(buffer, 0, written), anchors?.ToArray() ?? []);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string NormalizeSegment(ReadOnlySpan<char> segment)
    {
        try
        {
            return segment.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return segment.ToString();   // an unpaired surrogate: keep it as it is, it can match nothing
        }
    }

    /// <summary>The original position of the character at normalised position <paramref name="start"/>.</summary>
    public int MapStart(int start)
    {
        var a = LastAnchor(start, inclusive: true);
        if (a is not { } anchor) return start;
        return start < anchor.NormEnd ? anchor.OrigStart : start - anchor.NormEnd + anchor.OrigEnd;
    }

    /// <summary>The original position just after a span that ends (exclusively) at normalised <paramref name="end"/>.</summary>
    public int MapEnd(int end)
    {
        var a = LastAnchor(end, inclusive: false);
        if (a is not { } anchor) return end;
        return end <= anchor.NormEnd ? anchor.OrigEnd : end - anchor.NormEnd + anchor.OrigEnd;
    }

    private Anchor? LastAnchor(int position, bool inclusive)
    {
        int lo = 0, hi = _anchors.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _anchors[mid].NormStart;
            if (inclusive ? s <= position : s < position) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : _anchors[found];
    }

    /// <summary>What NFKC does to each BMP character, computed once so the scan is a table lookup per character.</summary>
    private sealed class CharTable
    {
        public const byte Stable = 0;
        public const byte OneToOne = 1;
        public const byte Complex = 2;
        public const byte Continuation = 3;

        public static readonly CharTable Instance = new();

        public readonly byte[] Kinds = new byte[65536];
        public readonly char[] Replacements = new char[65536];

        private CharTable()
        {
            for (var code = 0; code < 65536; code++)
            {
                var c = (char)code;
                if (code < 0x80) continue;   // ASCII is its own NFKC form
                if (char.IsSurrogate(c)) { Kinds[code] = Complex; continue; }
                if (IsContinuation(c)) { Kinds[code] = Continuation; continue; }
                string normalised;
                try { normalised = c.ToString().Normalize(NormalizationForm.FormKC); }
                catch (ArgumentException) { Kinds[code] = Complex; continue; }
                if (normalised.Length == 1 && normalised[0] == c) continue;
                if (normalised.Length == 1) { Kinds[code] = OneToOne; Replacements[code] = normalised[0]; }
                else Kinds[code] = Complex;
            }
        }

        // Characters that may compose with what precedes them: combining marks, Hangul medial/final jamo and the
        // half-width katakana sound marks (ｶﾞ → ガ), which are letters by category but combine under NFKC.
        private static bool IsContinuation(char c)
        {
            if (c is >= '\u1160' and <= '\u11FF' or '\uFF9E' or '\uFF9F') return true;
            return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
        }
    }
}
