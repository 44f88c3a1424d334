using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

public sealed class SearchIndexUpdateTests
{
    // Merging on every update: the main shards alone, as the index was before the delta segment and the middle level,
    // so these tests keep showing what an update does to them. The levels have their own tests (SearchDeltaTests,
    // SearchLevelsTests).
    private static readonly SearchIndexOptions Options = new() { ShardCount = 64, MetaPageSize = 16, DeltaMergeBytes = 0, MiddleMergeBytes = 0, MaxDeadOrdinals = 0 };

    private static IReadOnlyList<SearchDocument> Docs(int count)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        return new BureauItemGenerator(99).Generate(count).Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
    }

    private static async Task<SearchIndexUpdate> Apply(InMemorySiteFiles site, IReadOnlyCollection<SearchDocument> upserts, IReadOnlyCollection<string> withdrawn)
    {
        var update = await new SearchIndexWriter(Options).UpdateAsync(site, upserts, withdrawn, default);
        site.Apply(update.Files);
        return update;
    }

    [Fact]
    public async Task Publishing_items_one_by_one_gives_the_same_files_as_one_batch()
    {
        var docs = Docs(25);
        var batch = new InMemorySiteFiles();
        await Apply(batch, docs, []);
        var oneByOne = new InMemorySiteFiles();
        foreach (var doc in docs) await Apply(oneByOne, [doc], []);

        Assert.Equal(batch.Files.Keys.Order(), oneByOne.Files.Keys.Order());
        Assert.All(batch.Files, f => Assert.Equal(f.Value, oneByOne.Files[f.Key]));
    }

    [Fact]
    public async Task A_first_publication_written_straight_into_the_main_shards_equals_merging_its_items_one_by_one_over_many_positions_blocks()
    {
        // A fresh index's batch goes into the main shards by MainShardsBuild; later items by the merge. Small blocks of
        // positions, attachments and title-only keys make both write many positions files of mixed keys.
        var options = Options with { PositionsBlockOrdinals = 3 };
        var docs = Docs(40).Select((d, i) => i % 4 == 1 ? d with { Attachments = [new SearchAttachment("附件.pdf", "附件中的正文" + d.Title)] } : d).ToList();
        var batch = new InMemorySiteFiles();
        var first = await new SearchIndexWriter(options).UpdateAsync(batch, docs, [], default);
        batch.Apply(first.Files);
        var oneByOne = new InMemorySiteFiles();
        foreach (var doc in docs) oneByOne.Apply((await new SearchIndexWriter(options).UpdateAsync(oneByOne, [doc], [], default)).Files);

        Assert.True(first.Merged);
        Assert.True(batch.Files.Keys.Count(p => p.StartsWith("search/positions/", StringComparison.Ordinal)) > 5 * 14);
        Assert.Equal(batch.Files.Keys.Order(), oneByOne.Files.Keys.Order());
        Assert.All(batch.Files, f => Assert.Equal(f.Value, oneByOne.Files[f.Key]));
    }

    private static int BucketCount(InMemorySiteFiles site) =>
        System.Text.Json.JsonSerializer.Deserialize<SearchManifest>(site.Files[SearchIndexFormat.ManifestPath], SearchIndexFormat.Json)!.IdBuckets;

    private static string BucketPath(InMemorySiteFiles site, string itemId) => SearchIndexFormat.IdBucketPath(SearchIndexFormat.IdBucket(itemId, BucketCount(site)));

    private static Dictionary<string, int> Bucket(InMemorySiteFiles site, string itemId) => SearchIndexFormat.ReadIdBucket(site.Files[BucketPath(site, itemId)]);

    /// <summary>Every item id with its ordinal, each from the bucket the manifest's count gives it.</summary>
    private static Dictionary<string, int> Ordinals(InMemorySiteFiles site, IEnumerable<SearchDocument> docs)
    {
        var ordinals = new Dictionary<string, int>();
        foreach (var doc in docs)
            if (site.Files.TryGetValue(BucketPath(site, doc.ItemId), out var bytes) && SearchIndexFormat.ReadIdBucket(bytes).TryGetValue(doc.ItemId, out var ordinal))
                ordinals[doc.ItemId] = ordinal;
        return ordinals;
    }

    [Fact]
    public async Task An_update_reads_and_rewrites_only_the_id_buckets_of_the_items_it_numbers_or_withdraws()
    {
        var docs = Docs(1030);
        var site = new InMemorySiteFiles();
        var options = new SearchIndexOptions();
        site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, docs.Take(1029).ToList(), [], default)).Files);
        static IEnumerable<string> Buckets(IEnumerable<string> paths) => paths.Where(p => p.StartsWith(SearchIndexFormat.IdBucketsFolder, StringComparison.Ordinal));
        string BucketOf(SearchDocument doc) => BucketPath(site, doc.ItemId);
        Assert.Equal(16, BucketCount(site));
        Assert.Equal(1028, Bucket(site, docs[1028].ItemId)[docs[1028].ItemId]);
        Assert.Equal(docs.Take(1029).Select(BucketOf).Distinct().Count(), Buckets(site.Files.Keys).Count());

        var reads = new NotedReads(site);
        var withdrawal = await new SearchIndexWriter(options).UpdateAsync(reads, [], [docs[3].ItemId], default);
        Assert.Equal([BucketOf(docs[3])], Buckets(withdrawal.Files.Select(f => f.Path)));
        Assert.Equal([BucketOf(docs[3])], Buckets(reads.Reads));
        site.Apply(withdrawal.Files);
        Assert.DoesNotContain(docs[3].ItemId, Bucket(site, docs[3].ItemId).Keys);

        reads.Reads.Clear();
        var added = await new SearchIndexWriter(options).UpdateAsync(reads, [docs[^1]], [], default);
        Assert.Equal([BucketOf(docs[^1])], Buckets(added.Files.Select(f => f.Path)));
        Assert.Equal([BucketOf(docs[^1])], Buckets(reads.Reads));
        // Besides its bucket the update reads the manifest, the meta page it numbers on and the delta's two files.
        Assert.InRange(reads.Reads.Count, 3, 6);
        site.Apply(added.Files);
        Assert.Equal(1029, Bucket(site, docs[^1].ItemId)[docs[^1].ItemId]);
        Assert.Equal(1030, added.Ordinals);

        // Publishing the same item again numbers nothing new: no bucket is written.
        Assert.Empty(Buckets((await new SearchIndexWriter(options).UpdateAsync(site, [docs[^1]], [], default)).Files.Select(f => f.Path)));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("meta and buckets")]
    [InlineData("meta and the old count's buckets")]
    [InlineData("meta and the new buckets")]
    public async Task The_id_buckets_double_as_the_index_grows_and_a_run_stopped_while_doubling_leaves_every_item_numbered_once(string uploaded)
    {
        var options = Options with { IdsPerBucket = 4 };
        var docs = Docs(70);
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, docs.Take(40).ToList(), [], default)).Files);
        Assert.Equal(16, BucketCount(site));

        // Seventy items do not fit 16 buckets of 4: the update doubles them.
        var doubling = await new SearchIndexWriter(options).UpdateAsync(site, docs.Skip(40).ToList(), [], default);
        bool NewBucket(string path) => path.StartsWith(SearchIndexFormat.IdBucketsFolder, StringComparison.Ordinal)
            && Convert.ToInt32(path[SearchIndexFormat.IdBucketsFolder.Length..][..3], 16) >= 16;
        site.Apply(doubling.Files.Where(f => uploaded switch
        {
            "all" => true,
            "meta and buckets" => SearchIndexFormat.UploadRank(f.Path) <= 1,
            "meta and the old count's buckets" => SearchIndexFormat.UploadRank(f.Path) == 0 || SearchIndexFormat.UploadRank(f.Path) == 1 && !NewBucket(f.Path),
            _ => SearchIndexFormat.UploadRank(f.Path) == 0 || NewBucket(f.Path),
        }));
        if (uploaded != "all") site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, docs.Skip(40).ToList(), [], default)).Files);

        Assert.Equal(32, BucketCount(site));
        var ordinals = Ordinals(site, docs);
        Assert.Equal(docs.Select(d => d.ItemId).Order(), ordinals.Keys.Order());
        Assert.Equal(70, ordinals.Values.Distinct().Count());
        Assert.All(docs.Take(40).Select((d, i) => (d, i)), x => Assert.Equal(x.i, ordinals[x.d.ItemId]));
        foreach (var doc in docs.Skip(40))
            Assert.Single((await new SearchIndexReader(site).SearchAsync(doc.Title, pageSize: 100)).Hits, h => h.Meta.Url == doc.Url);

        // Each item is still found in its bucket when it is withdrawn after the doubling.
        var withdrawn = await new SearchIndexWriter(options).UpdateAsync(site, [], [docs[5].ItemId, docs[60].ItemId], default);
        site.Apply(withdrawn.Files);
        Assert.Equal(68, Ordinals(site, docs).Count);
    }

    [Fact]
    public async Task An_item_withdrawn_after_its_bucket_split_stays_out_through_the_next_doubling_and_comes_back_with_a_new_ordinal()
    {
        var options = Options with { IdsPerBucket = 4 };
        var docs = Docs(131);
        var site = new InMemorySiteFiles();
        async Task Publish(IEnumerable<SearchDocument> upserts, IReadOnlyCollection<string> withdrawn) =>
            site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, upserts.ToList(), withdrawn, default)).Files);
        await Publish(docs.Take(40), []);
        await Publish(docs.Skip(40).Take(30), []);
        Assert.Equal(32, BucketCount(site));
        // An item whose id moved to the new upper half: its old bucket still lists it, which only the old count reads.
        var moved = docs.Take(70).First(d => SearchIndexFormat.IdBucket(d.ItemId, 16) != SearchIndexFormat.IdBucket(d.ItemId, 32));
        await Publish([], [moved.ItemId]);

        await Publish(docs.Skip(70).Take(60).Where(d => d != moved), []);
        Assert.Equal(64, BucketCount(site));
        Assert.DoesNotContain(moved.ItemId, Ordinals(site, docs).Keys);
        Assert.Equal(129, Ordinals(site, docs).Count);

        await Publish([moved], []);
        Assert.True(Ordinals(site, docs)[moved.ItemId] >= 130);
    }

    [Fact]
    public async Task A_run_that_stopped_after_its_meta_pages_leaves_no_ordinal_to_be_handed_out_twice()
    {
        var docs = Docs(80);
        var site = new InMemorySiteFiles();
        await Apply(site, docs.Take(10).ToList(), []);
        // Forty new items (three meta pages of 16) numbered, and only the meta pages uploaded before the run stopped.
        var stopped = await new SearchIndexWriter(Options).UpdateAsync(site, docs.Skip(10).Take(40).ToList(), [], default);
        site.Apply(stopped.Files.Where(f => SearchIndexFormat.UploadRank(f.Path) == 0));
        Assert.All(stopped.Files.Where(f => SearchIndexFormat.UploadRank(f.Path) == 0), f => Assert.StartsWith("search/meta/", f.Path));

        // Other items next: they get ordinals after the forty, and each is found as itself.
        var next = await Apply(site, docs.Skip(50).Take(5).ToList(), []);
        Assert.Equal(55, next.Ordinals);
        foreach (var doc in docs.Skip(50).Take(5))
        {
            var hits = (await new SearchIndexReader(site).SearchAsync(doc.Title, pageSize: 100)).Hits;
            Assert.Contains(hits, h => h.Meta.Url == doc.Url && h.Ordinal >= 50);
        }
    }

    [Fact]
    public async Task Documents_checked_before_the_update_give_the_same_files_as_documents_not_checked()
    {
        // The publication checks each document (SearchIndexWriter.Check) and the update reuses the keys it computed
        // (issue 19); the index must not depend on whether that happened. Same generator seed: equal, distinct instances.
        var checkedDocs = Docs(20).Select(d => d with { Attachments = [new SearchAttachment("附件.pdf", new string('附', 30) + "件文字")] }).ToList();
        foreach (var doc in checkedDocs) SearchIndexWriter.Check(doc);
        var plainDocs = Docs(20).Select(d => d with { Attachments = [new SearchAttachment("附件.pdf", new string('附', 30) + "件文字")] }).ToList();
        var withCheck = new InMemorySiteFiles();
        await Apply(withCheck, checkedDocs, []);
        var without = new InMemorySiteFiles();
        await Apply(without, plainDocs, []);

        Assert.Equal(without.Files.Keys.Order(), withCheck.Files.Keys.Order());
        Assert.All(without.Files, f => Assert.Equal(f.Value, withCheck.Files[f.Key]));

        // A writer with another attachment budget indexes the document under its own budget, not the checked one's.
        var small = Options with { AttachmentTextBudget = 10 };
        var afterCheck = await new SearchIndexWriter(small).UpdateAsync(new InMemorySiteFiles(), checkedDocs, [], default);
        var fresh = await new SearchIndexWriter(small).UpdateAsync(new InMemorySiteFiles(), plainDocs, [], default);
        Assert.Equal(fresh.Files.Select(f => (f.Path, Convert.ToHexString(f.Content))), afterCheck.Files.Select(f => (f.Path, Convert.ToHexString(f.Content))));
        var defaultBudget = await new SearchIndexWriter(Options).UpdateAsync(new InMemorySiteFiles(), plainDocs, [], default);
        Assert.NotEqual(defaultBudget.Files.Sum(f => f.Content.Length), fresh.Files.Sum(f => f.Content.Length));
    }

    [Theory]
    [InlineData("ＡＢＣ１２３科技局")]
    [InlineData("ΣΑΣ İstanbul ǅ 𐐀𐐁 𠀀𠀁 Ⅻ ①")]
    [InlineData("\u00c5ngstr\u00f6m \u212b")]
    public void Normalising_lowers_every_character_as_the_rune_by_rune_rule_does(string text)
    {
        // The rule as search.js states it (NFKC, then each code point's invariant lower case), written out the plain way.
        var expected = string.Concat(text.Normalize(System.Text.NormalizationForm.FormKC).EnumerateRunes()
            .Select(r => System.Text.Rune.ToLowerInvariant(r).ToString()));
        Assert.Equal(expected, SearchText.Normalize(text));
    }

    [Fact]
    public async Task One_new_item_rewrites_only_the_shards_its_keys_hash_to_and_its_meta_page()
    {
        var docs = Docs(30);
        var site = new InMemorySiteFiles();
        await Apply(site, docs.Take(29).ToList(), []);
        var before = site.Files.ToDictionary(f => f.Key, f => f.Value);

        var update = await Apply(site, [docs[29]], []);

        var expectedShards = SearchIndexWriter.Keys(docs[29]).Keys.Select(k => SearchIndexFormat.ShardPath(SearchText.Shard(k, Options.ShardCount))).ToHashSet();
        var changedShards = update.Files.Where(f => f.Path.StartsWith("search/shards/", StringComparison.Ordinal)).Select(f => f.Path).ToHashSet();
        var changedPositions = update.Files.Where(f => f.Path.StartsWith("search/positions/", StringComparison.Ordinal)).Select(f => f.Path).ToHashSet();
        Assert.Subset(expectedShards, changedShards);
        // Positions are kept in blocks of ordinals (format 5): only the new item's block of each changed shard is written.
        var block = System.Text.Json.JsonSerializer.Deserialize<SearchManifest>(site.Files[SearchIndexFormat.ManifestPath], SearchIndexFormat.Json)!.PositionsBlock;
        Assert.Subset(changedShards.Select(p => SearchIndexFormat.PositionsPath(Convert.ToInt32(p[^7..^4], 16), 29 / block)).ToHashSet(), changedPositions);
        Assert.Equal(update.ShardsChanged, changedShards.Count);
        Assert.Equal([SearchIndexFormat.MetaPath(29 / Options.MetaPageSize)], update.Files.Where(f => f.Path.StartsWith("search/meta/", StringComparison.Ordinal)).Select(f => f.Path));
        Assert.Equal(changedShards.Count + changedPositions.Count + 3, update.Files.Count); // + meta page, manifest, item ids
        foreach (var (path, bytes) in before)
        {
            if (update.Files.All(f => f.Path != path)) Assert.Equal(bytes, site.Files[path]);
        }
    }

    [Fact]
    public async Task Publishing_nothing_new_changes_no_file()
    {
        var docs = Docs(10);
        var site = new InMemorySiteFiles();
        await Apply(site, docs, []);
        var again = await Apply(site, docs, []);
        Assert.Empty(again.Files);
    }

    [Fact]
    public async Task A_withdrawn_item_is_not_found_and_the_others_keep_their_ordinals()
    {
        var docs = Docs(12);
        var site = new InMemorySiteFiles();
        await Apply(site, docs, []);
        var victim = docs[4];
        var query = SearchSample.Bigrams(victim.Title).First();
        Assert.Contains(victim.Url, (await new SearchIndexReader(site).SearchAsync(query, pageSize: 100)).Hits.Select(h => h.Meta.Url));
        var ordinalsBefore = (await new SearchIndexReader(site).SearchAsync("科技", pageSize: 100)).Hits.ToDictionary(h => h.Meta.Url, h => h.Ordinal);

        await Apply(site, [], [victim.ItemId]);

        foreach (var q in SearchSample.Bigrams(victim.Title).Concat(SearchSample.Bigrams(victim.Body)).Distinct())
            Assert.DoesNotContain(victim.Url, (await new SearchIndexReader(site).SearchAsync(q, pageSize: 100)).Hits.Select(h => h.Meta.Url));
        var after = (await new SearchIndexReader(site).SearchAsync("科技", pageSize: 100)).Hits.ToDictionary(h => h.Meta.Url, h => h.Ordinal);
        Assert.DoesNotContain(victim.Url, after.Keys);
        Assert.All(after, a => Assert.Equal(ordinalsBefore[a.Key], a.Value));
        var metaPage = System.Text.Encoding.UTF8.GetString(site.Files[SearchIndexFormat.MetaPath(4 / Options.MetaPageSize)]);
        Assert.DoesNotContain(victim.Title, metaPage);

        // Published again later, it gets a new ordinal at the end rather than reviving the vacated one.
        await Apply(site, [victim], []);
        var back = (await new SearchIndexReader(site).SearchAsync(query, pageSize: 100)).Hits.Single(h => h.Meta.Url == victim.Url);
        Assert.Equal(docs.Count, back.Ordinal);
    }

    [Fact]
    public async Task A_corrected_item_keeps_its_ordinal_and_is_found_only_by_its_new_text()
    {
        var docs = Docs(8).ToList();
        var site = new InMemorySiteFiles();
        await Apply(site, docs, []);
        var corrected = docs[3] with { Title = "关于更正蝾螈实验室名称的说明", Body = "原文中的名称有误，现予更正。" };

        await Apply(site, [corrected], []);

        var hit = (await new SearchIndexReader(site).SearchAsync("蝾螈")).Hits.Single();
        Assert.Equal(3, hit.Ordinal);
        Assert.Equal(corrected.Title, hit.Meta.Title);
        var oldOnly = SearchSample.Bigrams(docs[3].Title).First(q => !SearchSample.Contains(corrected, q));
        Assert.DoesNotContain(corrected.Url, (await new SearchIndexReader(site).SearchAsync(oldOnly, pageSize: 100)).Hits.Select(h => h.Meta.Url));
    }

    [Fact]
    public async Task Publishing_and_withdrawing_the_same_item_in_one_batch_is_refused()
    {
        var doc = Docs(1)[0];
        await Assert.ThrowsAsync<ArgumentException>(() => new SearchIndexWriter(Options).UpdateAsync(new InMemorySiteFiles(), [doc], [doc.ItemId], default));
    }

    [Theory]
    [InlineData(100, 64)]
    [InlineData(10_000, 1024)]
    [InlineData(1_000_000, 4096)]
    public void Shard_count_grows_with_the_catalogue(int items, int expected) =>
        Assert.Equal(expected, SearchIndexOptions.ShardCountFor(items));
}
