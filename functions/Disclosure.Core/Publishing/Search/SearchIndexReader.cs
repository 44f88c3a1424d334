using System.Text.Json;

namespace Disclosure.Publishing.Search;

public enum SearchMode
{
    /// <summary>Nothing searchable in the query (empty, or only punctuation).</summary>
    Empty,
    /// <summary>Only single characters: matched against title, 文号 and 索引号 (unigrams), not the body.</summary>
    SingleCharacter,
    /// <summary>At least one term of two or more characters: matched against every field.</summary>
    FullText,
}

/// <summary>
/// One result. <see cref="Attachment"/>: the query (or one of its terms) occurs only in the text of an attachment, named
/// here (several names when a two-character term cannot say which: it is matched without positions).
/// </summary>
public sealed record SearchHit(int Ordinal, SearchMeta Meta, bool InTitle)
{
    public string? Attachment { get; init; }
}

/// <summary>
/// <see cref="Total"/> is exact when <see cref="TotalIsExact"/>; otherwise candidates remained that the query did not need
/// to verify for the page asked for, and it counts them as matches: an upper bound ("约 N 条"; bigram candidates that do
/// not contain the query are rare). <see cref="Ordinals"/> are the results verified so far, in the order shown.
/// </summary>
public sealed record SearchResults(
    SearchMode Mode,
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<int> Ordinals,
    IReadOnlyList<string> FilesRead,
    long BytesRead)
{
    public bool TotalIsExact { get; init; } = true;
}

/// <summary>
/// Runs a query against the generated index files exactly as <c>assets/search.js</c> does in the browser: same terms,
/// same files, same verification, same order. Tests compare the two; benchmarks count the bytes a query costs.
/// <para>Exactness: a two-character term is one bigram, so its postings are exact. A longer term matches where its
/// covering bigrams (<see cref="CoverOffsets"/>) lie at their offsets in the body or in an attachment's text (positions,
/// read only for such terms, at every level), or when it occurs verbatim in the title, 文号 or 索引号, verified against the meta entry.</para>
/// <para>Levels: each key's postings are those of its main shard less <see cref="SearchManifest.Dead"/>, then those of
/// its middle shard less <see cref="SearchManifest.MiddleDead"/>, then those of its delta shard; a higher level wins.</para>
/// </summary>
public sealed class SearchIndexReader(ISiteFileSource files)
{
    public const int DefaultPageSize = 20;

    public async Task<SearchResults> SearchAsync(string query, int page = 1, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        var read = new List<string>();
        long bytesRead = 0;
        var cache = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        async Task<byte[]?> Fetch(string path)
        {
            if (cache.TryGetValue(path, out var cached)) return cached;
            var bytes = await files.ReadAsync(path, ct);
            cache[path] = bytes;
            read.Add(path);
            bytesRead += bytes?.Length ?? 0;
            return bytes;
        }
        SearchResults Result(SearchMode mode, int total, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> ordinals) =>
            new(mode, total, hits, ordinals, read, bytesRead);

        var terms = SearchText.QueryTerms(query);
        if (terms.Count == 0) return Result(SearchMode.Empty, 0, [], []);
        var longTerms = terms.Where(t => t.Length >= 2).ToList();
        var mode = longTerms.Count > 0 ? SearchMode.FullText : SearchMode.SingleCharacter;
        // Per term, the keys whose postings decide it: the bigrams that cover it (CoverOffsets), or in single-character
        // mode the character itself.
        var termOffsets = mode == SearchMode.FullText ? longTerms.Select(t => CoverOffsets(t.Length)).ToList() : terms.Select(_ => new[] { 0 }).ToList();
        var termKeys = mode == SearchMode.FullText
            ? longTerms.Select((t, n) => termOffsets[n].Select(i => SearchText.Key(t[i], t[i + 1])).ToArray()).ToList()
            : terms.Select(t => new[] { SearchText.Key(t[0], 0) }).ToList();
        var checkedTerms = mode == SearchMode.FullText ? longTerms : terms;

        var manifestBytes = await Fetch(SearchIndexFormat.ManifestPath);
        if (manifestBytes is null) return Result(mode, 0, [], []);
        var manifest = JsonSerializer.Deserialize<SearchManifest>(manifestBytes, SearchIndexFormat.Json)!;
        // A manifest without a positions block size is not one this format wrote: nothing to find, rather than a crash.
        if (manifest.Format != SearchIndexFormat.Version || manifest.PositionsBlock <= 0) return Result(mode, 0, [], []);
        var dead = new HashSet<int>(manifest.Dead ?? []);
        var middleDead = new HashSet<int>(manifest.MiddleDead ?? []);

        // A key's positions for one item, per file they were read from (a main block, or a level's positions file).
        var positionsFound = new Dictionary<(string Path, ulong Key), Dictionary<int, (int[]? Body, int[]? Attachment)>>();
        // A query with a term of three or more characters reads the delta's and the middle level's positions files instead
        // of their postings: they hold every posting too (format 7), and it needs their positions anyway.
        var needsPositions = termKeys.Any(k => k.Length > 1);
        async Task<IEnumerable<Posting>> LevelPostings(ulong key, int? shard, Func<int, string> postingsPath, Func<int, string> positionsPath)
        {
            if (shard is not { } s) return [];
            if (!needsPositions) return await Fetch(postingsPath(s)) is { } postingsFile ? SearchIndexFormat.FindPostings(postingsFile, key) ?? [] : [];
            var path = positionsPath(s);
            var found = await Fetch(path) is { } bytes ? SearchIndexFormat.FindLevelPostings(bytes, key) ?? [] : [];
            positionsFound[(path, key)] = found.ToDictionary(p => p.Ordinal, p => (p.Body, p.Attachment));
            return found;
        }

        // Every shard is requested before any is looked at, as the browser fetches them in parallel.
        var keys = termKeys.SelectMany(k => k).Distinct().ToList();
        var postings = new Dictionary<ulong, Dictionary<int, Posting>>();
        // Per key, the shards of the levels above the main one it was found in, and which ordinal came from which.
        var levelShards = new Dictionary<ulong, (int? Middle, int? Delta)>();
        var levelOf = new Dictionary<ulong, Dictionary<int, Level>>();
        var missing = false;
        foreach (var key in keys)
        {
            var list = new Dictionary<int, Posting>();
            var from = new Dictionary<int, Level>();
            var main = SearchText.Shard(key, manifest.Shards);
            if (manifest.MayHave(main) && await Fetch(SearchIndexFormat.ShardPath(main)) is { } shard)
                foreach (var p in SearchIndexFormat.FindPostings(shard, key) ?? [])
                    if (!dead.Contains(p.Ordinal)) (list[p.Ordinal], from[p.Ordinal]) = (p, Level.Main);
            var middleShard = LevelShard(key, manifest.MiddleShards, manifest.MiddleHas);
            foreach (var p in await LevelPostings(key, middleShard, SearchIndexFormat.MiddlePath, SearchIndexFormat.MiddlePositionsPath))
                if (!middleDead.Contains(p.Ordinal)) (list[p.Ordinal], from[p.Ordinal]) = (p, Level.Middle);
            var deltaShard = LevelShard(key, manifest.DeltaShards, manifest.DeltaHas);
            foreach (var p in await LevelPostings(key, deltaShard, SearchIndexFormat.DeltaPath, SearchIndexFormat.DeltaPositionsPath))
                (list[p.Ordinal], from[p.Ordinal]) = (p, Level.Delta);
            if (list.Count == 0) missing = true;
            postings[key] = list;
            levelShards[key] = (middleShard, deltaShard);
            levelOf[key] = from;
        }
        if (missing) return Result(mode, 0, [], []);

        // Candidates have every key; they are put in the order results are shown (title hits first, then the most
        // recently added items: ordinals follow the order of first publication) before any is verified, so a page
        // verifies only as many as it shows (issue 19: a query's bytes and files).
        var smallest = postings.Values.MinBy(p => p.Count)!;
        var candidates = new List<Candidate>();
        foreach (var ordinal in smallest.Keys)
        {
            if (!postings.Values.All(p => p.ContainsKey(ordinal))) continue;
            var candidate = new Candidate(ordinal);
            foreach (var keysOfTerm in termKeys)
                candidate.InTitle &= keysOfTerm.All(k => (postings[k][ordinal].Flags & SearchIndexFormat.HaystackFlag) != 0);
            candidates.Add(candidate);
        }
        candidates = [.. candidates.OrderByDescending(c => c.InTitle).ThenByDescending(c => c.Ordinal)];

        var metaPages = new Dictionary<int, List<SearchMeta?>>();
        async Task<SearchMeta?> Meta(int ordinal)
        {
            var page = ordinal / manifest.MetaPageSize;
            if (!metaPages.TryGetValue(page, out var entries))
            {
                var bytes = await Fetch(SearchIndexFormat.MetaPath(page));
                entries = bytes is null ? [] : SearchMetaPage.Decode(bytes);
                metaPages[page] = entries;
            }
            var index = ordinal % manifest.MetaPageSize;
            return index < entries.Count ? entries[index] : null;
        }

        // A key's positions for one item are in the positions file of the level its posting came from (a corrected
        // item's lower levels hold its old text): the main segment's block of that ordinal, or the level's shard.
        string? PositionsFile(ulong key, int ordinal) => levelOf[key][ordinal] switch
        {
            Level.Main => SearchIndexFormat.PositionsPath(SearchText.Shard(key, manifest.Shards), ordinal / manifest.PositionsBlock),
            Level.Middle => levelShards[key].Middle is { } m ? SearchIndexFormat.MiddlePositionsPath(m) : null,
            _ => levelShards[key].Delta is { } d ? SearchIndexFormat.DeltaPositionsPath(d) : null,
        };
        async Task<(int[]? Body, int[]? Attachment)> PositionsAt(ulong key, int ordinal)
        {
            // Flags say whether the item has positions for the key at all: no request that could only miss.
            if ((postings[key][ordinal].Flags & (SearchIndexFormat.BodyFlag | SearchIndexFormat.AttachmentFlag)) == 0) return default;
            if (PositionsFile(key, ordinal) is not { } path) return default;
            if (!positionsFound.TryGetValue((path, key), out var found))
                positionsFound[(path, key)] = found = await Fetch(path) is { } bytes ? SearchIndexFormat.FindPositions(bytes, key) : [];
            return found.GetValueOrDefault(ordinal);
        }

        var wanted = (long)Math.Max(page, 1) * pageSize;
        if (termKeys.All(k => k.Length == 1))
        {
            // Every term is one key (two characters, or one in single-character mode): the postings are exact, every
            // candidate is a result and the total is exact; only the meta pages of the page shown are read.
            foreach (var candidate in candidates)
                candidate.InAttachment = termKeys.Any(k => (postings[k[0]][candidate.Ordinal].Flags & (SearchIndexFormat.BodyFlag | SearchIndexFormat.HaystackFlag)) == 0);
            var shown = new List<SearchHit>();
            foreach (var candidate in candidates.Skip((int)Math.Min(wanted - pageSize, int.MaxValue)).Take(pageSize))
                if (await Meta(candidate.Ordinal) is { } meta)
                    shown.Add(new SearchHit(candidate.Ordinal, meta, candidate.InTitle) { Attachment = AttachmentName(candidate, meta) });
            return Result(mode, candidates.Count, shown, [.. candidates.Select(c => c.Ordinal)]);
        }

        var accepted = new List<Candidate>();
        var next = 0;
        while (accepted.Count < wanted && next < candidates.Count)
        {
            // As many candidates as the page still lacks: most are results, and the next round takes the shortfall.
            var batch = candidates.Skip(next).Take((int)Math.Min(wanted - accepted.Count, candidates.Count - next)).ToList();
            next += batch.Count;
            // First the meta pages of the candidates whose every key of some term is in the title, 文号 or 索引号: a term
            // found there needs no positions. The others' meta pages wait until their positions confirm them, so a
            // candidate the positions reject costs no meta page (issue 19: a query's files).
            foreach (var candidate in batch)
            {
                for (var t = 0; t < termKeys.Count; t++)
                {
                    var found = termKeys[t].Select(k => postings[k][candidate.Ordinal]).ToArray();
                    if (found.Length == 1)
                    {
                        // One key is the whole term: exact without positions.
                        if ((found[0].Flags & (SearchIndexFormat.BodyFlag | SearchIndexFormat.HaystackFlag)) == 0) candidate.InAttachment = true;
                        continue;
                    }
                    if (found.All(p => (p.Flags & SearchIndexFormat.HaystackFlag) != 0))
                    {
                        candidate.Meta ??= await Meta(candidate.Ordinal);
                        // Withdrawn since its postings were written (a meta page is uploaded first): not shown.
                        if (candidate.Meta is null)
                        {
                            candidate.Gone = true;
                            break;
                        }
                        if (SearchText.Contains(candidate.Meta.Haystack(), checkedTerms[t])) continue;
                    }
                    candidate.Positioned.Add(t);
                }
            }
            // ... then the positions of the terms that are in the body or an attachment text only, for those items only,
            // and the meta pages of the candidates they confirm.
            foreach (var candidate in batch)
            {
                if (candidate.Gone) continue;
                var rejected = false;
                foreach (var t in candidate.Positioned)
                {
                    var found = new List<(int[]? Body, int[]? Attachment)>();
                    foreach (var key in termKeys[t]) found.Add(await PositionsAt(key, candidate.Ordinal));
                    if (Chain([.. found.Select(f => f.Body)], termOffsets[t]) is not null) continue;
                    if (Chain([.. found.Select(f => f.Attachment)], termOffsets[t]) is { } position) candidate.AttachmentPositions.Add(position);
                    else
                    {
                        rejected = true;
                        break;
                    }
                }
                if (rejected) continue;
                candidate.Meta ??= await Meta(candidate.Ordinal);
                if (candidate.Meta is not null) accepted.Add(candidate);
            }
        }

        var hits = accepted.Skip((int)Math.Min(wanted - pageSize, int.MaxValue)).Take(pageSize)
            .Select(c => new SearchHit(c.Ordinal, c.Meta!, c.InTitle) { Attachment = AttachmentName(c, c.Meta!) }).ToList();
        var exact = next >= candidates.Count;
        return Result(mode, accepted.Count + (candidates.Count - next), hits, [.. accepted.Select(a => a.Ordinal)]) with { TotalIsExact = exact };
    }

    private enum Level { Main, Middle, Delta }

    /// <summary>The shard of the delta or middle level the key hashes to, when that shard exists.</summary>
    private static int? LevelShard(ulong key, int shardCount, Func<int, bool> has)
    {
        if (shardCount <= 0) return null;
        var shard = SearchText.Shard(key, shardCount);
        return has(shard) ? shard : null;
    }

    /// <summary>
    /// The offsets in a term of <paramref name="length"/> characters of the bigrams a query reads for it: every second
    /// one and the last (0, 2, 4, …, length − 2), which together cover every character. That is enough for an exact
    /// match: positions count the characters of a run one apart and leave a gap of one between runs (and between
    /// attachments), so bigrams at p and p + 2 are four adjacent characters of one run. A term of 4 characters reads 2
    /// keys' postings and positions instead of 3, one of 6 reads 3 instead of 5 (issue 19: a query's files and bytes).
    /// </summary>
    public static int[] CoverOffsets(int length)
    {
        var offsets = new List<int>();
        for (var offset = 0; offset < length - 2; offset += 2) offsets.Add(offset);
        offsets.Add(length - 2);
        return [.. offsets];
    }

    /// <summary>The first position p where bigram i is at p + <paramref name="offsets"/>[i] for every i, or null.</summary>
    public static int? Chain(int[]?[] positions, int[] offsets)
    {
        if (positions.Any(p => p is null)) return null;
        var rest = positions.Skip(1).Select(p => p!.ToHashSet()).ToArray();
        foreach (var start in positions[0]!)
        {
            var all = true;
            for (var i = 0; i < rest.Length && all; i++) all = rest[i].Contains(start + offsets[i + 1] - offsets[0]);
            if (all) return start;
        }
        return null;
    }

    private static string? AttachmentName(Candidate candidate, SearchMeta meta)
    {
        if (candidate.AttachmentPositions.Count > 0) return meta.AttachmentAt(candidate.AttachmentPositions[0]) ?? "附件";
        if (!candidate.InAttachment) return null;
        return meta.Attachments is { Count: > 0 } files ? string.Join("、", files.Select(f => f.Name)) : "附件";
    }

    private sealed class Candidate(int ordinal)
    {
        public int Ordinal { get; } = ordinal;
        public bool InTitle { get; set; } = true;
        public bool InAttachment { get; set; }
        public List<int> AttachmentPositions { get; } = [];
        public SearchMeta? Meta { get; set; }
        /// <summary>Its meta entry was looked for and is empty: withdrawn since its postings were written.</summary>
        public bool Gone { get; set; }
        /// <summary>The terms of three or more characters that only positions can confirm for this item.</summary>
        public List<int> Positioned { get; } = [];
    }
}
