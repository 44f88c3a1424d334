using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Disclosure.Publishing.Search;

/// <summary>
/// The static files of the search index (all under <c>search/</c>):
/// <list type="bullet">
/// <item><c>manifest.json</c>: format, shard count, meta page size, number of ordinals handed out.</item>
/// <item><c>shards/{n}.bin</c>: "DSI1", varint entry count, then per key (ascending): varint first code point, varint
/// second code point (0 for a unigram), varint posting count, varint byte length, postings. A posting is the varint of
/// <c>(ordinal delta &lt;&lt; 2) | flags</c>, flag 1 = the key occurs in the body, 2 = in title/文号/索引号.</item>
/// <item><c>meta/{page}.json</c>: array indexed by <c>ordinal % pageSize</c>, null where the item was withdrawn.</item>
/// <item><c>ordinals.json</c>: item id per ordinal (null once withdrawn), so a correction keeps its ordinal.</item>
/// </list>
/// </summary>
public static class SearchIndexFormat
{
    public const int Version = 1;
    public const string ManifestPath = "search/manifest.json";
    public const string OrdinalsPath = "search/ordinals.json";
    public const byte BodyFlag = 1;
    public const byte HaystackFlag = 2;
    public const string IndexCacheControl = "public, max-age=300";
    // The manifest says how many ordinals exist; revalidating it on every query keeps new items findable at once.
    public const string ManifestCacheControl = "no-cache";

    private static ReadOnlySpan<byte> Magic => "DSI1"u8;

    public static string ShardPath(int shard) => $"search/shards/{shard:x3}.bin";

    public static string MetaPath(int page) => $"search/meta/{page}.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        // Chinese stays readable UTF-8 (3 bytes) rather than \uXXXX (6 bytes); these files are fetched, never inlined in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Postings per key, each an int of <c>(ordinal &lt;&lt; 2) | flags</c>.</summary>
    public static byte[] EncodeShard(IReadOnlyDictionary<ulong, List<int>> entries)
    {
        var keys = entries.Where(e => e.Value.Count > 0).Select(e => e.Key).Order().ToList();
        var output = new List<byte>(1024);
        output.AddRange(Magic);
        WriteVarint(output, (ulong)keys.Count);
        var postings = new List<byte>(256);
        foreach (var key in keys)
        {
            var list = entries[key];
            list.Sort();
            postings.Clear();
            var previous = 0;
            foreach (var posting in list)
            {
                var ordinal = posting >> 2;
                WriteVarint(postings, ((ulong)(ordinal - previous) << 2) | (uint)(posting & 3));
                previous = ordinal;
            }
            WriteVarint(output, (ulong)SearchText.First(key));
            WriteVarint(output, (ulong)SearchText.Second(key));
            WriteVarint(output, (ulong)list.Count);
            WriteVarint(output, (ulong)postings.Count);
            output.AddRange(postings);
        }
        return [.. output];
    }

    public static Dictionary<ulong, List<int>> DecodeShard(byte[] bytes)
    {
        if (bytes.Length < 4 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException("检索索引分片格式不正确");
        var position = 4;
        var count = (int)ReadVarint(bytes, ref position);
        var entries = new Dictionary<ulong, List<int>>(count);
        for (var i = 0; i < count; i++)
        {
            var first = (int)ReadVarint(bytes, ref position);
            var second = (int)ReadVarint(bytes, ref position);
            var postings = (int)ReadVarint(bytes, ref position);
            var length = (int)ReadVarint(bytes, ref position);
            var end = position + length;
            var list = new List<int>(postings);
            var ordinal = 0;
            while (position < end)
            {
                var value = ReadVarint(bytes, ref position);
                ordinal += (int)(value >> 2);
                list.Add((ordinal << 2) | (int)(value & 3));
            }
            entries[SearchText.Key(first, second)] = list;
        }
        return entries;
    }

    /// <summary>Finds one key's postings without decoding the rest of the shard (what a query does).</summary>
    public static List<(int Ordinal, byte Flags)>? FindPostings(byte[] bytes, ulong key)
    {
        if (bytes.Length < 4 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException("检索索引分片格式不正确");
        var position = 4;
        var count = (int)ReadVarint(bytes, ref position);
        for (var i = 0; i < count; i++)
        {
            var first = (int)ReadVarint(bytes, ref position);
            var second = (int)ReadVarint(bytes, ref position);
            var postings = (int)ReadVarint(bytes, ref position);
            var length = (int)ReadVarint(bytes, ref position);
            if (SearchText.Key(first, second) != key)
            {
                position += length;
                continue;
            }
            var list = new List<(int, byte)>(postings);
            var ordinal = 0;
            var end = position + length;
            while (position < end)
            {
                var value = ReadVarint(bytes, ref position);
                ordinal += (int)(value >> 2);
                list.Add((ordinal, (byte)(value & 3)));
            }
            return list;
        }
        return null;
    }

    private static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

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
/// The first file a query reads. <c>present</c> says which shards exist (hex, bit <c>i % 8</c> of byte <c>i / 8</c>), so a
/// query whose key hashes to a shard no item ever filled asks for nothing: no 404 in the visitor's console. An index
/// written before it existed has none, and readers then ask for every shard as before.
/// </summary>
public sealed record SearchManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("metaPageSize")] int MetaPageSize,
    [property: JsonPropertyName("ordinals")] int Ordinals,
    [property: JsonPropertyName("present"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Present = null)
{
    /// <summary>Whether shard <paramref name="shard"/> may exist (always, for an index without <c>present</c>).</summary>
    public bool MayHave(int shard)
        => Present is not { } hex || (shard / 8 * 2 + 2 <= hex.Length && (Convert.ToByte(hex.Substring(shard / 8 * 2, 2), 16) >> (shard % 8) & 1) == 1);

    /// <summary>The <c>present</c> bitmap of these shards.</summary>
    public static string PresentOf(IEnumerable<int> shards, int shardCount)
    {
        var bits = new byte[(shardCount + 7) / 8];
        foreach (var shard in shards) bits[shard / 8] |= (byte)(1 << (shard % 8));
        return Convert.ToHexStringLower(bits);
    }
}

/// <summary>What a result shows; the property names are short because every meta page carries them once per item.</summary>
public sealed record SearchMeta(
    [property: JsonPropertyName("t")] string Title,
    [property: JsonPropertyName("u")] string Url,
    [property: JsonPropertyName("i")] string IndexNumber,
    [property: JsonPropertyName("n")] string? DocumentNumber,
    [property: JsonPropertyName("d")] string? PublishedOn,
    [property: JsonPropertyName("c")] string Column)
{
    public string Haystack() => SearchText.Haystack(Title, DocumentNumber, IndexNumber);
}
