using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Disclosure.Publishing.Search;

/// <summary>
/// One item's occurrences of one key. <see cref="Flags"/>: <see cref="SearchIndexFormat.BodyFlag"/>,
/// <see cref="SearchIndexFormat.HaystackFlag"/>, <see cref="SearchIndexFormat.AttachmentFlag"/>. <see cref="Body"/> and
/// <see cref="Attachment"/> are the positions (code-point offsets in the item's normalised body / attachment text) where
/// the bigram starts; null when they were not read (a query of two-character terms never needs them).
/// </summary>
public readonly record struct Posting(int Ordinal, byte Flags, int[]? Body = null, int[]? Attachment = null);

/// <summary>
/// The static files of the search index (all under <c>search/</c>), format 7 (see README.md):
/// <list type="bullet">
/// <item><c>manifest.json</c>: format, shard counts, meta page size, ordinals handed out, which shards exist, the
/// delta segment's shards and the ordinals whose main-segment postings are dead (tombstones).</item>
/// <item><c>shards/{n}.bin</c> (main segment) and <c>delta/{n}.bin</c> (delta segment): "DSI4", varint key count, then
/// per key (ascending): varint first code point less the previous key's, varint second (0 for a unigram), varint of
/// the byte length shifted left by one with the form in the low bit, postings: listed (each the varint of
/// <c>(ordinal delta &lt;&lt; 3) | flags</c>) or, when smaller, dense (<see cref="PostingsEntryWriter"/>; format 7).</item>
/// <item><c>positions/{n}/{block}.bin</c>: "DSP3", the positions of the main shard's keys for the ordinals of one block
/// (<see cref="SearchManifest.PositionsBlock"/> ordinals): per key (ascending), varint first less the previous key's, second, byte length, then per posting
/// with body or attachment text: varint ordinal delta, varint count + delta-coded body positions, varint count +
/// delta-coded attachment positions. Apart from postings, so a query of two-character terms (exact by itself) never
/// downloads them; in blocks of ordinals, so a query reads the positions of the results it shows, not of every
/// candidate (format 5).</item>
/// <item>the delta segment and the middle level are laid out like the main segment: postings in <c>delta/{n}.bin</c> and
/// <c>middle/{n}.bin</c>, positions apart in <c>delta-positions/{n}.bin</c> and <c>middle-positions/{n}.bin</c>, so a
/// query of two-character terms reads no positions at any level (format 3 carried them in the same file and a
/// two-character query paid for them: issue 19). A level's positions file ("DSL1", <see cref="EncodeLevelPositions"/>)
/// holds every posting with its flags, so a query that needs positions reads it instead of the postings (format 7).</item>
/// <item><c>meta/{page}.json</c>: <see cref="SearchMetaPage"/>, an entry per <c>ordinal % pageSize</c>, null where the item
/// was withdrawn.</item>
/// <item><c>id-buckets/{hex}.json</c>: <c>{item id: ordinal}</c> of the items whose id hashes to the bucket
/// (<see cref="IdBucket"/>, <see cref="SearchManifest.IdBuckets"/> buckets, doubling as the index grows), withdrawn items
/// taken out; used by the writer only, which reads the buckets of the items an update touches (format 6; before, pages
/// of ids by ordinal, all read by every update).</item>
/// </list>
/// </summary>
public static class SearchIndexFormat
{
    // 3: a middle level between the delta and the main shards, and compact meta pages (SearchMetaPage).
    // 4: the delta's and the middle level's positions in files of their own, as the main segment's already were.
    // 5: the main segment's positions in blocks of ordinals per shard, so a query verifies the results it shows only.
    // 6: item ids in buckets by hash instead of pages by ordinal, so an update reads the buckets of the items it touches
    //    (at 100,000 items one new item read 98 pages, 1.6 MB); the meta pages, uploaded first, count the ordinals.
    // 7: a key's postings as a bitmap with the flags most share when that is smaller than the list (a key in a good share
    //    of the items: at 10,000 items a query's keys took 5.2 KiB as lists, 1.9 KiB at the smaller of the two).
    public const int Version = 7;
    public const string ManifestPath = "search/manifest.json";
    public const byte BodyFlag = 1;
    public const byte HaystackFlag = 2;
    public const byte AttachmentFlag = 4;
    public const string IndexCacheControl = "public, max-age=300";
    // The manifest says how many ordinals exist; revalidating it on every query keeps new items findable at once.
    public const string ManifestCacheControl = "no-cache";

    // 3 (format 5): keys with their first character as the difference from the previous key's, and no posting count.
    // 4 (format 7): the low bit of a key's length says which form its postings are in.
    private static ReadOnlySpan<byte> PostingsMagic => "DSI4"u8;
    private static ReadOnlySpan<byte> PositionsMagic => "DSP3"u8;
    // A delta or middle level's positions, with every posting and its flags (format 7).
    private static ReadOnlySpan<byte> LevelPositionsMagic => "DSL1"u8;

    /// <summary>
    /// Whether a site file belongs to a search index, of this format or an earlier one: the manifest, or a file in a folder
    /// under <c>search/</c>. The search page beside them (<c>search/index.html</c>) does not.
    /// </summary>
    public static bool IsIndexFile(string path) =>
        path == ManifestPath || path.StartsWith("search/", StringComparison.Ordinal) && path.IndexOf('/', "search/".Length) > 0;

    public static string ShardPath(int shard) => $"search/shards/{shard:x3}.bin";

    /// <summary>The positions of main shard <paramref name="shard"/> for the ordinals of block <paramref name="block"/>.</summary>
    public static string PositionsPath(int shard, int block) => $"search/positions/{shard:x3}/{block}.bin";

    public static string DeltaPath(int shard) => $"search/delta/{shard:x2}.bin";

    public static string MiddlePath(int shard) => $"search/middle/{shard:x2}.bin";

    public static string DeltaPositionsPath(int shard) => $"search/delta-positions/{shard:x2}.bin";

    public static string MiddlePositionsPath(int shard) => $"search/middle-positions/{shard:x2}.bin";

    public static string MetaPath(int page) => $"search/meta/{page}.json";

    /// <summary>Where the item id buckets are (<see cref="IdBucketPath"/>).</summary>
    public const string IdBucketsFolder = "search/id-buckets/";

    public static string IdBucketPath(int bucket) => $"{IdBucketsFolder}{bucket:x3}.json";

    /// <summary>An id bucket's items with their ordinals.</summary>
    public static Dictionary<string, int> ReadIdBucket(byte[] bytes) => JsonSerializer.Deserialize<Dictionary<string, int>>(bytes, Json)!;

    /// <summary>The bucket of an item id: FNV-1a over its UTF-16 units, modulo the bucket count.</summary>
    public static int IdBucket(string itemId, int buckets)
    {
        var hash = 2166136261u;
        foreach (var unit in itemId)
        {
            hash ^= unit;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)buckets);
    }

    /// <summary>
    /// The order a publication uploads an update in, so a run that stops part-way leaves an index the next run repairs:
    /// meta pages first (they count the ordinals handed out, so none is handed out twice), then the id buckets (a retried
    /// item finds its ordinal), then positions, then postings, the manifest last. Positions before postings: a stop
    /// between the two leaves postings whose items all have their positions (keys without postings are ignored), never
    /// postings whose positions are gone.
    /// </summary>
    public static int UploadRank(string path) =>
        path.StartsWith("search/meta/", StringComparison.Ordinal) ? 0
        : path.StartsWith(IdBucketsFolder, StringComparison.Ordinal) ? 1
        : IsPositions(path) ? 2
        : path == ManifestPath ? 4 : 3;

    private static bool IsPositions(string path) =>
        path.StartsWith("search/positions/", StringComparison.Ordinal)
        || path.StartsWith("search/delta-positions/", StringComparison.Ordinal)
        || path.StartsWith("search/middle-positions/", StringComparison.Ordinal);

    public static readonly JsonSerializerOptions Json = new()
    {
        // Chinese stays readable UTF-8 (3 bytes) rather than \uXXXX (6 bytes); these files are fetched, never inlined in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The postings block of a segment shard (no positions).</summary>
    public static byte[] EncodePostings(IReadOnlyDictionary<ulong, List<Posting>> entries)
    {
        var keys = SortedKeys(entries);
        var output = new ByteBuffer(1024);
        StartPostings(output, keys.Count);
        var writer = new PostingsEntryWriter();
        var previousFirst = 0;
        foreach (var key in keys)
        {
            foreach (var posting in entries[key]) writer.Add(posting.Ordinal, posting.Flags);
            writer.WriteTo(output, key, ref previousFirst);
        }
        return output.ToArray();
    }

    /// <summary>The positions block of a segment shard: only postings with body or attachment text have any.</summary>
    public static byte[] EncodePositions(IReadOnlyDictionary<ulong, List<Posting>> entries)
    {
        var output = new ByteBuffer(1024);
        var keys = SortedKeys(entries).Where(k => entries[k].Any(HasPositions)).ToList();
        StartPositions(output, keys.Count);
        var block = new ByteBuffer(256);
        var previousFirst = 0;
        foreach (var key in keys)
        {
            block.Clear();
            var previous = 0;
            foreach (var posting in entries[key].Where(HasPositions))
            {
                WritePositions(block, posting.Ordinal - previous, posting.Body, posting.Attachment);
                previous = posting.Ordinal;
            }
            WriteEntry(output, key, ref previousFirst, block.Span);
        }
        return output.ToArray();
    }

    /// <summary>
    /// The positions file of a delta or middle level shard (format 7): every posting of every key, each as the varint of
    /// <c>(ordinal delta &lt;&lt; 3) | flags</c> followed by its body and attachment positions (a count of 0 when none),
    /// so a query that needs positions reads this file instead of the level's postings, which a query of two-character
    /// terms reads alone (issue 19: a 3–6-character query read both, 3.4 of its files at the levels' bounds).
    /// </summary>
    public static byte[] EncodeLevelPositions(IReadOnlyDictionary<ulong, List<Posting>> entries)
    {
        var keys = SortedKeys(entries);
        var output = new ByteBuffer(1024);
        output.AddRange(LevelPositionsMagic);
        WriteVarint(output, (ulong)keys.Count);
        var entry = new ByteBuffer(256);
        var previousFirst = 0;
        foreach (var key in keys)
        {
            entry.Clear();
            var previous = 0;
            foreach (var posting in entries[key])
            {
                WriteVarint(entry, ((ulong)(posting.Ordinal - previous) << 3) | posting.Flags);
                WritePositionList(entry, posting.Body);
                WritePositionList(entry, posting.Attachment);
                previous = posting.Ordinal;
            }
            WriteEntry(output, key, ref previousFirst, entry.Span);
        }
        return output.ToArray();
    }

    /// <summary>Every key of a level's positions file (<see cref="EncodeLevelPositions"/>) with its postings and their positions.</summary>
    public static Dictionary<ulong, List<Posting>> DecodeLevel(byte[] bytes) => DecodeAll(bytes, LevelPositionsMagic, LevelEntry);

    /// <summary>One key's postings with their positions from a level's positions file; null when the key is not there.</summary>
    public static List<Posting>? FindLevelPostings(byte[] bytes, ulong key) => FindOne(bytes, LevelPositionsMagic, key, LevelEntry);

    private static List<Posting> ReadLevelPostings(byte[] bytes, ref int position, int end)
    {
        var list = new List<Posting>();
        var ordinal = 0;
        while (position < end)
        {
            var value = ReadVarint(bytes, ref position);
            ordinal += (int)(value >> 3);
            var body = ReadPositionList(bytes, ref position);
            list.Add(new Posting(ordinal, (byte)(value & 7), body, ReadPositionList(bytes, ref position)));
        }
        return list;
    }

    // The pieces of the two files, for the encoders above and for MainShardsBuild, which writes the same bytes.

    /// <summary>A postings file's head: the magic and the number of keys that follow.</summary>
    internal static void StartPostings(ByteBuffer output, int keyCount)
    {
        output.AddRange(PostingsMagic);
        WriteVarint(output, (ulong)keyCount);
    }

    /// <summary>A positions file's head: the magic and the number of keys that follow.</summary>
    internal static void StartPositions(ByteBuffer output, int keyCount)
    {
        output.AddRange(PositionsMagic);
        WriteVarint(output, (ulong)keyCount);
    }

    /// <summary>One key of a positions file (keys ascending) with its encoded positions.</summary>
    internal static void WriteEntry(ByteBuffer output, ulong key, ref int previousFirst, ReadOnlySpan<byte> entry)
    {
        WriteKey(output, key, ref previousFirst);
        WriteVarint(output, (ulong)entry.Length);
        output.AddRange(entry);
    }

    /// <summary>
    /// One key of a postings file (keys ascending) with its postings in the form <paramref name="dense"/> says, which is
    /// the low bit of the entry's length (format 7).
    /// </summary>
    internal static void WritePostingsEntry(ByteBuffer output, ulong key, ref int previousFirst, ReadOnlySpan<byte> entry, bool dense)
    {
        WriteKey(output, key, ref previousFirst);
        WriteVarint(output, ((ulong)entry.Length << 1) | (dense ? 1UL : 0));
        output.AddRange(entry);
    }

    /// <summary>One posting's positions: its ordinal as the difference from the key's previous one, then each list.</summary>
    internal static void WritePositions(ByteBuffer entry, int ordinalDelta, ReadOnlySpan<int> body, ReadOnlySpan<int> attachment)
    {
        WriteVarint(entry, (ulong)ordinalDelta);
        WritePositionList(entry, body);
        WritePositionList(entry, attachment);
    }

    /// <summary>Every key of a postings file with its postings (no positions).</summary>
    public static Dictionary<ulong, List<Posting>> Decode(byte[] postings) => DecodeAll(postings, PostingsMagic, ReadPostings);

    /// <summary>One key's postings without decoding the rest of the shard (what a query does); null when absent.</summary>
    public static List<Posting>? FindPostings(byte[] bytes, ulong key) => FindOne(bytes, PostingsMagic, key, ReadPostings);

    /// <summary>One key's positions per ordinal; empty when the key has none in this shard.</summary>
    public static Dictionary<int, (int[]? Body, int[]? Attachment)> FindPositions(byte[] bytes, ulong key) =>
        FindOne(bytes, PositionsMagic, key, PositionsEntry) ?? [];

    /// <summary>Every key of a positions block with its positions per ordinal.</summary>
    public static Dictionary<ulong, Dictionary<int, (int[]? Body, int[]? Attachment)>> DecodePositions(byte[] bytes) =>
        DecodeAll(bytes, PositionsMagic, PositionsEntry);

    /// <summary>Reads one key's entry, from <c>position</c> to <c>end</c>; <c>dense</c> is its form (postings files only).</summary>
    private delegate T EntryReader<T>(byte[] bytes, ref int position, int end, bool dense);

    private static readonly EntryReader<Dictionary<int, (int[]? Body, int[]? Attachment)>> PositionsEntry =
        (byte[] bytes, ref int position, int end, bool _) => ReadPositions(bytes, ref position, end);

    private static readonly EntryReader<List<Posting>> LevelEntry =
        (byte[] bytes, ref int position, int end, bool _) => ReadLevelPostings(bytes, ref position, end);

    /// <summary>Every key of a file and its entry as <paramref name="read"/> makes it.</summary>
    private static Dictionary<ulong, T> DecodeAll<T>(byte[] bytes, ReadOnlySpan<byte> magic, EntryReader<T> read)
    {
        Check(bytes, magic);
        var formBit = magic.SequenceEqual(PostingsMagic);
        var position = 4;
        var count = (int)ReadVarint(bytes, ref position);
        var entries = new Dictionary<ulong, T>(count);
        var first = 0;
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(bytes, ref position, ref first);
            var (length, dense) = ReadLength(bytes, ref position, formBit);
            entries[key] = read(bytes, ref position, position + length, dense);
        }
        return entries;
    }

    /// <summary>One key's entry as <paramref name="read"/> makes it, the others skipped; null when the key is not there.</summary>
    private static T? FindOne<T>(byte[] bytes, ReadOnlySpan<byte> magic, ulong key, EntryReader<T> read) where T : class
    {
        Check(bytes, magic);
        var formBit = magic.SequenceEqual(PostingsMagic);
        var position = 4;
        var count = (int)ReadVarint(bytes, ref position);
        var first = 0;
        for (var i = 0; i < count; i++)
        {
            var found = ReadKey(bytes, ref position, ref first);
            var (length, dense) = ReadLength(bytes, ref position, formBit);
            if (found == key) return read(bytes, ref position, position + length, dense);
            position += length;
        }
        return null;
    }

    /// <summary>An entry's byte length, and in a postings file (format 7) its form from the length's low bit.</summary>
    private static (int Length, bool Dense) ReadLength(byte[] bytes, ref int position, bool formBit)
    {
        var value = ReadVarint(bytes, ref position);
        return formBit ? ((int)(value >> 1), (value & 1) != 0) : ((int)value, false);
    }

    private static bool HasPositions(Posting p) => p.Body is { Length: > 0 } || p.Attachment is { Length: > 0 };

    private static List<ulong> SortedKeys(IReadOnlyDictionary<ulong, List<Posting>> entries)
    {
        var keys = entries.Where(e => e.Value.Count > 0).Select(e => e.Key).Order().ToList();
        foreach (var key in keys) entries[key].Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        return keys;
    }

    private static void WritePositionList(ByteBuffer output, ReadOnlySpan<int> positions)
    {
        WriteVarint(output, (ulong)positions.Length);
        var previous = 0;
        foreach (var p in positions)
        {
            WriteVarint(output, (ulong)(p - previous));
            previous = p;
        }
    }

    private static int[]? ReadPositionList(byte[] bytes, ref int position)
    {
        var n = (int)ReadVarint(bytes, ref position);
        if (n == 0) return null;
        var list = new int[n];
        var previous = 0;
        for (var i = 0; i < n; i++) list[i] = previous += (int)ReadVarint(bytes, ref position);
        return list;
    }

    private static Dictionary<int, (int[]? Body, int[]? Attachment)> ReadPositions(byte[] bytes, ref int position, int end)
    {
        var result = new Dictionary<int, (int[]?, int[]?)>();
        var ordinal = 0;
        while (position < end)
        {
            ordinal += (int)ReadVarint(bytes, ref position);
            var body = ReadPositionList(bytes, ref position);
            result[ordinal] = (body, ReadPositionList(bytes, ref position));
        }
        return result;
    }

    private static List<Posting> ReadPostings(byte[] bytes, ref int position, int end, bool dense)
    {
        if (dense) return ReadDensePostings(bytes, ref position, end);
        // A posting takes at least a byte.
        var list = new List<Posting>(Math.Min(end - position, 64));
        var ordinal = 0;
        while (position < end)
        {
            var value = ReadVarint(bytes, ref position);
            ordinal += (int)(value >> 3);
            list.Add(new Posting(ordinal, (byte)(value & 7)));
        }
        return list;
    }

    /// <summary>The dense form (<see cref="PostingsEntryWriter"/>): the bitmap's ordinals, each with the common flags unless listed.</summary>
    private static List<Posting> ReadDensePostings(byte[] bytes, ref int position, int end)
    {
        var first = (int)ReadVarint(bytes, ref position);
        var bitmapLength = (int)ReadVarint(bytes, ref position);
        // A bitmap longer than its entry is a damaged file, not a reason to read past the entry.
        if (bitmapLength < 0 || bitmapLength >= end - position) throw new InvalidDataException("检索索引分片格式不正确");
        var bitmap = bytes.AsSpan(position, bitmapLength);
        position += bitmapLength;
        var common = bytes[position++];
        var exceptions = new List<(int Ordinal, byte Flags)>();
        var previous = first;
        while (position < end)
        {
            var value = ReadVarint(bytes, ref position);
            previous += (int)(value >> 3);
            exceptions.Add((previous, (byte)(value & 7)));
        }
        var list = new List<Posting>(bitmapLength * 4);
        var next = 0;
        for (var i = 0; i < bitmap.Length; i++)
        {
            for (uint bits = bitmap[i]; bits != 0; bits &= bits - 1)
            {
                var ordinal = first + i * 8 + System.Numerics.BitOperations.TrailingZeroCount(bits);
                var flags = next < exceptions.Count && exceptions[next].Ordinal == ordinal ? exceptions[next++].Flags : common;
                list.Add(new Posting(ordinal, flags));
            }
        }
        return list;
    }

    /// <summary>
    /// A key as its first character's difference from the previous key's (keys ascend, so it is small: a byte instead of
    /// three for most CJK keys) and its second character (issue 19: keys were two thirds of the delta's postings).
    /// </summary>
    private static void WriteKey(ByteBuffer output, ulong key, ref int previousFirst)
    {
        WriteVarint(output, (ulong)(SearchText.First(key) - previousFirst));
        WriteVarint(output, (ulong)SearchText.Second(key));
        previousFirst = SearchText.First(key);
    }

    private static ulong ReadKey(byte[] bytes, ref int position, ref int first)
    {
        first += (int)ReadVarint(bytes, ref position);
        return SearchText.Key(first, (int)ReadVarint(bytes, ref position));
    }

    private static void Check(byte[] bytes, ReadOnlySpan<byte> magic)
    {
        if (bytes.Length < 4 || !bytes.AsSpan(0, 4).SequenceEqual(magic))
            throw new InvalidDataException("检索索引分片格式不正确");
    }

    private static void WriteVarint(ByteBuffer output, ulong value) => output.AddVarint(value);

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}

/// <summary>
/// The first file a query reads. <c>present</c> / <c>middlePresent</c> / <c>deltaPresent</c> say which shards exist
/// (hex, bit <c>i % 8</c> of byte <c>i / 8</c>), so a query whose key hashes to a shard no item ever filled asks for
/// nothing: no 404 in the visitor's console. <c>dead</c>: ordinals withdrawn or corrected since the last main merge,
/// whose postings in the main segment no longer count (tombstones; a corrected item's current postings are in the
/// middle level or the delta segment); <c>middleDead</c> the same for the middle level since the last delta merge.
/// </summary>
public sealed record SearchManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("metaPageSize")] int MetaPageSize,
    [property: JsonPropertyName("ordinals")] int Ordinals,
    [property: JsonPropertyName("present"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Present = null)
{
    [JsonPropertyName("deltaShards")]
    public int DeltaShards { get; init; }

    [JsonPropertyName("deltaPresent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeltaPresent { get; init; }

    [JsonPropertyName("dead"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Dead { get; init; }

    [JsonPropertyName("middleShards")]
    public int MiddleShards { get; init; }

    /// <summary>How many buckets the item ids are kept in (<see cref="SearchIndexFormat.IdBucketPath"/>).</summary>
    [JsonPropertyName("idBuckets")]
    public int IdBuckets { get; init; }

    /// <summary>
    /// Ordinals per file of the main segment's positions (<see cref="SearchIndexFormat.PositionsPath"/>): a query reads
    /// the block of each result it verifies, and results come newest first, so the first page's are mostly in the last
    /// block. A main merge rewrites only the blocks of the ordinals it adds or removes.
    /// </summary>
    [JsonPropertyName("positionsBlock")]
    public int PositionsBlock { get; init; }

    [JsonPropertyName("middlePresent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MiddlePresent { get; init; }

    /// <summary>
    /// Ordinals withdrawn or corrected since the delta was last merged into the middle level, whose middle postings no
    /// longer count. Apart from <see cref="Dead"/>: a corrected item's current postings move into the middle level at
    /// that merge and must be seen there, while its old ones in the main shards stay hidden until the main merge.
    /// </summary>
    [JsonPropertyName("middleDead"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? MiddleDead { get; init; }

    /// <summary>Whether middle shard <paramref name="shard"/> exists.</summary>
    public bool MiddleHas(int shard) => MiddlePresent is { } hex && Has(hex, shard);

    /// <summary>Whether main shard <paramref name="shard"/> may exist (always, for an index without <c>present</c>).</summary>
    public bool MayHave(int shard) => Present is not { } hex || Has(hex, shard);

    /// <summary>Whether delta shard <paramref name="shard"/> exists.</summary>
    public bool DeltaHas(int shard) => DeltaPresent is { } hex && Has(hex, shard);

    private static bool Has(string hex, int shard) =>
        shard / 8 * 2 + 2 <= hex.Length && (Convert.ToByte(hex.Substring(shard / 8 * 2, 2), 16) >> (shard % 8) & 1) == 1;

    /// <summary>The <c>present</c> bitmap of these shards.</summary>
    public static string PresentOf(IEnumerable<int> shards, int shardCount)
    {
        var bits = new byte[(shardCount + 7) / 8];
        foreach (var shard in shards) bits[shard / 8] |= (byte)(1 << (shard % 8));
        return Convert.ToHexStringLower(bits);
    }
}

/// <summary>An attachment whose text is indexed, and where its text starts among the item's attachment positions.</summary>
public sealed record SearchMetaAttachment(
    [property: JsonPropertyName("n")] string Name,
    [property: JsonPropertyName("s")] int Start);

/// <summary>What a result shows; the property names are short because every meta page carries them once per item.</summary>
public sealed record SearchMeta(
    [property: JsonPropertyName("t")] string Title,
    [property: JsonPropertyName("u")] string Url,
    [property: JsonPropertyName("i")] string IndexNumber,
    [property: JsonPropertyName("n")] string? DocumentNumber,
    [property: JsonPropertyName("d")] string? PublishedOn,
    [property: JsonPropertyName("c")] string Column)
{
    /// <summary>The attachments whose text is searchable, so a result can say in which one the query was found.</summary>
    [JsonPropertyName("a"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SearchMetaAttachment>? Attachments { get; init; }

    public string Haystack() => SearchText.Haystack(Title, DocumentNumber, IndexNumber);

    /// <summary>The attachment the attachment-text position <paramref name="position"/> lies in.</summary>
    public string? AttachmentAt(int position) =>
        Attachments?.LastOrDefault(a => a.Start <= position)?.Name;
}

/// <summary>
/// A growable byte array for encoding shards: a full build writes tens of megabytes a varint byte at a time, which
/// <see cref="List{T}"/> did at several times the cost (issue 19). Output is the same bytes.
/// </summary>
internal sealed class ByteBuffer(int capacity)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Count);

    public void Add(byte value)
    {
        if (Count == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[Count++] = value;
    }

    /// <summary>An unsigned LEB128 varint: seven bits a byte, low bits first, the high bit set on all but the last.</summary>
    public void AddVarint(ulong value)
    {
        // A varint of a 64-bit value takes at most ten bytes: room for them once, then no check per byte.
        if (Count + 10 > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Count + 10));
        var bytes = _bytes;
        var at = Count;
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[at++] = (byte)value;
        Count = at;
    }

    public void AddRange(ReadOnlySpan<byte> values)
    {
        if (Count + values.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Count + values.Length));
        values.CopyTo(_bytes.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>Appends <paramref name="count"/> zero bytes and returns them to be written.</summary>
    public Span<byte> AddZeroed(int count)
    {
        if (Count + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Count + count));
        var added = _bytes.AsSpan(Count, count);
        added.Clear();
        Count += count;
        return added;
    }

    public void Clear() => Count = 0;

    public byte[] ToArray() => Span.ToArray();
}

/// <summary>
/// Writes one key's postings (added in ordinal order) in the smaller of two forms (format 7): a list, each posting the
/// varint of <c>(ordinal delta &lt;&lt; 3) | flags</c>; or dense, for a key in a good share of the items: varint first
/// ordinal, varint bitmap length, the bitmap (bit <c>i % 8</c> of byte <c>i / 8</c> for ordinal first + i), a byte of the
/// flags most postings have, then the postings whose flags differ as varints of <c>(ordinal delta &lt;&lt; 3) | flags</c>,
/// the first delta from the first ordinal. Ties go to the list. Reused from key to key.
/// </summary>
internal sealed class PostingsEntryWriter
{
    private readonly List<int> _ordinals = new(256);
    private readonly List<byte> _flags = new(256);
    private readonly int[] _flagCounts = new int[8];
    // The list form, written as the postings are added: most keys keep it.
    private readonly ByteBuffer _listed = new(256);
    private readonly ByteBuffer _dense = new(256);

    public void Add(int ordinal, byte flags)
    {
        _listed.AddVarint(((ulong)(ordinal - (_ordinals.Count == 0 ? 0 : _ordinals[^1])) << 3) | flags);
        _ordinals.Add(ordinal);
        _flags.Add(flags);
        _flagCounts[flags & 7]++;
    }

    /// <summary>Writes the key and the postings added since the last call, and forgets them.</summary>
    public void WriteTo(ByteBuffer output, ulong key, ref int previousFirst)
    {
        var dense = MayBeDense() && WriteDense() < _listed.Count;
        SearchIndexFormat.WritePostingsEntry(output, key, ref previousFirst, dense ? _dense.Span : _listed.Span, dense);
        _ordinals.Clear();
        _flags.Clear();
        Array.Clear(_flagCounts);
        _listed.Clear();
        _dense.Clear();
    }

    private int BitmapLength => (_ordinals[^1] - _ordinals[0]) / 8 + 1;

    /// <summary>
    /// Whether the bitmap could be the smaller form: not when it alone outweighs the most the list can take (five bytes a
    /// posting). Most keys are in few items far apart, and this spares them the second form.
    /// </summary>
    private bool MayBeDense() => _ordinals.Count > 0 && BitmapLength + 3L < 5L * _ordinals.Count;

    /// <summary>Writes the dense form apart and returns its length.</summary>
    private int WriteDense()
    {
        var common = 0;
        for (var f = 1; f < 8; f++)
            if (_flagCounts[f] > _flagCounts[common]) common = f;
        var first = _ordinals[0];
        _dense.AddVarint((ulong)first);
        _dense.AddVarint((ulong)BitmapLength);
        var bitmap = _dense.AddZeroed(BitmapLength);
        foreach (var ordinal in _ordinals) bitmap[(ordinal - first) >> 3] |= (byte)(1 << ((ordinal - first) & 7));
        _dense.Add((byte)common);
        var previous = first;
        for (var i = 0; i < _ordinals.Count; i++)
        {
            if (_flags[i] == common) continue;
            _dense.AddVarint(((ulong)(_ordinals[i] - previous) << 3) | _flags[i]);
            previous = _ordinals[i];
        }
        return _dense.Count;
    }
}

