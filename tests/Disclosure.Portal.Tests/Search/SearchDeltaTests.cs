using System.Text.Json;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>The delta segment: what one more item costs, when it is merged, and that tombstones hide what they should.</summary>
public sealed class SearchDeltaTests
{
    private static readonly SearchIndexOptions Options = new() { ShardCount = 64, MetaPageSize = 16 };

    private static List<SearchDocument> Docs(int count, int seed = 41)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        return new BureauItemGenerator(seed).Generate(count).Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
    }

    private static async Task<SearchIndexUpdate> Apply(InMemorySiteFiles site, SearchIndexOptions options, IReadOnlyCollection<SearchDocument> upserts, IReadOnlyCollection<string> withdrawn)
    {
        var update = await new SearchIndexWriter(options).UpdateAsync(site, upserts, withdrawn, default);
        site.Apply(update.Files);
        return update;
    }

    private static SearchManifest Manifest(InMemorySiteFiles site) =>
        JsonSerializer.Deserialize<SearchManifest>(site.Files[SearchIndexFormat.ManifestPath], SearchIndexFormat.Json)!;

    [Fact]
    public async Task One_new_item_writes_the_delta_segment_its_meta_page_its_ids_page_and_the_manifest_only()
    {
        var docs = Docs(1001);
        var site = new InMemorySiteFiles();
        var options = Options with { ShardCount = SearchIndexOptions.ShardCountFor(1000) };
        await Apply(site, options, docs.Take(1000).ToList(), []);

        var update = await Apply(site, options, [docs[1000]], []);

        Assert.False(update.Merged);
        Assert.All(update.Files, f => Assert.Matches(@"^search/(delta/|delta-positions/|meta/62\.json$|id-buckets/[0-9a-f]{3}\.json$|manifest\.json$)", f.Path));
        Assert.InRange(update.Files.Count, 4, 20);
        Assert.InRange(update.Files.Sum(f => f.Content.Length), 1, 200 * 1024);
        Assert.Contains(docs[1000].Url, (await new SearchIndexReader(site).SearchAsync(docs[1000].Title, 1, 1000)).Hits.Select(h => h.Meta.Url));
    }

    [Fact]
    public async Task The_delta_is_merged_once_it_passes_its_bound_and_never_stays_above_it()
    {
        var docs = Docs(60);
        var site = new InMemorySiteFiles();
        var options = Options with { DeltaMergeBytes = 24 * 1024 };
        var merges = 0;
        foreach (var doc in docs)
        {
            var update = await Apply(site, options, [doc], []);
            // Both of a delta shard's files, postings and positions, count towards its bound.
            var delta = site.Files.Where(f => (f.Key.StartsWith("search/delta/", StringComparison.Ordinal) || f.Key.StartsWith("search/delta-positions/", StringComparison.Ordinal))
                && Manifest(site).DeltaHas(Convert.ToInt32(f.Key[^6..^4], 16))).Sum(f => f.Value.Length);
            Assert.Equal(update.DeltaBytes, delta);
            Assert.InRange(delta, 0, options.DeltaMergeBytes);
            // The delta goes into the middle level (or, when that passes its own bound, everything into the main shards).
            if (update.Merged || update.MiddleMerged)
            {
                merges++;
                Assert.Null(Manifest(site).DeltaPresent);
                Assert.Contains(update.Files, f => f.Path.StartsWith(update.Merged ? "search/shards/" : "search/middle/", StringComparison.Ordinal));
            }
        }
        Assert.InRange(merges, 2, 30);
        foreach (var doc in docs)
            Assert.Contains(doc.Url, (await new SearchIndexReader(site).SearchAsync(SearchSample.Bigrams(doc.Title).First(), 1, 1000)).Hits.Select(h => h.Meta.Url));
    }

    [Fact]
    public async Task A_withdrawal_is_a_tombstone_that_hides_the_item_until_the_merge_removes_its_postings()
    {
        var docs = Docs(20);
        var site = new InMemorySiteFiles();
        await Apply(site, Options with { DeltaMergeBytes = 0, MiddleMergeBytes = 0 }, docs, []);
        var victim = docs[7];
        var queries = SearchSample.Bigrams(victim.Title).Concat(SearchSample.Bigrams(victim.Body)).Distinct().ToList();

        var withdrawal = await Apply(site, Options, [], [victim.ItemId]);

        Assert.False(withdrawal.Merged);
        Assert.Equal([7], Manifest(site).Dead);
        Assert.DoesNotContain(withdrawal.Files, f => f.Path.StartsWith("search/shards/", StringComparison.Ordinal));
        foreach (var q in queries)
            Assert.DoesNotContain(victim.Url, (await new SearchIndexReader(site).SearchAsync(q, 1, 1000)).Hits.Select(h => h.Meta.Url));

        var merge = await Apply(site, Options with { MaxDeadOrdinals = 0 }, [], []);
        Assert.True(merge.Merged);
        Assert.Null(Manifest(site).Dead);
        foreach (var path in site.Files.Keys.Where(p => p.StartsWith("search/shards/", StringComparison.Ordinal)))
        {
            var decoded = SearchIndexFormat.Decode(site.Files[path]);
            Assert.DoesNotContain(decoded.Values.SelectMany(l => l), p => p.Ordinal == 7);
        }
        foreach (var q in queries)
            Assert.DoesNotContain(victim.Url, (await new SearchIndexReader(site).SearchAsync(q, 1, 1000)).Hits.Select(h => h.Meta.Url));
    }

    [Fact]
    public async Task A_run_that_stopped_after_the_item_ids_finds_the_item_numbered_and_does_not_double_it()
    {
        var docs = Docs(12);
        var site = new InMemorySiteFiles();
        await Apply(site, Options, docs.Take(10).ToList(), []);
        var update = await new SearchIndexWriter(Options).UpdateAsync(site, docs.Skip(10).ToList(), [], default);
        // Only the meta pages and the item ids were written when the run stopped.
        site.Apply(update.Files.Where(f => f.Path.StartsWith("search/meta/", StringComparison.Ordinal) || f.Path.StartsWith(SearchIndexFormat.IdBucketsFolder, StringComparison.Ordinal)));

        await Apply(site, Options, docs.Skip(10).ToList(), []);

        var results = await new SearchIndexReader(site).SearchAsync(SearchSample.Bigrams(docs[11].Title).First(), 1, 1000);
        Assert.Single(results.Hits, h => h.Meta.Url == docs[11].Url);
        Assert.Equal(11, results.Hits.Single(h => h.Meta.Url == docs[11].Url).Ordinal);
    }
}
