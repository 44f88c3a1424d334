using System.Text;

namespace Disclosure.Publishing.Search;

/// <summary>
/// One document's keys, computed the cheap way (issue 19, full-build CPU): the rules are those of <see cref="SearchText"/>
/// (NFKC, each code point's invariant lower case, runs of letters and digits, bigrams with positions in code points one
/// apart between runs), but each field is walked once into a buffer of code points, and each key is found in a small
/// hash table of the document's keys, which counts its occurrences and keeps them in text order, so no sort is needed
/// (a sort of the document's (key, position) pairs, and before it a dictionary and a list per key, were most of a full
/// build's CPU). The buffers are the thread's, reused from document to document. The keys come out as a
/// <see cref="KeyedDocument"/> in the order they first occur, the positions of all keys in one array per section;
/// <c>SearchIndexBytesTests</c> keeps the result equal to the plain rule.
/// </summary>
internal static class DocumentKeys
{
    /// <summary>Between two runs in the code point buffer: not a code point, and one position wide, as the rule counts.</summary>
    private const int RunBreak = -1;

    /// <summary>A thread's buffers, kept for its next document unless one document made them this large.</summary>
    private const int KeptCapacity = 1 << 18;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public static (KeyedDocument Keys, List<SearchMetaAttachment> Attachments) Compute(SearchDocument doc, int attachmentBudget)
    {
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            scratch.Start();
            var text = scratch.Text;
            foreach (var field in new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber })
            {
                var cps = text.Fill(field, int.MaxValue);
                for (var i = 0; i < cps.Length; i++)
                {
                    if (cps[i] == RunBreak) continue;
                    scratch.InHaystack(SearchText.Key(cps[i], 0));
                    if (i + 1 < cps.Length && cps[i + 1] != RunBreak) scratch.InHaystack(SearchText.Key(cps[i], cps[i + 1]));
                }
            }

            var body = text.Fill(doc.Body, int.MaxValue);
            for (var i = 0; i + 1 < body.Length; i++)
                if (body[i] != RunBreak && body[i + 1] != RunBreak) scratch.InBody(SearchText.Key(body[i], body[i + 1]), i);

            var attachments = new List<SearchMetaAttachment>();
            var at = 0;
            var budget = attachmentBudget;
            foreach (var file in doc.Attachments)
            {
                if (budget <= 0) break;
                var cps = text.Fill(file.Text, budget);
                var taken = text.Taken;
                if (taken == 0) continue;
                budget -= taken;
                attachments.Add(new SearchMetaAttachment(file.FileName, at));
                for (var i = 0; i + 1 < cps.Length; i++)
                    if (cps[i] != RunBreak && cps[i + 1] != RunBreak) scratch.InAttachment(SearchText.Key(cps[i], cps[i + 1]), at + i);
                // The next file's positions start one past this one's last run, as between runs.
                at += cps.Length + (cps[^1] == RunBreak ? 0 : 1);
            }
            return (scratch.Result(), attachments);
        }
        finally
        {
            if (scratch.Capacity <= KeptCapacity) t_scratch = scratch;
        }
    }

    /// <summary>A field's searchable code points, lowered, with <see cref="RunBreak"/> between runs (none leading).</summary>
    private sealed class CodePoints
    {
        private int[] buffer = new int[1024];
        private int count;

        /// <summary>How many code points the last <see cref="Fill"/> took (run breaks not counted).</summary>
        public int Taken { get; private set; }

        public int Capacity => buffer.Length;

        /// <summary>Fills the buffer from the text, at most <paramref name="limit"/> code points, and returns it.</summary>
        public ReadOnlySpan<int> Fill(string? text, int limit)
        {
            count = 0;
            Taken = 0;
            if (string.IsNullOrEmpty(text)) return [];
            // Normalize returns the same string when it is already NFKC, the common case, without copying it.
            var nfkc = text.Normalize(NormalizationForm.FormKC);
            // A UTF-16 unit gives at most one code point or one run break: room for all of them once.
            if (buffer.Length < nfkc.Length) buffer = new int[Math.Max(nfkc.Length, buffer.Length * 2)];
            var cps = buffer;
            var taken = 0;
            for (var i = 0; i < nfkc.Length && taken < limit; i++)
            {
                int value = nfkc[i];
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
                    // A surrogate pair is one code point (normalising has already refused text with a lone surrogate).
                    Rune.DecodeFromUtf16(nfkc.AsSpan(i), out var rune, out var units);
                    i += units - 1;
                    if (value is >= 0x2000 and <= 0x206F or >= 0x3000 and <= 0x303F)
                    {
                        // General punctuation and the CJK symbols (、。《》〔〕〇): no character there has a lower case, so
                        // the category alone decides, without the case mapping that the rest of the text goes through.
                        searchable = SearchText.IsSearchable(rune);
                    }
                    else
                    {
                        rune = Rune.ToLowerInvariant(rune);
                        value = rune.Value;
                        searchable = SearchText.IsSearchable(rune);
                    }
                }
                if (searchable)
                {
                    cps[count++] = value;
                    taken++;
                }
                else if (count > 0 && cps[count - 1] != RunBreak)
                {
                    cps[count++] = RunBreak;
                }
            }
            Taken = taken;
            return buffer.AsSpan(0, count);
        }
    }

    /// <summary>
    /// One document's keys while it is walked: an open-addressing table from key to its number (in the order keys are
    /// first met), each key's flags and occurrence counts, and the body's and the attachments' occurrences in text order.
    /// A table entry belongs to the current document only when its stamp is the document's, so nothing is cleared between
    /// documents.
    /// </summary>
    private sealed class Scratch
    {
        public readonly CodePoints Text = new();
        private ulong[] _slotKey = new ulong[1024];
        private int[] _slotNumber = new int[1024];
        private int[] _slotStamp = new int[1024];
        private int _stamp;

        private ulong[] _keys = new ulong[256];
        private byte[] _flags = new byte[256];
        private int[] _bodyCount = new int[256];
        private int[] _attachmentCount = new int[256];
        private int _count;

        private Occurrences _body = new(1024);
        private Occurrences _attachment = new(16);

        public int Capacity => Math.Max(Math.Max(_slotKey.Length, Text.Capacity), Math.Max(_body.Capacity, _attachment.Capacity));

        public void Start()
        {
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_slotStamp);
                _stamp = 1;
            }
            _count = 0;
            _body.Count = 0;
            _attachment.Count = 0;
        }

        /// <summary>A key of the title, 文号 or 索引号 (matched exactly against the stored fields: no positions).</summary>
        public void InHaystack(ulong key) => _flags[Number(key)] |= SearchIndexFormat.HaystackFlag;

        public void InBody(ulong key, int position)
        {
            var n = Number(key);
            _flags[n] |= SearchIndexFormat.BodyFlag;
            _bodyCount[n]++;
            _body.Add(n, position);
        }

        public void InAttachment(ulong key, int position)
        {
            var n = Number(key);
            _flags[n] |= SearchIndexFormat.AttachmentFlag;
            _attachmentCount[n]++;
            _attachment.Add(n, position);
        }

        /// <summary>The document's keys with each one's positions gathered in text order, which is ascending.</summary>
        public KeyedDocument Result()
        {
            var bodyStart = Starts(_bodyCount);
            var attachmentStart = _attachment.Count == 0 ? null : Starts(_attachmentCount);
            return new KeyedDocument(_keys[.._count], _flags[.._count], bodyStart, _body.Gather(bodyStart),
                attachmentStart, attachmentStart is null ? [] : _attachment.Gather(attachmentStart));
        }

        private int[] Starts(int[] counts)
        {
            var starts = new int[_count + 1];
            for (var n = 0; n < _count; n++) starts[n + 1] = starts[n] + counts[n];
            return starts;
        }

        /// <summary>The key's number in this document, numbering it when it is new.</summary>
        private int Number(ulong key)
        {
            var mask = _slotKey.Length - 1;
            var slot = Slot(key, mask);
            while (_slotStamp[slot] == _stamp)
            {
                if (_slotKey[slot] == key) return _slotNumber[slot];
                slot = (slot + 1) & mask;
            }
            if (_count == _keys.Length)
            {
                var size = _keys.Length * 2;
                Array.Resize(ref _keys, size);
                Array.Resize(ref _flags, size);
                Array.Resize(ref _bodyCount, size);
                Array.Resize(ref _attachmentCount, size);
            }
            var number = _count++;
            _keys[number] = key;
            _flags[number] = 0;
            _bodyCount[number] = 0;
            _attachmentCount[number] = 0;
            _slotStamp[slot] = _stamp;
            _slotKey[slot] = key;
            _slotNumber[slot] = number;
            if (_count * 2 > _slotKey.Length) Grow();
            return number;
        }

        /// <summary>
        /// Where a key's search starts: Fibonacci hashing of the 42-bit key, probing on linearly in a table at most half full.
        /// </summary>
        private static int Slot(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & mask;

        /// <summary>Doubles the table and puts this document's keys back in it.</summary>
        private void Grow()
        {
            var size = _slotKey.Length * 2;
            _slotKey = new ulong[size];
            _slotNumber = new int[size];
            _slotStamp = new int[size];
            _stamp = 1;
            var mask = size - 1;
            for (var n = 0; n < _count; n++)
            {
                var slot = Slot(_keys[n], mask);
                while (_slotStamp[slot] == _stamp) slot = (slot + 1) & mask;
                _slotStamp[slot] = _stamp;
                _slotKey[slot] = _keys[n];
                _slotNumber[slot] = n;
            }
        }
    }

    /// <summary>A section's occurrences in text order: the key number and the position of each.</summary>
    private struct Occurrences(int capacity)
    {
        private int[] _number = new int[capacity];
        private int[] _position = new int[capacity];
        public int Count;

        public readonly int Capacity => _number.Length;

        public void Add(int number, int position)
        {
            if (Count == _number.Length)
            {
                Array.Resize(ref _number, Count * 2);
                Array.Resize(ref _position, Count * 2);
            }
            _number[Count] = number;
            _position[Count++] = position;
        }

        /// <summary>The positions grouped by key number from the given starts; each key's stay in text order.</summary>
        public readonly int[] Gather(int[] starts)
        {
            var positions = new int[Count];
            var next = starts[..^1];
            for (var i = 0; i < Count; i++) positions[next[_number[i]]++] = _position[i];
            return positions;
        }
    }
}

/// <summary>
/// One document's keys (in the order they first occur) with their flags (<see cref="SearchIndexFormat.BodyFlag"/> and the others)
/// and their positions: key <c>i</c>'s body positions are <c>Body[BodyStart[i]..BodyStart[i + 1]]</c>, its attachment
/// positions likewise (<see cref="AttachmentStart"/> is null when no attachment text was indexed). A few arrays a document
/// instead of a posting and up to two position arrays a key (issue 19).
/// </summary>
internal sealed record KeyedDocument(ulong[] Keys, byte[] Flags, int[] BodyStart, int[] Body, int[]? AttachmentStart, int[] Attachment)
{
    public int Count => Keys.Length;

    public ReadOnlySpan<int> BodyOf(int i) => Body.AsSpan(BodyStart[i], BodyStart[i + 1] - BodyStart[i]);

    public ReadOnlySpan<int> AttachmentOf(int i) =>
        AttachmentStart is null ? [] : Attachment.AsSpan(AttachmentStart[i], AttachmentStart[i + 1] - AttachmentStart[i]);

    /// <summary>How many positions key <c>i</c> has, in the body and the attachments together.</summary>
    public int PositionCount(int i) => BodyOf(i).Length + AttachmentOf(i).Length;

    /// <summary>Key <c>i</c> as the posting of the item with <paramref name="ordinal"/>, its positions copied out (null when none).</summary>
    public Posting Posting(int i, int ordinal)
    {
        var body = BodyOf(i);
        var attachment = AttachmentOf(i);
        return new Posting(ordinal, Flags[i], body.IsEmpty ? null : body.ToArray(), attachment.IsEmpty ? null : attachment.ToArray());
    }
}
