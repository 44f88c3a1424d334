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

public sealed record SearchHit(int Ordinal, SearchMeta Meta, bool InTitle);

public sealed record SearchResults(
    SearchMode Mode,
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<int> Ordinals,
    IReadOnlyList<string> FilesRead,
    long BytesRead);

/// <summary>
/// Runs a query against the generated index files exactly as <c>assets/search.js</c> does in the browser: same terms,
/// same shards, same verification, same order. Tests compare the two; benchmarks count the bytes a query costs.
/// <para>Exactness: a two-character term is one bigram, so its postings are exact. A longer term is accepted when all
/// its bigrams occur in the body (the index keeps no positions, so "甲乙" and "乙丙" in different places would also
/// accept "甲乙丙" — measured in the benchmark), or when it occurs verbatim in the title, 文号 or 索引号, which is
/// verified against the meta entry. Positions would make body matches exact at about twice the index size and twice
/// the bytes per query.</para>
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
        // Per term, the keys whose postings decide it: its bigrams, or in single-character mode the character itself.
        var termKeys = mode == SearchMode.FullText
            ? longTerms.Select(t => Enumerable.Range(0, t.Length - 1).Select(i => SearchText.Key(t[i], t[i + 1])).ToArray()).ToList()
            : terms.Select(t => new[] { SearchText.Key(t[0], 0) }).ToList();
        var checkedTerms = mode == SearchMode.FullText ? longTerms : terms;

        var manifestBytes = await Fetch(SearchIndexFormat.ManifestPath);
        if (manifestBytes is null) return Result(mode, 0, [], []);
        var manifest = JsonSerializer.Deserialize<SearchManifest>(manifestBytes, SearchIndexFormat.Json)!;

        // Every shard is requested before any is looked at, as the browser fetches them in parallel.
        var postings = new Dictionary<ulong, Dictionary<int, byte>>();
        var missing = false;
        foreach (var key in termKeys.SelectMany(k => k).Distinct())
        {
            var number = SearchText.Shard(key, manifest.Shards);
            var shard = manifest.MayHave(number) ? await Fetch(SearchIndexFormat.ShardPath(number)) : null;
            var list = shard is null ? null : SearchIndexFormat.FindPostings(shard, key);
            if (list is null || list.Count == 0) missing = true;
            else postings[key] = list.ToDictionary(p => p.Ordinal, p => p.Flags);
        }
        if (missing) return Result(mode, 0, [], []);

        var smallest = postings.Values.MinBy(p => p.Count)!;
        var accepted = new List<(int Ordinal, bool InTitle)>();
        var toVerify = new List<(int Ordinal, List<int[]> Terms, bool InTitle)>();
        foreach (var ordinal in smallest.Keys)
        {
            if (!postings.Values.All(p => p.ContainsKey(ordinal))) continue;
            var inTitle = true;
            var rejected = false;
            List<int[]>? needsHaystack = null;
            for (var t = 0; t < termKeys.Count; t++)
            {
                var flags = termKeys[t].Select(k => postings[k][ordinal]).ToArray();
                var allBody = flags.All(f => (f & SearchIndexFormat.BodyFlag) != 0);
                var allHaystack = flags.All(f => (f & SearchIndexFormat.HaystackFlag) != 0);
                inTitle &= allHaystack;
                if (flags.Length == 1 || allBody) continue;
                if (allHaystack) (needsHaystack ??= []).Add(checkedTerms[t]);
                else rejected = true;
            }
            if (rejected) continue;
            if (needsHaystack is null) accepted.Add((ordinal, inTitle));
            else toVerify.Add((ordinal, needsHaystack, inTitle));
        }

        var metaPages = new Dictionary<int, List<SearchMeta?>>();
        async Task<SearchMeta?> Meta(int ordinal)
        {
            var page = ordinal / manifest.MetaPageSize;
            if (!metaPages.TryGetValue(page, out var entries))
            {
                var bytes = await Fetch(SearchIndexFormat.MetaPath(page));
                entries = bytes is null ? [] : JsonSerializer.Deserialize<List<SearchMeta?>>(bytes, SearchIndexFormat.Json)!;
                metaPages[page] = entries;
            }
            var index = ordinal % manifest.MetaPageSize;
            return index < entries.Count ? entries[index] : null;
        }

        foreach (var (ordinal, pending, inTitle) in toVerify.OrderByDescending(v => v.Ordinal))
        {
            var meta = await Meta(ordinal);
            if (meta is null) continue;
            var haystack = meta.Haystack();
            if (pending.All(term => SearchText.Contains(haystack, term))) accepted.Add((ordinal, inTitle));
        }

        // Title hits first, then the most recently added items: ordinals follow the order of first publication.
        var ordered = accepted.OrderByDescending(a => a.InTitle).ThenByDescending(a => a.Ordinal).ToList();
        var hits = new List<SearchHit>();
        foreach (var (ordinal, inTitle) in ordered.Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize))
        {
            if (await Meta(ordinal) is { } meta) hits.Add(new SearchHit(ordinal, meta, inTitle));
        }
        return Result(mode, ordered.Count, hits, ordered.Select(a => a.Ordinal).ToList());
    }
}
