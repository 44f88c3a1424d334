using System.Runtime.InteropServices;

namespace Disclosure.Publishing.Search;

/// <summary>
/// An index built afresh with more documents than the delta and the middle level hold (a first publication, or a new
/// format) goes straight into the main shards. This writes them from flat arrays instead of a dictionary of posting
/// lists per shard and per positions block (issue 19: that was most of a full build's CPU, with a posting object and up
/// to two arrays per key and item). The postings are first put in shard order, with their positions beside them, by a
/// counting sort over the documents read once in ordinal order; then each shard, small enough to stay in the processor's
/// cache, numbers its keys, puts its postings in key order by a second counting sort (which keeps each key's postings in
/// ordinal order) and writes its positions blocks and its postings file. The files are those the writer's merge gives
/// on an empty index (<c>SearchIndexBytesTests</c> pins their bytes; <c>SearchIndexUpdateTests</c> compares the two ways).
/// </summary>
internal static class MainShardsBuild
{
    /// <summary>Adds the files of every main shard the documents fill and returns how many shards that is.</summary>
    /// <param name="docs">The documents with their ordinals, ascending.</param>
    public static int Write(IReadOnlyList<(int Ordinal, KeyedDocument Keys)> docs, int shardCount, int blockOrdinals,
        List<SiteFile> files, ISet<int> present)
    {
        // The counting sorts keep the documents' order, which must be the ordinals' for each key's postings to ascend.
        for (var d = 1; d < docs.Count; d++)
            if (docs[d].Ordinal <= docs[d - 1].Ordinal) throw new ArgumentException("文档须按序号递增排列", nameof(docs));
        var byShard = new ShardOrder(docs, shardCount);
        var blocks = docs.Count == 0 ? 0 : docs[^1].Ordinal / blockOrdinals + 1;
        var shard = new ShardKeys();
        var inBlocks = new PositionsByBlock(blocks);
        var output = new ByteBuffer(4096);
        var entry = new ByteBuffer(256);
        var postings = new PostingsEntryWriter();
        var written = 0;
        for (var s = 0; s < shardCount; s++)
        {
            var (from, to) = byShard.Range(s);
            if (from == to) continue;
            shard.Order(byShard, from, to);

            // Positions first, as the merge adds them: the postings of each key that have any, put in block order.
            inBlocks.Clear();
            for (var k = 0; k < shard.KeyCount; k++)
                foreach (var p in shard.PostingsOf(k))
                    if (byShard.HasPositions(p)) inBlocks.Add(byShard.Ordinal(p) / blockOrdinals, p, k);
            inBlocks.Sort();
            for (var block = 0; block < blocks; block++)
            {
                var inBlock = inBlocks.PostingsOf(block);
                if (inBlock.IsEmpty) continue;
                var keyOf = inBlocks.KeysOf(block);
                output.Clear();
                SearchIndexFormat.StartPositions(output, KeyCount(keyOf));
                var previousFirst = 0;
                for (var run = 0; run < inBlock.Length;)
                {
                    var k = keyOf[run];
                    entry.Clear();
                    var previous = 0;
                    for (; run < inBlock.Length && keyOf[run] == k; run++)
                    {
                        var p = inBlock[run];
                        SearchIndexFormat.WritePositions(entry, byShard.Ordinal(p) - previous, byShard.BodyOf(p), byShard.AttachmentOf(p));
                        previous = byShard.Ordinal(p);
                    }
                    SearchIndexFormat.WriteEntry(output, shard.Key(k), ref previousFirst, entry.Span);
                }
                files.Add(new SiteFile(SearchIndexFormat.PositionsPath(s, block), output.ToArray(), "application/octet-stream", SearchIndexFormat.IndexCacheControl));
            }

            output.Clear();
            SearchIndexFormat.StartPostings(output, shard.KeyCount);
            var first = 0;
            for (var k = 0; k < shard.KeyCount; k++)
            {
                foreach (var p in shard.PostingsOf(k)) postings.Add(byShard.Ordinal(p), byShard.Flags(p));
                postings.WriteTo(output, shard.Key(k), ref first);
            }
            files.Add(new SiteFile(SearchIndexFormat.ShardPath(s), output.ToArray(), "application/octet-stream", SearchIndexFormat.IndexCacheControl));
            present.Add(s);
            written++;
        }
        return written;
    }

    /// <summary>How many keys a block's postings have (the key of each, in key order).</summary>
    private static int KeyCount(ReadOnlySpan<int> keyOf)
    {
        var count = 0;
        for (var i = 0; i < keyOf.Length; i++)
            if (i == 0 || keyOf[i] != keyOf[i - 1]) count++;
        return count;
    }

    /// <summary>
    /// Every posting of the documents in shard order, and within a shard in ordinal order: shard <c>s</c>'s are
    /// <see cref="Range"/>(s). Each posting's key, ordinal, flags and positions are copied there, so a shard's work reads
    /// memory of its own in sequence rather than every document's (a few scattered reads a posting, which for millions of
    /// postings cost more than the rest of the build); a posting is one record, so putting it in its shard's place writes
    /// one stretch of memory, not one per field.
    /// </summary>
    private sealed class ShardOrder
    {
        private readonly int[] _start;

        /// <summary>The postings, and one more whose <see cref="Entry.PositionsAt"/> is where the last one's positions end.</summary>
        private readonly Entry[] _entries;

        private readonly int[] _positions;

        private struct Entry
        {
            public ulong Key;
            public int Ordinal;

            /// <summary>Where the posting's positions start in <see cref="_positions"/> (the next posting's: where they end).</summary>
            public int PositionsAt;

            /// <summary>How many of the posting's positions are the body's; the rest are the attachments'.</summary>
            public int BodyCount;

            public byte Flags;
        }

        public ShardOrder(IReadOnlyList<(int Ordinal, KeyedDocument Keys)> docs, int shardCount)
        {
            // How many postings and positions each shard has.
            var total = 0;
            foreach (var (_, doc) in docs) total += doc.Count;
            _start = new int[shardCount + 1];
            var positionCount = new long[shardCount];
            foreach (var (_, doc) in docs)
                for (var i = 0; i < doc.Count; i++)
                {
                    var shard = SearchText.Shard(doc.Keys[i], shardCount);
                    _start[shard + 1]++;
                    positionCount[shard] += doc.PositionCount(i);
                }
            var positionsStart = new int[shardCount];
            long positions = 0;
            for (var s = 0; s < shardCount; s++)
            {
                _start[s + 1] += _start[s];
                positionsStart[s] = checked((int)positions);
                positions += positionCount[s];
            }

            // A counting sort by shard: documents are walked in ordinal order, so each shard's postings stay in it.
            // Every entry and position is written below, so the arrays need not be cleared first.
            _entries = GC.AllocateUninitializedArray<Entry>(total + 1);
            _positions = GC.AllocateUninitializedArray<int>(checked((int)positions));
            _entries[total].PositionsAt = _positions.Length;
            var next = _start[..^1];
            foreach (var (ordinal, doc) in docs)
                for (var i = 0; i < doc.Count; i++)
                {
                    var shard = SearchText.Shard(doc.Keys[i], shardCount);
                    var body = doc.BodyOf(i);
                    var attachment = doc.AttachmentOf(i);
                    var at = positionsStart[shard];
                    _entries[next[shard]++] = new Entry { Key = doc.Keys[i], Ordinal = ordinal, PositionsAt = at, BodyCount = body.Length, Flags = doc.Flags[i] };
                    // One or two positions a posting, mostly: a loop, not a call to the runtime's block copy for each.
                    foreach (var position in body) _positions[at++] = position;
                    foreach (var position in attachment) _positions[at++] = position;
                    positionsStart[shard] = at;
                }
        }

        public (int From, int To) Range(int shard) => (_start[shard], _start[shard + 1]);

        public ulong Key(int p) => _entries[p].Key;

        public int Ordinal(int p) => _entries[p].Ordinal;

        public byte Flags(int p) => _entries[p].Flags;

        public bool HasPositions(int p) => _entries[p + 1].PositionsAt > _entries[p].PositionsAt;

        public ReadOnlySpan<int> BodyOf(int p) => _positions.AsSpan(_entries[p].PositionsAt, _entries[p].BodyCount);

        public ReadOnlySpan<int> AttachmentOf(int p)
        {
            var start = _entries[p].PositionsAt + _entries[p].BodyCount;
            return _positions.AsSpan(start, _entries[p + 1].PositionsAt - start);
        }
    }

    /// <summary>One shard's keys in ascending order, each with its postings (places in <see cref="ShardOrder"/>) in ordinal order.</summary>
    private sealed class ShardKeys
    {
        private readonly Dictionary<ulong, int> _numbers = [];
        private ulong[] _keys = new ulong[256];
        private int[] _rank = new int[256];
        private int[] _start = new int[257];
        private int[] _postings = [];
        private int[] _numberOf = [];

        public int KeyCount { get; private set; }

        public ulong Key(int k) => _keys[k];

        public ReadOnlySpan<int> PostingsOf(int k) => _postings.AsSpan(_start[k], _start[k + 1] - _start[k]);

        /// <summary>Orders the postings <paramref name="from"/> to <paramref name="to"/>, all of one shard.</summary>
        public void Order(ShardOrder byShard, int from, int to)
        {
            var count = to - from;
            if (_numberOf.Length < count)
            {
                _numberOf = new int[count];
                _postings = new int[count];
            }

            // Number the keys as met, then rank them ascending: a key's rank is its place in the files.
            _numbers.Clear();
            KeyCount = 0;
            for (var p = from; p < to; p++)
            {
                ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers, byShard.Key(p), out var known);
                if (!known)
                {
                    if (KeyCount == _keys.Length)
                    {
                        Array.Resize(ref _keys, KeyCount * 2);
                        Array.Resize(ref _rank, KeyCount * 2);
                    }
                    _keys[KeyCount] = byShard.Key(p);
                    number = KeyCount++;
                }
                _numberOf[p - from] = number;
            }
            for (var k = 0; k < KeyCount; k++) _rank[k] = k;
            _keys.AsSpan(0, KeyCount).Sort(_rank.AsSpan(0, KeyCount));
            // _rank[r] is now the number of the key ranked r; turned around, the rank of each number.
            var rankOf = new int[KeyCount];
            for (var r = 0; r < KeyCount; r++) rankOf[_rank[r]] = r;

            // A counting sort by rank: the postings are visited in ordinal order, so each key's stay in that order.
            if (_start.Length < KeyCount + 1) _start = new int[KeyCount * 2 + 1];
            Array.Clear(_start, 0, KeyCount + 1);
            for (var i = 0; i < count; i++) _start[rankOf[_numberOf[i]] + 1]++;
            for (var r = 0; r < KeyCount; r++) _start[r + 1] += _start[r];
            var next = _start[..KeyCount];
            for (var i = 0; i < count; i++) _postings[next[rankOf[_numberOf[i]]]++] = from + i;
        }
    }

    /// <summary>
    /// The postings of one shard that have positions, added in key order and given back in block order (a counting
    /// sort: key order stays within each block), as each positions file lists them, each with its key's rank.
    /// </summary>
    private sealed class PositionsByBlock(int blocks)
    {
        private readonly List<(int Block, int Posting, int Key)> _added = [];
        private readonly int[] _count = new int[blocks + 1];
        private int[] _postings = [];
        private int[] _keys = [];

        public void Clear() => _added.Clear();

        public void Add(int block, int posting, int key) => _added.Add((block, posting, key));

        /// <summary>Puts what was added in block order; <see cref="PostingsOf"/> and <see cref="KeysOf"/> then give each block's.</summary>
        public void Sort()
        {
            Array.Clear(_count);
            foreach (var (block, _, _) in _added) _count[block + 1]++;
            for (var b = 0; b < blocks; b++) _count[b + 1] += _count[b];
            if (_postings.Length < _added.Count)
            {
                _postings = new int[_added.Count];
                _keys = new int[_added.Count];
            }
            var next = _count[..^1];
            foreach (var (block, posting, key) in _added)
            {
                _keys[next[block]] = key;
                _postings[next[block]++] = posting;
            }
        }

        /// <summary>A block's postings in key order (empty when it has none).</summary>
        public ReadOnlySpan<int> PostingsOf(int block) => _postings.AsSpan(_count[block], _count[block + 1] - _count[block]);

        /// <summary>The key's rank of each of <see cref="PostingsOf"/>.</summary>
        public ReadOnlySpan<int> KeysOf(int block) => _keys.AsSpan(_count[block], _count[block + 1] - _count[block]);
    }
}
