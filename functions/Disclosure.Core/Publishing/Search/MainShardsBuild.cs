using System.Runtime.InteropServices;

namespace Disclosure.Publishing.Search;

/// <summary>
/// An index built afresh with more documents than the delta and the middle level hold (a first publication, or a new
/// format) goes straight into the main shards. This writes them in a few passes over flat arrays instead of a
/// dictionary of posting lists per shard and per positions block (issue 19: that was most of a full build's CPU and a
/// posting object with up to two arrays per key and item): each key is numbered, the documents' postings are put in key
/// order by a counting sort, which keeps each key's postings in ordinal order, and each shard's positions blocks and
/// postings file are written from that. The files are those the writer's merge gives on an empty index
/// (<c>SearchIndexBytesTests</c> pins their bytes; <c>SearchIndexUpdateTests</c> compares the two ways).
/// </summary>
internal static class MainShardsBuild
{
    /// <summary>Adds the files of every main shard the documents fill and returns how many shards that is.</summary>
    /// <param name="docs">The documents with their ordinals, ascending.</param>
    public static int Write(IReadOnlyList<(int Ordinal, KeyedDocument Keys)> docs, int shardCount, int blockOrdinals,
        List<SiteFile> files, ISet<int> present)
    {
        var postings = new Postings(docs);
        var blocks = docs.Count == 0 ? 0 : docs[^1].Ordinal / blockOrdinals + 1;
        var output = new ByteBuffer(4096);
        var entry = new ByteBuffer(256);
        var inBlocks = new PositionsByBlock(blocks);
        var shards = 0;
        foreach (var (shard, keys) in postings.KeysByShard(shardCount))
        {
            // Positions first, as the merge adds them: the postings of each key that have any, put in block order.
            inBlocks.Clear();
            foreach (var k in keys)
                for (var p = postings.Start[k]; p < postings.Start[k + 1]; p++)
                    if (postings.HasPositions(p)) inBlocks.Add(postings.Ordinal[p] / blockOrdinals, p, k);
            foreach (var (block, inBlock, keyOf) in inBlocks.Sorted())
            {
                output.Clear();
                SearchIndexFormat.StartPositions(output, KeyCount(keyOf));
                var previousFirst = 0;
                for (var run = 0; run < inBlock.Length;)
                {
                    var key = keyOf[run];
                    entry.Clear();
                    var previous = 0;
                    for (; run < inBlock.Length && keyOf[run] == key; run++)
                    {
                        var p = inBlock[run];
                        SearchIndexFormat.WritePositions(entry, postings.Ordinal[p] - previous, postings.BodyOf(p), postings.AttachmentOf(p));
                        previous = postings.Ordinal[p];
                    }
                    SearchIndexFormat.WriteEntry(output, postings.Distinct[key], ref previousFirst, entry.Span);
                }
                files.Add(new SiteFile(SearchIndexFormat.PositionsPath(shard, block), output.ToArray(), "application/octet-stream", SearchIndexFormat.IndexCacheControl));
            }

            output.Clear();
            SearchIndexFormat.StartPostings(output, keys.Length);
            var first = 0;
            foreach (var k in keys)
            {
                entry.Clear();
                var previous = 0;
                for (var p = postings.Start[k]; p < postings.Start[k + 1]; p++)
                {
                    SearchIndexFormat.WritePosting(entry, postings.Ordinal[p] - previous, postings.Flags[p]);
                    previous = postings.Ordinal[p];
                }
                SearchIndexFormat.WriteEntry(output, postings.Distinct[k], ref first, entry.Span);
            }
            files.Add(new SiteFile(SearchIndexFormat.ShardPath(shard), output.ToArray(), "application/octet-stream", SearchIndexFormat.IndexCacheControl));
            present.Add(shard);
            shards++;
        }
        return shards;
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
    /// Every posting of the documents in key order: those of key number <c>k</c> from <see cref="Start"/>[k] to
    /// <see cref="Start"/>[k + 1], ascending by ordinal. Each posting's ordinal, flags and positions are copied into
    /// arrays in that order, so the files are written from memory read in sequence rather than from the documents, a
    /// few scattered reads a posting (which, for millions of postings, cost more than the rest of the build).
    /// </summary>
    private sealed class Postings
    {
        /// <summary>The distinct keys, numbered in the order they were first met.</summary>
        public readonly List<ulong> Distinct = [];

        /// <summary>Where each key's postings start (one more entry than keys: the end of the last).</summary>
        public readonly int[] Start;

        public readonly int[] Ordinal;
        public readonly byte[] Flags;

        /// <summary>Where each posting's positions start in <see cref="_positions"/> (and the next one's: where they end).</summary>
        private readonly int[] _positionsAt;

        /// <summary>How many of each posting's positions are the body's; the rest are the attachments'.</summary>
        private readonly int[] _bodyCount;

        private readonly int[] _positions;

        public Postings(IReadOnlyList<(int Ordinal, KeyedDocument Keys)> docs)
        {
            // Numbers the keys and counts each one's postings and positions.
            var total = 0;
            foreach (var (_, doc) in docs) total += doc.Count;
            var keyOf = new int[total];
            var numbers = new Dictionary<ulong, int>();
            var postingCount = new List<int>();
            var positionCount = new List<long>();
            var at = 0;
            foreach (var (_, doc) in docs)
                for (var i = 0; i < doc.Count; i++)
                {
                    ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(numbers, doc.Keys[i], out var known);
                    if (!known)
                    {
                        number = Distinct.Count;
                        Distinct.Add(doc.Keys[i]);
                        postingCount.Add(0);
                        positionCount.Add(0);
                    }
                    keyOf[at++] = number;
                    postingCount[number]++;
                    positionCount[number] += doc.BodyOf(i).Length + doc.AttachmentOf(i).Length;
                }

            Start = new int[Distinct.Count + 1];
            var positionsStart = new int[Distinct.Count];
            long positions = 0;
            for (var k = 0; k < Distinct.Count; k++)
            {
                Start[k + 1] = Start[k] + postingCount[k];
                positionsStart[k] = checked((int)positions);
                positions += positionCount[k];
            }

            // A counting sort by key number: documents are walked in ordinal order, so each key's postings stay in it.
            Ordinal = new int[total];
            Flags = new byte[total];
            _bodyCount = new int[total];
            _positionsAt = new int[total + 1];
            _positions = new int[checked((int)positions)];
            _positionsAt[total] = _positions.Length;
            var next = Start[..^1];
            at = 0;
            foreach (var (ordinal, doc) in docs)
                for (var i = 0; i < doc.Count; i++)
                {
                    var k = keyOf[at++];
                    var p = next[k]++;
                    Ordinal[p] = ordinal;
                    Flags[p] = doc.Flags[i];
                    var body = doc.BodyOf(i);
                    var attachment = doc.AttachmentOf(i);
                    _bodyCount[p] = body.Length;
                    _positionsAt[p] = positionsStart[k];
                    body.CopyTo(_positions.AsSpan(positionsStart[k]));
                    attachment.CopyTo(_positions.AsSpan(positionsStart[k] + body.Length));
                    positionsStart[k] += body.Length + attachment.Length;
                }
        }

        public bool HasPositions(int p) => _positionsAt[p + 1] > _positionsAt[p];

        public ReadOnlySpan<int> BodyOf(int p) => _positions.AsSpan(_positionsAt[p], _bodyCount[p]);

        public ReadOnlySpan<int> AttachmentOf(int p) =>
            _positions.AsSpan(_positionsAt[p] + _bodyCount[p], _positionsAt[p + 1] - _positionsAt[p] - _bodyCount[p]);

        /// <summary>The key numbers of each shard that has any, shards ascending and keys ascending within each.</summary>
        public IEnumerable<(int Shard, int[] Keys)> KeysByShard(int shardCount)
        {
            // A key is at most 42 bits and a shard count at most 4,096: shard and key in one number sort as the pair.
            var order = new ulong[Distinct.Count];
            var numbers = new int[Distinct.Count];
            for (var k = 0; k < Distinct.Count; k++)
            {
                order[k] = ((ulong)SearchText.Shard(Distinct[k], shardCount) << 42) | Distinct[k];
                numbers[k] = k;
            }
            Array.Sort(order, numbers);
            for (var from = 0; from < order.Length;)
            {
                var shard = (int)(order[from] >> 42);
                var to = from + 1;
                while (to < order.Length && (int)(order[to] >> 42) == shard) to++;
                yield return (shard, numbers[from..to]);
                from = to;
            }
        }
    }

    /// <summary>
    /// The postings of one shard that have positions, added in key order and given back in block order (a counting
    /// sort: key order stays within each block), as each positions file lists them, each with its key number.
    /// </summary>
    private sealed class PositionsByBlock(int blocks)
    {
        private readonly List<(int Block, int Posting, int Key)> _added = [];
        private readonly int[] _count = new int[blocks + 1];
        private int[] _postings = [];
        private int[] _keys = [];

        public void Clear() => _added.Clear();

        public void Add(int block, int posting, int key) => _added.Add((block, posting, key));

        public IEnumerable<(int Block, int[] Postings, int[] Keys)> Sorted()
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
            for (var b = 0; b < blocks; b++)
                if (_count[b + 1] > _count[b]) yield return (b, _postings[_count[b].._count[b + 1]], _keys[_count[b].._count[b + 1]]);
        }
    }
}
