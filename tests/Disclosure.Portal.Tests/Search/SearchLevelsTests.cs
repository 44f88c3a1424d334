using System.Text.Json;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// Issue 19's costs of the search index with the default options, on 1,000 generated items: what one new item writes,
/// how often the main shards are rewritten, and what a visitor's query downloads.
/// </summary>
public sealed class SearchLevelsTests
{
    private static List<SearchDocument> Docs(int count, int seed, string prefix = "")
    {
        var catalogue = BureauItemGenerator.Catalogue();
        return new BureauItemGenerator(seed).Generate(count)
            .Select((g, n) => SearchDocument.From(prefix.Length == 0 ? g.Item : g.Item with { Id = $"{prefix}-{n}" }, catalogue, g.Body)).ToList();
    }

    private static async Task<(InMemorySiteFiles Site, SearchIndexOptions Options)> Built(int count)
    {
        var site = new InMemorySiteFiles();
        var options = new SearchIndexOptions { ShardCount = SearchIndexOptions.ShardCountFor(count) };
        site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, Docs(count, 5), [], default)).Files);
        return (site, options);
    }

    /// <summary>
    /// 1,000 items in the main shards and <paramref name="recent"/> published one at a time after them: enough that the
    /// middle level and the delta both hold some (a delta merge every few items).
    /// </summary>
    private static async Task<InMemorySiteFiles> WithLevels(IReadOnlyList<SearchDocument> recent)
    {
        var (site, options) = await Built(1000);
        foreach (var doc in recent)
            site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, [doc], [], default)).Files);
        var manifest = JsonSerializer.Deserialize<SearchManifest>(site.Files[SearchIndexFormat.ManifestPath], SearchIndexFormat.Json)!;
        Assert.NotNull(manifest.MiddlePresent);
        Assert.NotNull(manifest.DeltaPresent);
        return site;
    }

    [Fact]
    public async Task One_new_item_usually_writes_at_most_six_search_files_and_the_main_shards_are_rewritten_at_most_once_in_120_items()
    {
        var (site, options) = await Built(1000);
        var counts = new List<int>();
        var mainMerges = 0;
        foreach (var doc in Docs(120, 6, "new"))
        {
            var update = await new SearchIndexWriter(options).UpdateAsync(site, [doc], [], default);
            site.Apply(update.Files);
            counts.Add(update.Files.Count);
            if (update.Files.Any(f => f.Path.StartsWith("search/shards/", StringComparison.Ordinal))) mainMerges++;
            // A delta merge rewrites the middle level only, never the main shards.
            if (update.MiddleMerged) Assert.All(update.Files, f => Assert.Matches(@"^search/(middle/|middle-positions/|meta/|id-buckets/|manifest\.json$)", f.Path));
        }

        counts.Sort();
        Assert.InRange(counts[counts.Count / 2], 1, 6);
        Assert.InRange(mainMerges, 0, 1);
    }

    [Fact]
    public async Task A_delta_merge_into_the_middle_level_writes_no_more_files_than_format_3_did()
    {
        // Format 3 kept the middle level's positions inside its 32 postings shards, so a delta merge wrote 35 files
        // (issue 19: 31.8 amortised search writes per new item at 10,000). Positions in files of their own must not
        // double that: the middle level has half the shards, two files each.
        var (site, options) = await Built(1000);
        var merges = new List<int>();
        foreach (var doc in Docs(120, 6, "new"))
        {
            var update = await new SearchIndexWriter(options).UpdateAsync(site, [doc], [], default);
            site.Apply(update.Files);
            if (update.MiddleMerged) merges.Add(update.Files.Count);
        }

        Assert.NotEmpty(merges);
        Assert.All(merges, count => Assert.InRange(count, 1, 35));
    }

    [Fact]
    public async Task The_first_20_results_of_a_two_character_query_cost_at_most_40_KiB_and_8_files()
    {
        var (site, options) = await Built(1000);
        // Recent items in the levels above the main shards, as a visitor finds the index between merges.
        foreach (var doc in Docs(25, 7, "recent"))
            site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, [doc], [], default)).Files);
        var random = new Random(9);
        var docs = Docs(1000, 5);
        var reader = new SearchIndexReader(site);
        long bytes = 0, files = 0;
        const int queries = 100;
        for (var i = 0; i < queries; i++)
        {
            var doc = docs[random.Next(docs.Count)];
            var bigrams = SearchSample.Bigrams(random.Next(4) == 0 ? doc.Title : doc.Body).ToList();
            var result = await reader.SearchAsync(bigrams[random.Next(bigrams.Count)], 1, 20);
            bytes += result.BytesRead;
            files += result.FilesRead.Count;
        }

        Assert.InRange(bytes / (double)queries, 0, 40 * 1024);
        Assert.InRange(files / (double)queries, 0, 8);
    }

    /// <summary>Three to six characters from generated bodies, as search-compare draws them.</summary>
    private static List<string> LongerQueries(IReadOnlyList<SearchDocument> docs, int count, int seed)
    {
        var random = new Random(seed);
        var queries = new List<string>();
        while (queries.Count < count)
        {
            var runs = SearchText.Runs(SearchText.Normalize(docs[random.Next(docs.Count)].Body)).Where(r => r.Length >= 5).ToList();
            if (runs.Count == 0) continue;
            var run = runs[random.Next(runs.Count)];
            var length = random.Next(3, Math.Min(run.Length, 6) + 1);
            queries.Add(string.Concat(run.Skip(random.Next(run.Length - length + 1)).Take(length).Select(char.ConvertFromUtf32)));
        }
        return queries;
    }

    /// <summary>
    /// Issue 19: positions are read for the results a page shows (format 5: the main segment's positions in blocks of
    /// ordinals, candidates verified in the order shown until the page is full), not for every candidate: format 4 read
    /// 127 KiB on average here just after a main merge and 141 KiB with recent items in the levels above. The issue's
    /// target (40 KiB, 8 files) is not met yet: the postings of 2–3 keys and the meta pages of scattered title hits remain
    /// (docs/benchmarks.md); this holds what format 5 reached.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public async Task The_first_20_results_of_a_three_to_six_character_query_read_positions_for_the_results_shown_only(int recentItems)
    {
        var (site, options) = await Built(1000);
        foreach (var doc in Docs(recentItems, 7, "recent"))
            site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, [doc], [], default)).Files);
        var reader = new SearchIndexReader(site);
        long bytes = 0, files = 0;
        var queries = LongerQueries(Docs(1000, 5), 100, 13);
        foreach (var query in queries)
        {
            var result = await reader.SearchAsync(query, 1, 20);
            bytes += result.BytesRead;
            files += result.FilesRead.Count;
        }

        Assert.InRange(bytes / (double)queries.Count, 0, 64 * 1024);
        Assert.InRange(files / (double)queries.Count, 0, 18);
    }

    /// <summary>
    /// A candidate whose term can only be in its body or attachments is confirmed by positions before its meta page is
    /// read, so a candidate the positions reject costs no meta page (issue 19: they were 2 of a query's 13 files at
    /// 10,000 items). Meta pages are read for the results shown, and for the candidates whose every key of the term is
    /// in the title, 文号 or 索引号 (the meta entry is what confirms or rejects those).
    /// </summary>
    [Fact]
    public async Task A_three_to_six_character_query_reads_the_meta_pages_of_its_results_and_of_its_title_candidates_only()
    {
        var (site, _) = await Built(1000);
        var metaPageSize = new SearchIndexOptions().MetaPageSize;
        var entries = site.Files.Where(f => f.Key.StartsWith("search/meta/", StringComparison.Ordinal))
            .SelectMany(f => SearchMetaPage.Decode(f.Value).Select((entry, i) => (Ordinal: int.Parse(f.Key["search/meta/".Length..^".json".Length]) * metaPageSize + i, Entry: entry)))
            .Where(e => e.Entry is not null).ToDictionary(e => e.Ordinal, e => e.Entry!.Haystack());
        var reader = new SearchIndexReader(site);
        var extraPages = 0;
        foreach (var query in LongerQueries(Docs(1000, 5), 100, 13))
        {
            var result = await reader.SearchAsync(query, 1, 20);
            var term = SearchText.QueryTerms(query).Single(t => t.Length >= 3);
            var coverKeys = SearchIndexReader.CoverOffsets(term.Length).Select(i => char.ConvertFromUtf32(term[i]) + char.ConvertFromUtf32(term[i + 1])).ToList();
            var titleCandidates = entries.Where(e => coverKeys.All(k => e.Value.Contains(k, StringComparison.Ordinal))).Select(e => e.Key);
            var expected = result.Hits.Select(h => h.Ordinal).Concat(titleCandidates).Select(o => o / metaPageSize).ToHashSet();
            var read = result.FilesRead.Where(p => p.StartsWith("search/meta/", StringComparison.Ordinal))
                .Select(p => int.Parse(p["search/meta/".Length..^".json".Length])).ToList();

            Assert.NotEmpty(result.Hits);
            extraPages += read.Count(page => !expected.Contains(page));
        }

        Assert.Equal(0, extraPages);
    }

    [Fact]
    public async Task A_two_character_query_reads_postings_and_no_positions_at_any_level()
    {
        var recent = Docs(25, 7, "recent");
        var site = await WithLevels(recent);
        var reader = new SearchIndexReader(site);
        var levelsRead = new HashSet<string>();
        foreach (var doc in recent.Concat(Docs(50, 5)))
        {
            var result = await reader.SearchAsync(SearchSample.Bigrams(doc.Body).First(), 1, 20);

            foreach (var path in result.FilesRead)
            {
                // What the file is, by its own magic, not by its name: a postings block, a meta page or the manifest.
                var bytes = site.Files[path];
                Assert.True(path.EndsWith(".json", StringComparison.Ordinal) || bytes.AsSpan(0, 4).SequenceEqual("DSI4"u8), $"{path} is not postings");
                if (path.StartsWith("search/middle/", StringComparison.Ordinal)) levelsRead.Add("middle");
                if (path.StartsWith("search/delta/", StringComparison.Ordinal)) levelsRead.Add("delta");
            }
        }
        Assert.Equal(["delta", "middle"], levelsRead.Order());
    }

    /// <summary>
    /// A level's positions file holds every posting with its flags (format 7), so a query with a term of three or more
    /// characters reads it instead of the level's postings: one file per level and key instead of two (issue 19: 3.4 of
    /// a 3–6-character query's 15 files at the levels' bounds). An item whose term is in its title only has no positions
    /// and must still be found there.
    /// </summary>
    [Fact]
    public async Task A_three_to_six_character_query_reads_the_levels_positions_files_and_not_their_postings()
    {
        var recent = Docs(25, 7, "recent");
        recent[0] = recent[0] with { Title = "关于蓝鲸湾海洋牧场建设的通知" };
        recent[^1] = recent[^1] with { Title = "蓝鲸湾海洋牧场验收结果公示" };
        var reader = new SearchIndexReader(await WithLevels(recent));

        // In the title only, of one item in the middle level and one in the delta.
        var titled = await reader.SearchAsync("蓝鲸湾海洋牧场", 1, 20);
        Assert.Equal(["关于蓝鲸湾海洋牧场建设的通知", "蓝鲸湾海洋牧场验收结果公示"], titled.Hits.Select(h => h.Meta.Title).Order());
        var levelsRead = new HashSet<string>();
        foreach (var query in LongerQueries(recent, 40, 17).Append("蓝鲸湾海洋牧场"))
        {
            var result = await reader.SearchAsync(query, 1, 20);
            Assert.NotEmpty(result.Hits);
            Assert.DoesNotContain(result.FilesRead, p => p.StartsWith("search/middle/", StringComparison.Ordinal) || p.StartsWith("search/delta/", StringComparison.Ordinal));
            levelsRead.UnionWith(result.FilesRead.Where(p => p.Contains("-positions/", StringComparison.Ordinal)).Select(p => p.Split('/')[1]));
        }
        Assert.Equal(["delta-positions", "middle-positions"], levelsRead.Order());
    }

    [Fact]
    public async Task A_result_entry_takes_at_most_100_bytes_of_its_meta_page_on_average()
    {
        var (site, _) = await Built(1000);

        var meta = site.Files.Where(f => f.Key.StartsWith("search/meta/", StringComparison.Ordinal)).Sum(f => (long)f.Value.Length);

        // 113 in format 6; prefixes of URLs and dates as day offsets (format 7) took it to about 92.
        Assert.InRange(meta / 1000.0, 1, 100);
    }
}
