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

    [Fact]
    public async Task An_update_rewrites_only_the_pages_of_item_ids_it_numbers_or_withdraws()
    {
        var docs = Docs(SearchIndexFormat.IdsPageSize + 10);
        var site = new InMemorySiteFiles();
        var options = new SearchIndexOptions();
        site.Apply((await new SearchIndexWriter(options).UpdateAsync(site, docs.Take(SearchIndexFormat.IdsPageSize + 5).ToList(), [], default)).Files);
        static IEnumerable<string> IdPages(SearchIndexUpdate u) => u.Files.Select(f => f.Path).Where(p => p.StartsWith("search/ids/", StringComparison.Ordinal));

        var withdrawal = await new SearchIndexWriter(options).UpdateAsync(site, [], [docs[3].ItemId], default);
        Assert.Equal([SearchIndexFormat.IdsPath(0)], IdPages(withdrawal));
        site.Apply(withdrawal.Files);
        var idsOfPage0 = System.Text.Json.JsonSerializer.Deserialize<List<string?>>(site.Files[SearchIndexFormat.IdsPath(0)])!;
        Assert.Null(idsOfPage0[3]);
        Assert.Equal(docs[4].ItemId, idsOfPage0[4]);

        var added = await new SearchIndexWriter(options).UpdateAsync(site, [docs[^1]], [], default);
        Assert.Equal([SearchIndexFormat.IdsPath(1)], IdPages(added));
        site.Apply(added.Files);
        var idsOfPage1 = System.Text.Json.JsonSerializer.Deserialize<List<string?>>(site.Files[SearchIndexFormat.IdsPath(1)])!;
        Assert.Equal(docs[^1].ItemId, idsOfPage1[^1]);
        Assert.Equal(6, idsOfPage1.Count);

        // Publishing the same item again numbers nothing new: no page of ids is written.
        Assert.Empty(IdPages(await new SearchIndexWriter(options).UpdateAsync(site, [docs[^1]], [], default)));
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
