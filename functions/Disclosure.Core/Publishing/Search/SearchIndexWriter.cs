using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Disclosure.Publishing.Search;

public sealed record SearchIndexOptions
{
    /// <summary>
    /// Shard count of a new index (an existing index keeps the count in its manifest). A query for a two-character
    /// word downloads one shard, so the count trades bytes per query against the number of files.
    /// </summary>
    public int ShardCount { get; init; } = 256;

    /// <summary>Items per meta page (~5.5 KB at 64, SearchMetaPage): a page of results downloads the pages its 20 items are on; smaller pages cost fewer bytes per result and more files (issue 19: ≤ 40 KiB and ≤ 8 files for 20 results).</summary>
    public int MetaPageSize { get; init; } = 64;

    /// <summary>
    /// Shards of the delta segment. Every query reads the delta shard of each key beside the main one, and one new item
    /// touches every delta shard (its hundreds of bigrams hash everywhere), so an update writes two files per shard for
    /// it (postings and positions): one shard keeps that at two files, beside the meta page, the item's id bucket and the
    /// manifest (issue 19: 5 of an item's 20 writes). The delta's postings alone stay a few KiB, so a query that reads
    /// the whole of them pays little.
    /// </summary>
    public int DeltaShardCount { get; init; } = 1;

    /// <summary>
    /// The delta segment is merged into the middle level once its files together pass this size: a query reads one
    /// delta postings file per key, and its positions only for terms of three or more characters.
    /// </summary>
    public int DeltaMergeBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Shards of the middle level (LSM), which takes the delta at each of its merges so the main shards are rewritten
    /// rarely. A delta merge rewrites the middle level only: two files per shard (postings and positions), so 16
    /// shards keep a merge at the 35 files format 3 wrote with 32 shards of postings and positions together.
    /// </summary>
    public int MiddleShardCount { get; init; } = 16;

    /// <summary>
    /// The middle level is merged into the main shards once its files together pass this size: a query reads one
    /// middle postings file per key (its positions only for terms of three or more characters), and a delta merge
    /// rewrites it all.
    /// </summary>
    public int MiddleMergeBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// Ordinals per positions file of a main shard (a new index; an existing one keeps its manifest's); by default as
    /// many as there are shards, so a block holds 2–3 KiB of positions whatever the catalogue's
    /// size. A 3–6-character query reads one block per key for the results it verifies, newest first, so a page of
    /// results is mostly one block per key (issue 19: ≤ 40 KiB and ≤ 8 files for 20 results); smaller blocks cost fewer
    /// bytes and, for terms whose results are scattered over the years, more files.
    /// </summary>
    public int? PositionsBlockOrdinals { get; init; }

    /// <summary>
    /// Item ids a bucket holds on average before the buckets double (<see cref="SearchIndexFormat.IdBucketPath"/>): an
    /// update reads and writes the bucket of each item it numbers or withdraws, about 12 KB at this bound.
    /// </summary>
    public int IdsPerBucket { get; init; } = 256;

    /// <summary>Tombstones (withdrawn or corrected items) are merged away once there are more than this.</summary>
    public int MaxDeadOrdinals { get; init; } = 256;

    /// <summary>Characters of attachment text indexed per item: the rest of a long annex is not searchable.</summary>
    public int AttachmentTextBudget { get; init; } = 20_000;

    /// <summary>A shard count for a catalogue of the given size: about 2 KB of postings per item, aiming at ~32 KB shards.</summary>
    public static int ShardCountFor(int expectedItems)
    {
        var count = 64;
        while (count < 4096 && count * 16 < expectedItems) count *= 2;
        return count;
    }
}

/// <summary>What changed in the index: the files to upload and, for the record, what was touched.</summary>
public sealed record SearchIndexUpdate(IReadOnlyList<SiteFile> Files, int ShardsChanged, int MetaPagesChanged, int Ordinals)
{
    /// <summary>Whether this update merged the delta, the middle level and the tombstones into the main shards.</summary>
    public bool Merged { get; init; }

    /// <summary>Whether this update merged the delta into the middle level (and no further).</summary>
    public bool MiddleMerged { get; init; }

    /// <summary>The size of the delta segment after the update (0 after a merge).</summary>
    public int DeltaBytes { get; init; }
}

/// <summary>
/// Keeps the static search index up to date (Art. 24: the platform must support 检索), LSM style: new and corrected
/// items go into a small delta segment that every query reads beside the main shards; a withdrawal or correction
/// leaves a tombstone (<see cref="SearchManifest.Dead"/>) that hides the item's main postings. Once the delta passes
/// <see cref="SearchIndexOptions.DeltaMergeBytes"/> or the tombstones <see cref="SearchIndexOptions.MaxDeadOrdinals"/>,
/// both are merged into the main shards. Ordinals are handed out append-only; a corrected item keeps its ordinal.
/// Output is deterministic, so a file that did not change is not returned. Repeating an update (a run that stopped
/// part-way) gives the same index: an item's postings are always replaced, never added twice.
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
        var existing = manifestBytes is null ? null : JsonSerializer.Deserialize<SearchManifest>(manifestBytes, SearchIndexFormat.Json)!;
        // An index of an earlier format is not read: this one starts afresh beside its files (see README, "Format").
        var fresh = existing is null || existing.Format != SearchIndexFormat.Version;
        var manifest = fresh
            ? new SearchManifest(SearchIndexFormat.Version, options.ShardCount, options.MetaPageSize, 0)
            {
                DeltaShards = options.DeltaShardCount, PositionsBlock = options.PositionsBlockOrdinals ?? options.ShardCount,
            }
            : existing!;

        // Only the ids this update withdraws or publishes are looked up, in their buckets (format 6: at 100,000 items a new
        // item's update read all 98 pages of ids, 1.6 MB, to find whether it had an ordinal; issue 19).
        var metaRead = new Dictionary<int, MetaPageRead>();
        var ordinals = await ItemOrdinals.ReadAsync(current, fresh ? null : manifest, withdrawnItemIds.Concat(upserts.Select(d => d.ItemId)),
            upserts.Count, options.IdsPerBucket, metaRead, ct);

        var (delta, deltaOriginals) = fresh ? (new Dictionary<ulong, List<Posting>>(), new Dictionary<int, LevelFile>()) : await ReadLevelAsync(current, manifest.DeltaShards, manifest.DeltaHas, SearchIndexFormat.DeltaPath, SearchIndexFormat.DeltaPositionsPath, ct);
        var dead = new SortedSet<int>(manifest.Dead ?? []);
        var middleDead = new SortedSet<int>(manifest.MiddleDead ?? []);

        var replaced = new HashSet<int>();
        var metaChanges = new Dictionary<int, SearchMeta?>();
        foreach (var id in withdrawnItemIds)
        {
            if (!ordinals.Vacate(id, out var ordinal)) continue;
            replaced.Add(ordinal);
            dead.Add(ordinal);
            middleDead.Add(ordinal);
            metaChanges[ordinal] = null;
        }

        // The last version of an item in a batch wins; documents are added in a stable order so output is deterministic.
        var latest = new Dictionary<string, SearchDocument>(StringComparer.Ordinal);
        foreach (var doc in upserts) latest[doc.ItemId] = doc;
        var additions = new List<(int Ordinal, IndexedDocument Indexed)>();
        foreach (var doc in upserts.Select(d => d.ItemId).Distinct(StringComparer.Ordinal).Select(id => latest[id]))
        {
            if (ordinals.TryGet(doc.ItemId, out var ordinal))
            {
                dead.Add(ordinal);
                middleDead.Add(ordinal);
            }
            else
            {
                ordinal = ordinals.Number(doc.ItemId);
            }
            replaced.Add(ordinal);
            var indexed = Index(doc, options.AttachmentTextBudget);
            additions.Add((ordinal, indexed));
            metaChanges[ordinal] = indexed.Meta;
        }

        // An item's delta postings are replaced as a whole, so a repeated update never doubles them.
        if (replaced.Count > 0)
            foreach (var list in delta.Values) list.RemoveAll(p => replaced.Contains(p.Ordinal));
        var files = new List<SiteFile>();
        var present = Enumerable.Range(0, manifest.Shards).Where(s => !fresh && manifest.Present is not null && manifest.MayHave(s)).ToHashSet();
        var deltaShards = options.DeltaShardCount;
        int level, deltaBytes, shardsChanged = 0;
        string? deltaPresent = null, middlePresent = manifest.MiddlePresent;
        var middleShards = manifest.MiddleShards;
        // Every posting takes at least a byte: a fresh index's batch with more postings than both levels' bounds (a first
        // publication) would pass through them to the main shards, so it is written there at once, the cheap way.
        var postingCount = additions.Sum(a => (long)a.Indexed.Keys.Count);
        if (fresh && postingCount > options.DeltaMergeBytes && postingCount > options.MiddleMergeBytes)
        {
            shardsChanged = MainShardsBuild.Write([.. additions.Select(a => (a.Ordinal, a.Indexed.Keys))], manifest.Shards, manifest.PositionsBlock, files, present);
            level = 2;
            deltaBytes = 0;
            middlePresent = null;
        }
        else
        {
            foreach (var (ordinal, indexed) in additions)
                for (var i = 0; i < indexed.Keys.Count; i++)
                {
                    var key = indexed.Keys.Keys[i];
                    if (!delta.TryGetValue(key, out var list)) delta[key] = list = [];
                    list.Add(indexed.Keys.Posting(i, ordinal));
                }

            // A batch past the bound on the postings' count goes on to the next level without encoding files nobody will read.
            var deltaFiles = TooBig(delta, options.DeltaMergeBytes) ? null : EncodeLevel(delta, deltaShards);
            deltaBytes = deltaFiles?.Sum(f => f.Value.Length) ?? 0;
            level = deltaFiles is null || deltaBytes > options.DeltaMergeBytes ? 1 : 0;
            if (dead.Count > options.MaxDeadOrdinals) level = 2;
            if (level == 0)
            {
                // The delta is rewritten whole at every update, so its shard count follows the options.
                var sameShards = manifest.DeltaShards == deltaShards;
                // The delta changes with every publication: revalidated like the manifest, never served stale.
                foreach (var (shard, level0) in deltaFiles!)
                    AddLevelFiles(files, shard, level0, sameShards ? deltaOriginals.GetValueOrDefault(shard) : null, SearchIndexFormat.DeltaPath, SearchIndexFormat.DeltaPositionsPath);
                deltaPresent = deltaFiles!.Count == 0 ? null : SearchManifest.PresentOf(deltaFiles.Keys, deltaShards);
                deltaBytes = deltaFiles.Sum(f => f.Value.Length);
            }
            else
            {
                // The delta goes into the middle level: its items' earlier middle postings and the tombstoned ones are
                // removed first, so the middle level needs no tombstones of its own after this and a repeat adds nothing twice.
                var (middle, middleOriginals) = fresh ? (new Dictionary<ulong, List<Posting>>(), new Dictionary<int, LevelFile>()) : await ReadLevelAsync(current, manifest.MiddleShards, manifest.MiddleHas, SearchIndexFormat.MiddlePath, SearchIndexFormat.MiddlePositionsPath, ct);
                var moved = new HashSet<int>(middleDead);
                AddOrdinals(moved, delta);
                foreach (var list in middle.Values) list.RemoveAll(p => moved.Contains(p.Ordinal));
                // An empty middle level (a first publication) becomes the delta itself rather than a copy of its lists.
                if (middle.Count == 0) middle = delta;
                else
                    foreach (var (key, list) in delta)
                    {
                        if (list.Count == 0) continue;
                        if (!middle.TryGetValue(key, out var target)) middle[key] = target = [];
                        target.AddRange(list);
                    }
                middleDead.Clear();
                var middleFiles = level == 1 && !TooBig(middle, options.MiddleMergeBytes) ? EncodeLevel(middle, options.MiddleShardCount) : null;
                if (middleFiles is not null && middleFiles.Sum(f => f.Value.Length) <= options.MiddleMergeBytes)
                {
                    var sameShards = manifest.MiddleShards == options.MiddleShardCount;
                    middleShards = options.MiddleShardCount;
                    // Rewritten at every delta merge, read beside the manifest that says what it holds: never stale.
                    foreach (var (shard, level1) in middleFiles)
                        AddLevelFiles(files, shard, level1, sameShards ? middleOriginals.GetValueOrDefault(shard) : null, SearchIndexFormat.MiddlePath, SearchIndexFormat.MiddlePositionsPath);
                    middlePresent = middleFiles.Count == 0 ? null : SearchManifest.PresentOf(middleFiles.Keys, middleShards);
                }
                else
                {
                    level = 2;
                    shardsChanged = await MergeAsync(current, manifest, fresh, middle, dead, files, present, ct);
                    dead.Clear();
                    middlePresent = null;
                }
                deltaBytes = 0;
            }
        }

        var metaPagesChanged = 0;
        foreach (var page in metaChanges.Keys.Select(o => o / manifest.MetaPageSize).Distinct().Order())
        {
            var path = SearchIndexFormat.MetaPath(page);
            var (before, entries) = fresh ? MetaPageRead.None : metaRead.TryGetValue(page, out var read) ? read : await MetaPageRead.ReadAsync(current, page, ct);
            var start = page * manifest.MetaPageSize;
            var length = Math.Min(manifest.MetaPageSize, ordinals.Next - start);
            while (entries.Count < length) entries.Add(null);
            for (var i = 0; i < length; i++)
                if (metaChanges.TryGetValue(start + i, out var meta)) entries[i] = meta;
            var bytes = SearchMetaPage.Encode(entries);
            if (before is not null && before.AsSpan().SequenceEqual(bytes)) continue;
            files.Add(new SiteFile(path, bytes, "application/json", SearchIndexFormat.IndexCacheControl));
            metaPagesChanged++;
        }

        files.AddRange(ordinals.ChangedBuckets());

        var next = manifest with
        {
            Ordinals = ordinals.Next,
            IdBuckets = ordinals.BucketCount,
            Present = SearchManifest.PresentOf(present, manifest.Shards),
            DeltaShards = deltaShards,
            DeltaPresent = deltaPresent,
            Dead = dead.Count == 0 ? null : [.. dead],
            MiddleShards = middleShards,
            MiddlePresent = middlePresent,
            MiddleDead = middleDead.Count == 0 ? null : [.. middleDead],
        };
        var newManifest = JsonSerializer.SerializeToUtf8Bytes(next, SearchIndexFormat.Json);
        if (manifestBytes is null || !manifestBytes.AsSpan().SequenceEqual(newManifest))
            files.Add(new SiteFile(SearchIndexFormat.ManifestPath, newManifest, "application/json", SearchIndexFormat.ManifestCacheControl));

        var ordered = files.OrderBy(f => SearchIndexFormat.UploadRank(f.Path)).ToList();
        return new SearchIndexUpdate(ordered, shardsChanged, metaPagesChanged, ordinals.Next) { Merged = level == 2, MiddleMerged = level == 1, DeltaBytes = deltaBytes };
    }

    /// <summary>
    /// Which ordinal each item has (format 6). Item ids are kept in buckets by hash (<see cref="SearchIndexFormat.IdBucketPath"/>),
    /// read only for the ids an update touches. The next ordinal comes from the meta pages, which an update uploads first
    /// (<see cref="SearchIndexFormat.UploadRank"/>): a page holds an entry for every ordinal handed out on it, so they
    /// also count the ordinals of a run that stopped before its manifest, and no ordinal is handed out twice.
    /// The buckets double when they hold more than <see cref="SearchIndexOptions.IdsPerBucket"/> ids on average: bucket
    /// <c>b</c> of <c>n</c> splits into <c>b</c> and <c>b + n</c> of <c>2n</c>, and only the new upper half is written.
    /// A bucket therefore may hold ids that belong to another under the current count (those that moved up); they are
    /// ignored on reading and dropped when the bucket is written again after the manifest names the new count. In the
    /// update that doubles, a lower bucket it changes is written with every id it held under the old count: until the
    /// manifest is written the old count is the one the next run reads by, so a run that stops part-way through leaves
    /// every id findable.
    /// </summary>
    /// <summary>A meta page as read (null bytes: there is none yet) and its entries, decoded once per update.</summary>
    private sealed record MetaPageRead(byte[]? Bytes, List<SearchMeta?> Entries)
    {
        public static MetaPageRead None => new(null, []);

        public static async Task<MetaPageRead> ReadAsync(ISiteFileSource current, int page, CancellationToken ct) =>
            await current.ReadAsync(SearchIndexFormat.MetaPath(page), ct) is { } bytes ? new(bytes, SearchMetaPage.Decode(bytes)) : None;
    }

    private sealed class ItemOrdinals
    {
        private const int FewestBuckets = 16;
        private readonly Dictionary<int, (byte[]? Before, SortedDictionary<string, int> Ids)> _buckets = [];
        private readonly HashSet<int> _changed = [];

        /// <summary>The bucket count before this update doubled it; 0 when it did not.</summary>
        private readonly int _doubledFrom;

        private ItemOrdinals(int bucketCount, int next, int doubledFrom)
        {
            BucketCount = bucketCount;
            Next = next;
            _doubledFrom = doubledFrom;
        }

        /// <summary>The ordinal the next new item gets.</summary>
        public int Next { get; private set; }

        public int BucketCount { get; }

        /// <param name="manifest">The index's manifest; null for a new index.</param>
        /// <param name="newItems">At most how many items the update numbers: the buckets are sized for them first.</param>
        /// <param name="metaRead">Receives the meta pages read here (by page), for the update to change without reading them again.</param>
        public static async Task<ItemOrdinals> ReadAsync(ISiteFileSource current, SearchManifest? manifest, IEnumerable<string> touched,
            int newItems, int idsPerBucket, Dictionary<int, MetaPageRead> metaRead, CancellationToken ct)
        {
            var next = manifest?.Ordinals ?? 0;
            // A run that stopped before its manifest may have handed out more, on this page and (a large batch) the next ones.
            if (manifest is not null)
                for (var page = next / manifest.MetaPageSize; ; page++)
                {
                    var read = metaRead[page] = await MetaPageRead.ReadAsync(current, page, ct);
                    if (read.Bytes is null) break;
                    next = Math.Max(next, page * manifest.MetaPageSize + read.Entries.Count);
                    if (read.Entries.Count < manifest.MetaPageSize) break;
                }
            var had = manifest?.IdBuckets ?? 0;
            var buckets = Math.Max(had, FewestBuckets);
            while ((long)buckets * idsPerBucket < next + (long)newItems) buckets *= 2;
            var ordinals = new ItemOrdinals(buckets, next, had > 0 && buckets > had ? had : 0);
            if (had == 0) return ordinals;

            // The buckets of the ids the update touches; when the count grows, every bucket of the old count, whose ids go to
            // their buckets of the new count (the new upper half is written whole).
            var wanted = buckets == had
                ? touched.Select(id => SearchIndexFormat.IdBucket(id, buckets)).Distinct().Order().ToList()
                : [.. Enumerable.Range(0, had)];
            var files = await current.ReadAllAsync([.. wanted.Select(SearchIndexFormat.IdBucketPath)], ct);
            for (var i = 0; i < wanted.Count; i++)
            {
                ordinals._buckets[wanted[i]] = (files[i], new SortedDictionary<string, int>(StringComparer.Ordinal));
                if (files[i] is not { } bytes) continue;
                foreach (var (id, ordinal) in SearchIndexFormat.ReadIdBucket(bytes))
                {
                    if (SearchIndexFormat.IdBucket(id, had) != wanted[i]) continue;
                    ordinals.Bucket(id, changed: SearchIndexFormat.IdBucket(id, buckets) >= had)[id] = ordinal;
                }
            }
            return ordinals;
        }

        public bool TryGet(string id, out int ordinal) => Bucket(id).TryGetValue(id, out ordinal);

        /// <summary>Hands the item the next ordinal.</summary>
        public int Number(string id)
        {
            var ordinal = Next++;
            Changed(id).Add(id, ordinal);
            return ordinal;
        }

        /// <summary>Takes a withdrawn item out (its ordinal is never handed out again); false when it has none.</summary>
        public bool Vacate(string id, out int ordinal) => Changed(id).Remove(id, out ordinal);

        /// <summary>The buckets this update changed, as files; one that ends as it began is left out.</summary>
        public IEnumerable<SiteFile> ChangedBuckets()
        {
            foreach (var bucket in _changed.Order())
            {
                var (before, ids) = _buckets[bucket];
                if (bucket < _doubledFrom)
                {
                    // Written by the old count's rule: its ids and those that move up from it, each as the new count has it.
                    ids = new SortedDictionary<string, int>(ids, StringComparer.Ordinal);
                    for (var upper = bucket + _doubledFrom; upper < BucketCount; upper += _doubledFrom)
                        if (_buckets.TryGetValue(upper, out var moved))
                            foreach (var (id, ordinal) in moved.Ids) ids[id] = ordinal;
                }
                if (before is null && ids.Count == 0) continue;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(ids, SearchIndexFormat.Json);
                if (before is not null && before.AsSpan().SequenceEqual(bytes)) continue;
                yield return new SiteFile(SearchIndexFormat.IdBucketPath(bucket), bytes, "application/json", SearchIndexFormat.IndexCacheControl);
            }
        }

        /// <summary>The id's bucket, noted as changed, and in an update that doubles also its bucket under the old count.</summary>
        private SortedDictionary<string, int> Changed(string id)
        {
            if (_doubledFrom > 0) _changed.Add(SearchIndexFormat.IdBucket(id, _doubledFrom));
            return Bucket(id, changed: true);
        }

        /// <summary>The ids of the id's bucket (as read, or empty: a bucket not read is new, or one this update fills anew).</summary>
        private SortedDictionary<string, int> Bucket(string id, bool changed = false)
        {
            var bucket = SearchIndexFormat.IdBucket(id, BucketCount);
            if (!_buckets.TryGetValue(bucket, out var entry))
                _buckets[bucket] = entry = (null, new SortedDictionary<string, int>(StringComparer.Ordinal));
            if (changed) _changed.Add(bucket);
            return entry.Ids;
        }
    }

    /// <summary>
    /// Whether the site holds an index of an earlier format: the writer starts afresh beside it, so the publication must
    /// give it every item on the site once, not only what changed.
    /// </summary>
    public static async Task<bool> NeedsEveryItemAsync(ISiteFileSource current, CancellationToken ct) =>
        await current.ReadAsync(SearchIndexFormat.ManifestPath, ct) is { } bytes
        && JsonSerializer.Deserialize<SearchManifest>(bytes, SearchIndexFormat.Json)!.Format != SearchIndexFormat.Version;

    /// <summary>
    /// Folds the delta and the tombstones into the main shards. The delta's items are removed from the shards first, so
    /// a merge repeated after a run that stopped part-way adds nothing twice. Tombstones need every shard's postings read
    /// (the index keeps no list of an item's keys); a delta of new items only the shards its keys hash to. Positions are
    /// kept in blocks of ordinals: only the blocks of the ordinals added or removed are read and written again.
    /// </summary>
    private static async Task<int> MergeAsync(ISiteFileSource current, SearchManifest manifest, bool fresh,
        Dictionary<ulong, List<Posting>> delta, SortedSet<int> dead, List<SiteFile> files, HashSet<int> present, CancellationToken ct)
    {
        var removed = new HashSet<int>(dead);
        AddOrdinals(removed, delta);
        var block = manifest.PositionsBlock;
        var shards = new Dictionary<int, Dictionary<ulong, List<Posting>>>();
        var originals = new Dictionary<int, byte[]?>();
        // A tombstone's postings may be in any shard, and an index whose manifest does not say which shards exist has them
        // all read once, to say it from now on; otherwise the shards of the keys added. Read eight at a time: a main merge
        // at 10,000 items reads about a thousand, one round trip each on Blob Storage.
        var everyShard = dead.Count > 0 || (!fresh && manifest.Present is null);
        var toRead = fresh ? [] : (everyShard ? Enumerable.Range(0, manifest.Shards) : delta.Where(d => d.Value.Count > 0).Select(d => SearchText.Shard(d.Key, manifest.Shards)))
            .Distinct().Where(manifest.MayHave).Order().ToList();
        var read = await current.ReadAllAsync([.. toRead.Select(SearchIndexFormat.ShardPath)], ct);
        var prefetched = toRead.Select((shard, i) => (shard, read[i])).ToDictionary(r => r.shard, r => r.Item2);
        Dictionary<ulong, List<Posting>> Load(int shard)
        {
            if (shards.TryGetValue(shard, out var map)) return map;
            var postings = prefetched.GetValueOrDefault(shard);
            originals[shard] = postings;
            map = postings is null ? [] : SearchIndexFormat.Decode(postings);
            foreach (var list in map.Values) list.RemoveAll(p => removed.Contains(p.Ordinal));
            return shards[shard] = map;
        }

        if (everyShard)
            for (var shard = 0; shard < manifest.Shards; shard++) Load(shard);
        // The added postings (with their positions) per shard and block, for the blocks' positions files.
        var added = new Dictionary<int, Dictionary<int, Dictionary<ulong, List<Posting>>>>();
        foreach (var (key, list) in delta)
        {
            if (list.Count == 0) continue;
            var shard = SearchText.Shard(key, manifest.Shards);
            var map = Load(shard);
            // A key the shard does not hold yet takes the level's list as it is (nothing changes it after this).
            if (map.TryGetValue(key, out var target)) target.AddRange(list);
            else map[key] = list;
            if (!added.TryGetValue(shard, out var blocks)) added[shard] = blocks = [];
            // A key's postings mostly come in runs of the same block: the last block's list is kept, not looked up again.
            var lastBlock = -1;
            List<Posting>? inBlock = null;
            foreach (var posting in list)
            {
                var b = posting.Ordinal / block;
                if (b != lastBlock || inBlock is null)
                {
                    if (!blocks.TryGetValue(b, out var keys)) blocks[b] = keys = [];
                    if (!keys.TryGetValue(key, out inBlock)) keys[key] = inBlock = [];
                    lastBlock = b;
                }
                inBlock.Add(posting);
            }
        }
        var removedBlocks = removed.Select(o => o / block).ToHashSet();

        var changed = 0;
        foreach (var (shard, map) in shards.OrderBy(s => s.Key))
        {
            var originalPostings = originals[shard];
            if (originalPostings is not null) present.Add(shard);
            if (originalPostings is null && map.Values.All(l => l.Count == 0)) continue;
            var wrote = false;
            // Positions go first: a query that sees the new postings finds their positions.
            var addedBlocks = added.GetValueOrDefault(shard) ?? [];
            var blocksOfShard = removedBlocks.Union(addedBlocks.Keys).Order().ToList();
            var blocksBefore = originalPostings is null ? new byte[]?[blocksOfShard.Count]
                : await current.ReadAllAsync([.. blocksOfShard.Select(b => SearchIndexFormat.PositionsPath(shard, b))], ct);
            for (var i = 0; i < blocksOfShard.Count; i++)
            {
                var b = blocksOfShard[i];
                var path = SearchIndexFormat.PositionsPath(shard, b);
                var before = blocksBefore[i];
                var entries = new Dictionary<ulong, List<Posting>>();
                if (before is not null)
                    foreach (var (key, byOrdinal) in SearchIndexFormat.DecodePositions(before))
                        entries[key] = byOrdinal.Where(p => !removed.Contains(p.Key))
                            .Select(p => new Posting(p.Key, 0, p.Value.Body, p.Value.Attachment)).ToList();
                foreach (var (key, list) in addedBlocks.GetValueOrDefault(b) ?? [])
                {
                    if (!entries.TryGetValue(key, out var target)) entries[key] = target = [];
                    target.AddRange(list);
                }
                if (before is null && !entries.Values.Any(l => l.Any(p => p.Body is { Length: > 0 } || p.Attachment is { Length: > 0 }))) continue;
                var positions = SearchIndexFormat.EncodePositions(entries);
                if (before is not null && before.AsSpan().SequenceEqual(positions)) continue;
                files.Add(new SiteFile(path, positions, "application/octet-stream", SearchIndexFormat.IndexCacheControl));
                wrote = true;
            }
            var postings = SearchIndexFormat.EncodePostings(map);
            if (originalPostings is null || !originalPostings.AsSpan().SequenceEqual(postings))
            {
                files.Add(new SiteFile(SearchIndexFormat.ShardPath(shard), postings, "application/octet-stream", SearchIndexFormat.IndexCacheControl));
                wrote = true;
            }
            if (!wrote) continue;
            present.Add(shard);
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// One shard of the delta or middle level: its postings file and its positions file, written and read as a pair.
    /// <see cref="Length"/> is what both cost together, which the merge bounds count.
    /// </summary>
    private sealed record LevelFile(byte[] Postings, byte[]? Positions)
    {
        public int Length => Postings.Length + (Positions?.Length ?? 0);
    }

    /// <summary>The delta or middle level's shards, each as its postings and its positions.</summary>
    private static Dictionary<int, LevelFile> EncodeLevel(Dictionary<ulong, List<Posting>> level, int shardCount)
    {
        var files = new Dictionary<int, LevelFile>();
        foreach (var group in level.Where(e => e.Value.Count > 0).GroupBy(e => SearchText.Shard(e.Key, shardCount)).OrderBy(g => g.Key))
        {
            var entries = group.ToDictionary(e => e.Key, e => e.Value);
            files[group.Key] = new LevelFile(SearchIndexFormat.EncodePostings(entries), SearchIndexFormat.EncodeLevelPositions(entries));
        }
        return files;
    }

    /// <summary>A level shard's two files, each only when its bytes differ from what the site holds (a repeat writes nothing).</summary>
    private static void AddLevelFiles(List<SiteFile> files, int shard, LevelFile next, LevelFile? original, Func<int, string> postingsPath, Func<int, string> positionsPath)
    {
        if (original is null || !original.Postings.AsSpan().SequenceEqual(next.Postings))
            files.Add(new SiteFile(postingsPath(shard), next.Postings, "application/octet-stream", SearchIndexFormat.ManifestCacheControl));
        if (original?.Positions is null || !original.Positions.AsSpan().SequenceEqual(next.Positions))
            files.Add(new SiteFile(positionsPath(shard), next.Positions!, "application/octet-stream", SearchIndexFormat.ManifestCacheControl));
    }

    /// <summary>
    /// The ordinals of a level's postings. Every posting of an item repeats its ordinal (one per key, thousands per item):
    /// a flag per ordinal seen keeps the set's hashing to once per item rather than once per posting.
    /// </summary>
    private static void AddOrdinals(HashSet<int> into, Dictionary<ulong, List<Posting>> level)
    {
        var max = -1;
        foreach (var list in level.Values) foreach (var p in list) max = Math.Max(max, p.Ordinal);
        var seen = new bool[max + 1];
        foreach (var list in level.Values)
            foreach (var p in list)
            {
                if (seen[p.Ordinal]) continue;
                seen[p.Ordinal] = true;
                into.Add(p.Ordinal);
            }
    }

    /// <summary>Every posting takes at least a byte: past the bound on their count, the level is too big without encoding it.</summary>
    private static bool TooBig(Dictionary<ulong, List<Posting>> level, int boundBytes) => level.Values.Sum(l => (long)l.Count) > boundBytes;

    private static async Task<(Dictionary<ulong, List<Posting>> Entries, Dictionary<int, LevelFile> Originals)> ReadLevelAsync(
        ISiteFileSource current, int shardCount, Func<int, bool> has, Func<int, string> postingsPath, Func<int, string> positionsPath, CancellationToken ct)
    {
        var entries = new Dictionary<ulong, List<Posting>>();
        var originals = new Dictionary<int, LevelFile>();
        var shards = Enumerable.Range(0, shardCount).Where(has).ToList();
        var read = await current.ReadAllAsync([.. shards.SelectMany(shard => new[] { postingsPath(shard), positionsPath(shard) })], ct);
        for (var i = 0; i < shards.Count; i++)
        {
            var shard = shards[i];
            if (read[2 * i] is not { } postings) continue;
            // The positions file holds every posting with its positions, and is uploaded first (a run that stopped between
            // the two leaves it the newer). Without it (never in format 7's order) the postings are all there is: null makes
            // the next update write it.
            var positions = read[2 * i + 1];
            originals[shard] = new LevelFile(postings, positions);
            foreach (var (key, list) in positions is null ? SearchIndexFormat.Decode(postings) : SearchIndexFormat.DecodeLevel(positions)) entries[key] = list;
        }
        return (entries, originals);
    }

    /// <summary>
    /// Computes the document's keys and writes its result entry where nobody reads them: throws what indexing it for
    /// real would, so the publication can leave one unindexable item out instead of failing the whole update.
    /// </summary>
    public static void Check(SearchDocument doc)
    {
        var budget = new SearchIndexOptions().AttachmentTextBudget;
        var indexed = Index(doc, budget);
        _ = SearchMetaPage.Encode([indexed.Meta]);
        // The update that follows indexes the same document again: it takes this result instead (half of a full build's
        // tokenising, issue 19). A document is immutable, so the keys stay right for as long as the document lives.
        Checked.AddOrUpdate(doc, Tuple.Create(budget, indexed));
    }

    /// <summary>The documents <see cref="Check"/> indexed, with the attachment budget they were indexed under.</summary>
    private static readonly ConditionalWeakTable<SearchDocument, Tuple<int, IndexedDocument>> Checked = new();

    /// <summary>
    /// The keys of one document with their flags and positions: bigrams of every field, and unigrams of the title, 文号
    /// and 索引号 only (single-character queries search those; a unigram per body character would grow the index by half).
    /// </summary>
    public static Dictionary<ulong, Posting> Keys(SearchDocument doc)
    {
        var indexed = Index(doc, new SearchIndexOptions().AttachmentTextBudget);
        var keys = new Dictionary<ulong, Posting>(indexed.Keys.Count);
        for (var i = 0; i < indexed.Keys.Count; i++) keys[indexed.Keys.Keys[i]] = indexed.Keys.Posting(i, 0);
        return keys;
    }

    /// <summary>A document's keys with their flags and positions, and its result entry.</summary>
    private sealed record IndexedDocument(KeyedDocument Keys, SearchMeta Meta);

    private static IndexedDocument Index(SearchDocument doc, int attachmentBudget)
    {
        if (Checked.TryGetValue(doc, out var done) && done.Item1 == attachmentBudget) return done.Item2;
        var (keys, attachments) = DocumentKeys.Compute(doc, attachmentBudget);
        var meta = new SearchMeta(doc.Title, doc.Url, doc.IndexNumber, string.IsNullOrEmpty(doc.DocumentNumber) ? null : doc.DocumentNumber,
            doc.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), doc.ColumnName)
        { Attachments = attachments.Count == 0 ? null : attachments };
        return new IndexedDocument(keys, meta);
    }
}
