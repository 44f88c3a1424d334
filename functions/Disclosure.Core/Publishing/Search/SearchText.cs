using System.Globalization;
using System.Text;

namespace Disclosure.Publishing.Search;

/// <summary>
/// How text becomes search keys. Chinese has no spaces between words, so the index does not segment words: it keys on
/// every pair of adjacent characters (bigram) inside a run of letters and digits. Any query of two or more characters
/// that occurs in the text is then made of bigrams the text contains. <c>assets/search.js</c> repeats these rules
/// exactly (NFKC, per-code-point lower case, letters and digits of any script, FNV-1a over UTF-16 units).
/// </summary>
public static class SearchText
{
    /// <summary>NFKC folds full-width forms (ＡＢＣ１２３) into ASCII and compatibility ideographs into the unified ones.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        // Lower-cased rune by rune into the builder's own buffer: a string per character was most of a full build's
        // allocation (issue 19). A rune's lower case is never longer than two UTF-16 units.
        var sb = new StringBuilder(nfkc.Length);
        Span<char> units = stackalloc char[2];
        foreach (var rune in nfkc.EnumerateRunes())
        {
            var length = Rune.ToLowerInvariant(rune).EncodeToUtf16(units);
            sb.Append(units[..length]);
        }
        return sb.ToString();
    }

    /// <summary>Letters (including every CJK ideograph) and numbers (including 〇 and circled digits) form runs; everything else splits them.</summary>
    public static bool IsSearchable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    /// <summary>The runs of searchable characters of already normalised text, as code points.</summary>
    public static List<int[]> Runs(string normalized)
    {
        var runs = new List<int[]>();
        var current = new List<int>();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsSearchable(rune))
            {
                current.Add(rune.Value);
                continue;
            }
            if (current.Count > 0) runs.Add([.. current]);
            current.Clear();
        }
        if (current.Count > 0) runs.Add([.. current]);
        return runs;
    }

    /// <summary>The terms of a query: its runs. A query is the AND of its terms.</summary>
    public static List<int[]> QueryTerms(string query) => Runs(Normalize(query));

    /// <summary>A bigram key packs two code points (21 bits each); a unigram key has 0 as its second half.</summary>
    public static ulong Key(int first, int second) => ((ulong)(uint)first << 21) | (uint)second;

    public static int First(ulong key) => (int)(key >> 21);

    public static int Second(ulong key) => (int)(key & 0x1F_FFFF);

    /// <summary>FNV-1a (32-bit) over the UTF-16 code units of the key's characters, modulo the shard count.</summary>
    public static int Shard(ulong key, int shardCount)
    {
        var hash = 2166136261u;
        hash = Mix(hash, First(key));
        var second = Second(key);
        if (second != 0) hash = Mix(hash, second);
        return (int)(hash % (uint)shardCount);
    }

    private static uint Mix(uint hash, int codePoint)
    {
        // A code point of the basic plane is one UTF-16 unit, itself (a full build hashes millions of keys).
        if (codePoint < 0x10000) return (hash ^ (uint)codePoint) * 16777619u;
        Span<char> units = stackalloc char[2];
        var length = new Rune(codePoint).EncodeToUtf16(units);
        for (var i = 0; i < length; i++)
        {
            hash ^= units[i];
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>Whether a normalised haystack contains the term (a run of code points) exactly.</summary>
    public static bool Contains(string normalizedHaystack, int[] term)
    {
        var sb = new StringBuilder(term.Length * 2);
        foreach (var cp in term) sb.Append(char.ConvertFromUtf32(cp));
        return normalizedHaystack.Contains(sb.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// What a title/文号/索引号 match is checked against: the three fields normalised and joined by a newline, which is not
    /// searchable, so no term can match across two fields.
    /// </summary>
    public static string Haystack(string title, string? documentNumber, string indexNumber) =>
        Normalize(title) + "\n" + Normalize(documentNumber) + "\n" + Normalize(indexNumber);
}
