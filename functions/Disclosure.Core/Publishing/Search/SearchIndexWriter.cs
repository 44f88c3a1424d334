using System.Globalization;
using System.Text.Json;

namespace Disclosure.Publishing.Search;

public sealed record SearchIndexOptions
{
    /// <summary>
    /// Shard count of a new index (an existing index keeps the count in its manifest). A query for a two-character
    /// word downloads one shard, so the count trades bytes per query against the number of files.
    /// </summary>
    public int ShardCount { get; init; } = 256;

    /// <summary>Items per meta page (~6 KB at 32): a page of results downloads the pages its 20 items are on, so small pages keep scattered results cheap.</summary>
    public int MetaPageSize { get; init; } = 32;

    /// <summary>A shard count for a catalogue of the given size: about 2 KB of postings per item, aiming at ~32 KB shards.</summary>
    public static int ShardCountFor(int expectedItems)
    {
        var count = 64;
        while (count < 4096 && count * 16 < expectedItems) count *= 2;
        return count;
    }
}

/// <summary>What changed in the index: the files to upload and, for the record, how many shards were touched.</summary>
public sealed record SearchIndexUpdate(IReadOnlyList<SiteFile> Files, int ShardsChanged, int MetaPagesChanged, int Ordinals);

/// <summary>
/// Keeps the static search index up to date (Art. 24: the platform must support 检索). Ordinals are handed out
/// append-only, so a new item only touches the shards its keys hash to, the last meta page, the manifest and the
/// ordinal list; output is deterministic, so a shard that did not change is byte-identical and is not returned.
/// A withdrawn item leaves the postings and its meta entry; a corrected item keeps its ordinal. Removing an ordinal
/// scans every shard (the index does not keep each item's key list), which is the cost of a withdrawal or correction.
/// </summary>
public sealed class SearchIndexWriter(SearchIndexOptions options)
{
    public SearchIndexWriter() : this(new SearchIndexOptions()) { }

    public async Task<SearchIndexUpdate> UpdateAsync(
        ISiteFileSource current,
        IReadOnlyCollection<SearchDocument> upserts,
        IReadOnlyCollection<string> withdrawnItemIds,
        CancellationToken ct)
    {
        var clash = upserts.Select(d => d.ItemId).Intersect(withdrawnItemIds, StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null) throw new ArgumentException($"同一批次中事项 {clash} 既要发布又要撤回", nameof(withdrawnItemIds));

        var manifestBytes = await current.ReadAsync(SearchIndexFormat.ManifestPath, ct);
        var manifest = manifestBytes is null
            ? new SearchManifest(SearchIndexFormat.Version, options.ShardCount, options.MetaPageSize, 0)
            : JsonSerializer.Deserialize<SearchManifest>(manifestBytes, SearchIndexFormat.Json)!;
        var ordinalsBytes = await current.ReadAsync(SearchIndexFormat.OrdinalsPath, ct);
        var ordinals = ordinalsBytes is null ? [] : JsonSerializer.Deserialize<List<string?>>(ordinalsBytes, SearchIndexFormat.Json)!;
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ordinals.Count; i++)
            if (ordinals[i] is { } id) byId[id] = i;

        var removed = new HashSet<int>();
        var metaChanges = new Dictionary<int, SearchMeta?>();
        foreach (var id in withdrawnItemIds)
        {
            if (!byId.Remove(id, out var ordinal)) continue;
            removed.Add(ordinal);
            ordinals[ordinal] = null;
            metaChanges[ordinal] = null;
        }

        // The last version of an item in a batch wins; documents are added in a stable order so output is deterministic.
        var latest = new Dictionary<string, SearchDocument>(StringComparer.Ordinal);
        foreach (var doc in upserts) latest[doc.ItemId] = doc;
        var additions = new List<(int Ordinal, SearchDocument Doc)>();
        foreach (var doc in upserts.Select(d => d.ItemId).Distinct(StringComparer.Ordinal).Select(id => latest[id]))
        {
            if (byId.TryGetValue(doc.ItemId, out var ordinal))
            {
                removed.Add(ordinal);
            }
            else
            {
                ordinal = ordinals.Count;
                ordinals.Add(doc.ItemId);
                byId[doc.ItemId] = ordinal;
            }
            additions.Add((ordinal, doc));
            metaChanges[ordinal] = Meta(doc);
        }

        var shards = new Dictionary<int, Dictionary<ulong, List<int>>>();
        var originals = new Dictionary<int, byte[]?>();
        async Task<Dictionary<ulong, List<int>>> Load(int shard)
        {
            if (shards.TryGetValue(shard, out var map)) return map;
            var bytes = await current.ReadAsync(SearchIndexFormat.ShardPath(shard), ct);
            originals[shard] = bytes;
            map = bytes is null ? [] : SearchIndexFormat.DecodeShard(bytes);
            shards[shard] = map;
            return map;
        }

        // An index written before the manifest said which shards exist: read them all once to say it from now on.
        if (removed.Count > 0 || (manifestBytes is not null && manifest.Present is null))
        {
            for (var shard = 0; shard < manifest.Shards; shard++)
            {
                foreach (var list in (await Load(shard)).Values) list.RemoveAll(p => removed.Contains(p >> 2));
            }
        }

        foreach (var (ordinal, doc) in additions)
        {
            foreach (var (key, flags) in Keys(doc))
            {
                var map = await Load(SearchText.Shard(key, manifest.Shards));
                if (!map.TryGetValue(key, out var list)) map[key] = list = [];
                list.Add((ordinal << 2) | flags);
            }
        }

        var files = new List<SiteFile>();
        var written = new HashSet<int>();
        var shardsChanged = 0;
        foreach (var (shard, map) in shards.OrderBy(s => s.Key))
        {
            var bytes = SearchIndexFormat.EncodeShard(map);
            var original = originals[shard];
            if (original is null && map.Values.All(l => l.Count == 0)) continue;
            if (original is not null && original.AsSpan().SequenceEqual(bytes)) continue;
            files.Add(new SiteFile(SearchIndexFormat.ShardPath(shard), bytes, "application/octet-stream", SearchIndexFormat.IndexCacheControl));
            written.Add(shard);
            shardsChanged++;
        }

        var metaPagesChanged = 0;
        foreach (var page in metaChanges.Keys.Select(o => o / manifest.MetaPageSize).Distinct().Order())
        {
            var path = SearchIndexFormat.MetaPath(page);
            var existing = await current.ReadAsync(path, ct);
            var entries = existing is null ? [] : JsonSerializer.Deserialize<List<SearchMeta?>>(existing, SearchIndexFormat.Json)!;
            var start = page * manifest.MetaPageSize;
            var length = Math.Min(manifest.MetaPageSize, ordinals.Count - start);
            while (entries.Count < length) entries.Add(null);
            for (var i = 0; i < length; i++)
                if (metaChanges.TryGetValue(start + i, out var meta)) entries[i] = meta;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(entries, SearchIndexFormat.Json);
            if (existing is not null && existing.AsSpan().SequenceEqual(bytes)) continue;
            files.Add(new SiteFile(path, bytes, "application/json", SearchIndexFormat.IndexCacheControl));
            metaPagesChanged++;
        }

        var newOrdinals = JsonSerializer.SerializeToUtf8Bytes(ordinals, SearchIndexFormat.Json);
        if (ordinalsBytes is null || !ordinalsBytes.AsSpan().SequenceEqual(newOrdinals))
            files.Add(new SiteFile(SearchIndexFormat.OrdinalsPath, newOrdinals, "application/json", SearchIndexFormat.IndexCacheControl));
        // Shards are rewritten when emptied, never deleted: one that existed or was written now exists.
        var present = Enumerable.Range(0, manifest.Shards).Where(shard =>
            (manifest.Present is not null && manifest.MayHave(shard)) || originals.GetValueOrDefault(shard) is not null
            || written.Contains(shard));
        var newManifest = JsonSerializer.SerializeToUtf8Bytes(
            manifest with { Ordinals = ordinals.Count, Present = SearchManifest.PresentOf(present, manifest.Shards) }, SearchIndexFormat.Json);
        if (manifestBytes is null || !manifestBytes.AsSpan().SequenceEqual(newManifest))
            files.Add(new SiteFile(SearchIndexFormat.ManifestPath, newManifest, "application/json", SearchIndexFormat.ManifestCacheControl));

        return new SearchIndexUpdate(files, shardsChanged, metaPagesChanged, ordinals.Count);
    }

    /// <summary>
    /// Computes the document's keys and writes its result entry where nobody reads them: throws what indexing it for
    /// real would, so the publication can leave one unindexable item out instead of failing the whole update.
    /// </summary>
    public static void Check(SearchDocument doc)
    {
        _ = Keys(doc);
        _ = JsonSerializer.SerializeToUtf8Bytes(Meta(doc), SearchIndexFormat.Json);
    }

    private static SearchMeta Meta(SearchDocument doc) => new(
        doc.Title, doc.Url, doc.IndexNumber, string.IsNullOrEmpty(doc.DocumentNumber) ? null : doc.DocumentNumber,
        doc.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), doc.ColumnName);

    /// <summary>
    /// The keys of one document with their flags: bigrams of every field, and unigrams of the title, 文号 and 索引号
    /// only (single-character queries search those; a unigram per body character would grow the index by half).
    /// </summary>
    public static Dictionary<ulong, int> Keys(SearchDocument doc)
    {
        var keys = new Dictionary<ulong, int>();
        void Add(ulong key, int flag) => keys[key] = keys.GetValueOrDefault(key) | flag;

        foreach (var field in new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber })
        {
            foreach (var run in SearchText.Runs(SearchText.Normalize(field)))
            {
                for (var i = 0; i < run.Length; i++)
                {
                    Add(SearchText.Key(run[i], 0), SearchIndexFormat.HaystackFlag);
                    if (i + 1 < run.Length) Add(SearchText.Key(run[i], run[i + 1]), SearchIndexFormat.HaystackFlag);
                }
            }
        }
        foreach (var run in SearchText.Runs(SearchText.Normalize(doc.Body)))
        {
            for (var i = 0; i + 1 < run.Length; i++) Add(SearchText.Key(run[i], run[i + 1]), SearchIndexFormat.BodyFlag);
        }
        return keys;
    }
}
