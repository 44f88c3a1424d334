using System.Buffers;
using System.Text;

namespace Disclosure.Publishing.Search;

/// <summary>
/// One document's keys, computed the cheap way (issue 19, build-cpu): the rules are those of <see cref="SearchText"/>
/// (NFKC, each code point's invariant lower case, runs of letters and digits, bigrams with positions in code points one
/// apart between runs), but each field is walked once into a pooled buffer of code points, and a section's
/// (key, position) pairs are collected into pooled arrays and sorted once, instead of a dictionary and a list per key
/// (about ten million small objects for 10,000 items, which was most of a full build's CPU). The keys come out in
/// ascending order as a <see cref="KeyedDocument"/>, the positions of all keys in one array per section rather than an
/// array per key; <c>SearchIndexBytesTests</c> keeps the result equal to the plain rule.
/// </summary>
internal static class DocumentKeys
{
    /// <summary>Between two runs in the code point buffer: not a code point, and one position wide, as the rule counts.</summary>
    private const int RunBreak = -1;

    public static (KeyedDocument Keys, List<SearchMetaAttachment> Attachments) Compute(SearchDocument doc, int attachmentBudget)
    {
        var text = new CodePoints();
        var haystack = new Pairs();
        var body = new Pairs();
        var attachment = new Pairs();
        try
        {
            foreach (var field in new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber })
            {
                text.Fill(field, int.MaxValue);
                var cps = text.Span;
                for (var i = 0; i < cps.Length; i++)
                {
                    if (cps[i] == RunBreak) continue;
                    haystack.Add(SearchText.Key(cps[i], 0), 0);
                    if (i + 1 < cps.Length && cps[i + 1] != RunBreak) haystack.Add(SearchText.Key(cps[i], cps[i + 1]), 0);
                }
            }

            text.Fill(doc.Body, int.MaxValue);
            AddBigrams(text.Span, body, 0);

            var attachments = new List<SearchMetaAttachment>();
            var at = 0;
            var budget = attachmentBudget;
            foreach (var file in doc.Attachments)
            {
                if (budget <= 0) break;
                var taken = text.Fill(file.Text, budget);
                if (taken == 0) continue;
                budget -= taken;
                attachments.Add(new SearchMetaAttachment(file.FileName, at));
                var cps = text.Span;
                AddBigrams(cps, attachment, at);
                // The next file's positions start one past this one's last run, as between runs.
                at += cps.Length + (cps[^1] == RunBreak ? 0 : 1);
            }

            haystack.Sort();
            body.Sort();
            attachment.Sort();
            return (Merge(haystack, body, attachment), attachments);
        }
        finally
        {
            text.Dispose();
            haystack.Dispose();
            body.Dispose();
            attachment.Dispose();
        }
    }

    private static void AddBigrams(ReadOnlySpan<int> cps, Pairs into, int offset)
    {
        for (var i = 0; i + 1 < cps.Length; i++)
            if (cps[i] != RunBreak && cps[i + 1] != RunBreak) into.Add(SearchText.Key(cps[i], cps[i + 1]), offset + i);
    }

    /// <summary>
    /// The union of the three sections' sorted keys, each key with its flags and where its positions start. The body's
    /// sorted positions are already in key order, so they become the document's positions array as they are.
    /// </summary>
    private static KeyedDocument Merge(Pairs haystack, Pairs body, Pairs attachment)
    {
        var capacity = haystack.Count + body.Count + attachment.Count;
        var keys = ArrayPool<ulong>.Shared.Rent(capacity);
        var flags = ArrayPool<byte>.Shared.Rent(capacity);
        var bodyStart = ArrayPool<int>.Shared.Rent(capacity + 1);
        var attachmentStart = ArrayPool<int>.Shared.Rent(capacity + 1);
        try
        {
            int count = 0, h = 0, b = 0, a = 0;
            while (h < haystack.Count || b < body.Count || a < attachment.Count)
            {
                var key = ulong.MaxValue;
                if (h < haystack.Count) key = Math.Min(key, haystack.Keys[h]);
                if (b < body.Count) key = Math.Min(key, body.Keys[b]);
                if (a < attachment.Count) key = Math.Min(key, attachment.Keys[a]);
                byte flag = 0;
                if (h < haystack.Count && haystack.Keys[h] == key)
                {
                    flag |= SearchIndexFormat.HaystackFlag;
                    while (h < haystack.Count && haystack.Keys[h] == key) h++;
                }
                bodyStart[count] = b;
                if (body.Skip(ref b, key)) flag |= SearchIndexFormat.BodyFlag;
                attachmentStart[count] = a;
                if (attachment.Skip(ref a, key)) flag |= SearchIndexFormat.AttachmentFlag;
                keys[count] = key;
                flags[count++] = flag;
            }
            bodyStart[count] = b;
            attachmentStart[count] = a;
            return new KeyedDocument(keys.AsSpan(0, count).ToArray(), flags.AsSpan(0, count).ToArray(),
                bodyStart.AsSpan(0, count + 1).ToArray(), body.Positions.ToArray(),
                attachmentStart.AsSpan(0, count + 1).ToArray(), attachment.Positions.ToArray());
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<byte>.Shared.Return(flags);
            ArrayPool<int>.Shared.Return(bodyStart);
            ArrayPool<int>.Shared.Return(attachmentStart);
        }
    }

    /// <summary>A field's searchable code points, lowered, with <see cref="RunBreak"/> between runs (none leading).</summary>
    private struct CodePoints : IDisposable
    {
        private int[]? buffer;
        private int count;

        public readonly ReadOnlySpan<int> Span => buffer.AsSpan(0, count);

        /// <summary>Fills the buffer from the text, at most <paramref name="limit"/> code points; returns how many were taken.</summary>
        public int Fill(string? text, int limit)
        {
            count = 0;
            if (string.IsNullOrEmpty(text)) return 0;
            buffer ??= ArrayPool<int>.Shared.Rent(256);
            // Normalize returns the same string when it is already NFKC, the common case, without copying it.
            var nfkc = text.Normalize(NormalizationForm.FormKC);
            var taken = 0;
            foreach (var rune in nfkc.EnumerateRunes())
            {
                if (taken >= limit) break;
                var value = rune.Value;
                bool searchable;
                if (value < 0x80)
                {
                    if (value is >= 'A' and <= 'Z') value += 'a' - 'A';
                    searchable = value is >= 'a' and <= 'z' or >= '0' and <= '9';
                }
                else if (value is >= 0x4E00 and <= 0x9FA5)
                {
                    // The common ideographs (Unicode 1.1's block, all assigned letters without case): most of the text.
                    searchable = true;
                }
                else
                {
                    var lower = Rune.ToLowerInvariant(rune);
                    value = lower.Value;
                    searchable = SearchText.IsSearchable(lower);
                }
                if (searchable)
                {
                    Append(value);
                    taken++;
                }
                else if (count > 0 && buffer[count - 1] != RunBreak)
                {
                    Append(RunBreak);
                }
            }
            return taken;
        }

        private void Append(int value)
        {
            if (count == buffer!.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, count).CopyTo(larger);
                ArrayPool<int>.Shared.Return(buffer);
                buffer = larger;
            }
            buffer[count++] = value;
        }

        public void Dispose()
        {
            if (buffer is not null) ArrayPool<int>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>A section's (key, position) pairs in pooled arrays, sorted once by key and then by position.</summary>
    private sealed class Pairs : IDisposable
    {
        public ulong[] Keys = [];
        private int[] positions = [];
        public int Count;

        public void Add(ulong key, int position)
        {
            if (Count == Keys.Length) Grow();
            Keys[Count] = key;
            positions[Count++] = position;
        }

        private void Grow()
        {
            var size = Math.Max(256, Keys.Length * 2);
            var keys = ArrayPool<ulong>.Shared.Rent(size);
            var at = ArrayPool<int>.Shared.Rent(size);
            Keys.AsSpan(0, Count).CopyTo(keys);
            positions.AsSpan(0, Count).CopyTo(at);
            Dispose();
            Keys = keys;
            positions = at;
        }

        public void Sort()
        {
            // The sort is not stable: each key's positions are sorted again, which gives the order they were added in
            // (ascending, as the text was walked).
            Keys.AsSpan(0, Count).Sort(positions.AsSpan(0, Count));
            for (var start = 0; start < Count;)
            {
                var end = start + 1;
                while (end < Count && Keys[end] == Keys[start]) end++;
                if (end - start > 1) positions.AsSpan(start, end - start).Sort();
                start = end;
            }
        }

        /// <summary>The positions, in key order once sorted.</summary>
        public ReadOnlySpan<int> Positions => positions.AsSpan(0, Count);

        /// <summary>Moves <paramref name="at"/> past the pairs of <paramref name="key"/>; whether there were any.</summary>
        public bool Skip(ref int at, ulong key)
        {
            var start = at;
            while (at < Count && Keys[at] == key) at++;
            return at != start;
        }

        public void Dispose()
        {
            if (Keys.Length > 0) ArrayPool<ulong>.Shared.Return(Keys);
            if (positions.Length > 0) ArrayPool<int>.Shared.Return(positions);
            Keys = [];
            positions = [];
        }
    }
}

/// <summary>
/// One document's keys in ascending order with their flags (<see cref="SearchIndexFormat.BodyFlag"/> and the others)
/// and their positions: key <c>i</c>'s body positions are <c>Body[BodyStart[i]..BodyStart[i + 1]]</c>, its attachment
/// positions likewise. Six arrays a document instead of a posting and up to two position arrays a key (issue 19).
/// </summary>
internal sealed record KeyedDocument(ulong[] Keys, byte[] Flags, int[] BodyStart, int[] Body, int[] AttachmentStart, int[] Attachment)
{
    public int Count => Keys.Length;

    public ReadOnlySpan<int> BodyOf(int i) => Body.AsSpan(BodyStart[i], BodyStart[i + 1] - BodyStart[i]);

    public ReadOnlySpan<int> AttachmentOf(int i) => Attachment.AsSpan(AttachmentStart[i], AttachmentStart[i + 1] - AttachmentStart[i]);

    /// <summary>Whether key <c>i</c> has positions (it occurs in the body or an attachment, not only in the title fields).</summary>
    public bool HasPositions(int i) => BodyStart[i + 1] > BodyStart[i] || AttachmentStart[i + 1] > AttachmentStart[i];

    /// <summary>Key <c>i</c> as the posting of the item with <paramref name="ordinal"/>, its positions copied out (null when none).</summary>
    public Posting Posting(int i, int ordinal)
    {
        var body = BodyOf(i);
        var attachment = AttachmentOf(i);
        return new Posting(ordinal, Flags[i], body.IsEmpty ? null : body.ToArray(), attachment.IsEmpty ? null : attachment.ToArray());
    }
}
