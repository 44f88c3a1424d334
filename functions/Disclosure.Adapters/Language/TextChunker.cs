namespace Disclosure.Adapters.Language;

/// <summary>A piece of one source's text, with where it starts in that source (UTF-16 code units).</summary>
internal readonly record struct TextChunk(int SourceIndex, int Offset, string Text);

/// <summary>
/// Splits long texts to the service's per-document limit. A cut falls after sentence punctuation where possible, so
/// an ID number or phone number is not torn in two; failing that at a space or comma; failing that not inside a run of
/// ASCII letters and digits; and never between the two halves of a surrogate pair.
/// </summary>
internal static class TextChunker
{
    private static readonly char[] SentenceEnds = ['。', '！', '？', '；', '\n', '!', '?', ';'];
    private static readonly char[] SoftBreaks = ['，', '、', '：', ',', ' ', '\t', '\u3000'];

    public static IEnumerable<TextChunk> Split(int sourceIndex, string text, int maxLength)
    {
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength));
        var start = 0;
        while (text.Length - start > maxLength)
        {
            var cut = FindCut(text, start, maxLength);
            var piece = text[start..cut];
            if (!string.IsNullOrWhiteSpace(piece)) yield return new TextChunk(sourceIndex, start, piece);
            start = cut;
        }
        if (start < text.Length && !string.IsNullOrWhiteSpace(text[start..]))
            yield return new TextChunk(sourceIndex, start, text[start..]);
    }

    /// <summary>The end (exclusive) of the chunk that starts at <paramref name="start"/>.</summary>
    private static int FindCut(string text, int start, int maxLength)
    {
        var limit = start + maxLength;          // the chunk may not reach past this
        var floor = start + maxLength / 2;      // a cut earlier than this wastes too much of the request

        var sentence = text.LastIndexOfAny(SentenceEnds, limit - 1, limit - floor);
        if (sentence >= floor) return sentence + 1;

        var soft = text.LastIndexOfAny(SoftBreaks, limit - 1, limit - floor);
        if (soft >= floor) return soft + 1;

        var cut = limit;
        while (cut > floor && InsideWord(text, cut)) cut--;
        // A run of letters and digits longer than half a piece cannot be kept whole; cut it at the limit.
        if (InsideWord(text, cut)) cut = limit;
        if (char.IsHighSurrogate(text[cut - 1]) && char.IsLowSurrogate(text[cut])) cut--;
        return cut;
    }

    private static bool InsideWord(string text, int index) =>
        char.IsAsciiLetterOrDigit(text[index - 1]) && char.IsAsciiLetterOrDigit(text[index]);
}
