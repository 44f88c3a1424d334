using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// Every query is checked against a brute-force scan of the items' normalised text: no result that does not contain
/// the query, no item that contains it missing. The hard cases are terms whose bigrams all occur in one item, but not
/// next to each other ("甲乙" here, "乙丙" there: not "甲乙丙").
/// </summary>
public sealed class SearchExactnessTests
{
    private static readonly SearchIndexOptions Options = new() { ShardCount = 64, MetaPageSize = 16, DeltaMergeBytes = 1 << 20 };

    private static List<SearchDocument> Generated(int count, int seed)
    {
        var catalogue = BureauItemGenerator.Catalogue();
        return new BureauItemGenerator(seed).Generate(count).Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
    }

    /// <summary>Two-character, three-to-six-character and "scattered" queries (bigrams of one item that never follow each other there).</summary>
    private static List<string> Queries(IReadOnlyList<SearchDocument> docs, int seed)
    {
        var random = new Random(seed);
        var queries = new HashSet<string>(StringComparer.Ordinal);
        var runs = docs.Select(d => SearchText.Runs(SearchText.Normalize(d.Body)).Where(r => r.Length >= 6).ToList()).ToList();
        while (queries.Count < 600)
        {
            var i = random.Next(docs.Count);
            if (runs[i].Count == 0) continue;
            var run = runs[i][random.Next(runs[i].Count)];
            var length = queries.Count < 200 ? 2 : random.Next(3, 7);
            var start = random.Next(run.Length - length + 1);
            queries.Add(string.Concat(run.Skip(start).Take(length).Select(char.ConvertFromUtf32)));
        }
        var scattered = 0;
        for (var tries = 0; scattered < 200 && tries < 100_000; tries++)
        {
            var i = random.Next(docs.Count);
            var text = SearchText.Normalize(docs[i].Body);
            var bigrams = SearchSample.Bigrams(text).Distinct().ToList();
            if (bigrams.Count < 2) continue;
            var first = bigrams[random.Next(bigrams.Count)];
            var follow = bigrams.Where(b => b[0] == first[1] && !text.Contains(first + b[1..], StringComparison.Ordinal)).ToList();
            if (follow.Count == 0) continue;
            if (queries.Add(first + follow[random.Next(follow.Count)][1..])) scattered++;
        }
        Assert.True(scattered >= 100, $"only {scattered} scattered queries");
        return [.. queries];
    }

    private static async Task<Dictionary<string, List<string>>> Run(ISiteFileSource site, IEnumerable<string> queries)
    {
        var reader = new SearchIndexReader(site);
        var results = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var query in queries)
            results[query] = (await reader.SearchAsync(query, 1, int.MaxValue)).Hits.Select(h => h.Meta.Url).ToList();
        return results;
    }

    /// <summary>Brute force: every item's fields normalised once, then a plain substring search per query.</summary>
    private static (int FalseHits, int Missed, int True) Compare(IReadOnlyList<SearchDocument> docs, Dictionary<string, List<string>> results)
    {
        var texts = docs.Select(d => (d.Url, Fields: new[] { d.Title, d.DocumentNumber, d.IndexNumber, d.Body }
            .Concat(d.Attachments.Select(a => a.Text)).Select(SearchText.Normalize).ToArray())).ToList();
        int falseHits = 0, missed = 0, truth = 0;
        var wrong = new List<string>();
        foreach (var (query, urls) in results)
        {
            var needle = SearchText.Normalize(query);
            var expected = texts.Where(t => t.Fields.Any(f => f.Contains(needle, StringComparison.Ordinal))).Select(t => t.Url).ToHashSet();
            truth += expected.Count;
            falseHits += urls.Count(u => !expected.Contains(u));
            missed += expected.Count(u => !urls.Contains(u));
            wrong.AddRange(urls.Where(u => !expected.Contains(u)).Select(u => $"{query} → {u}"));
            wrong.AddRange(expected.Where(u => !urls.Contains(u)).Select(u => $"{query} ↛ {u}"));
        }
        Assert.True(wrong.Count == 0, string.Join("; ", wrong.Take(10)));
        return (falseHits, missed, truth);
    }

    /// <summary>
    /// A query reads every second bigram of a term (SearchIndexReader.CoverOffsets): bigrams at p and p + 2 must never
    /// join characters that are not adjacent in one run of one text: across punctuation or across two attachments.
    /// </summary>
    [Fact]
    public async Task Every_second_bigram_matches_only_where_the_term_occurs_whole()
    {
        var whole = SearchSample.Awkward("x-whole", "关于公布名单的通知", null, "正文：鹈鹕鸬鹚鹭鸶。");
        var acrossPunctuation = SearchSample.Awkward("x-punct", "关于公布结果的通知", null, "正文：鹈鹕，鸬鹚鹭鸶；鹈鹕鸬，鹚鹭鸶。");
        var acrossAttachments = SearchSample.Awkward("x-files", "关于公布评审的通知", null, "详见附件。") with
        {
            Attachments = [new SearchAttachment("一.pdf", "名单：鹈鹕"), new SearchAttachment("二.pdf", "鸬鹚鹭鸶名单")],
        };
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(Options).UpdateAsync(site, [whole, acrossPunctuation, acrossAttachments], [], default)).Files);
        var reader = new SearchIndexReader(site);

        foreach (var query in new[] { "鹈鹕鸬鹚", "鹈鹕鸬鹚鹭", "鹈鹕鸬鹚鹭鸶", "鹕鸬鹚鹭鸶", "鹕鸬鹚" })
            Assert.Equal(["/items/x-whole.html"], (await reader.SearchAsync(query, 1, 100)).Hits.Select(h => h.Meta.Url));
        // The second item's own four characters still match, in the body and in the second attachment.
        Assert.Equal(["/items/x-files.html", "/items/x-punct.html", "/items/x-whole.html"],
            (await reader.SearchAsync("鸬鹚鹭鸶", 1, 100)).Hits.Select(h => h.Meta.Url).Order());
    }

    [Fact]
    public async Task Queries_of_two_to_six_characters_find_exactly_the_items_that_contain_them()
    {
        var docs = Generated(400, 5);
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(Options).UpdateAsync(site, docs, [], default)).Files);

        var (falseHits, missed, truth) = Compare(docs, await Run(site, Queries(docs, 17)));

        Assert.True(truth > 1000, $"only {truth} true matches");
        Assert.Equal((0, 0), (falseHits, missed));
    }

    /// <summary>
    /// A page verifies only the candidates it shows (issue 19: a query's bytes), so the later pages must still bring every
    /// match, each once, in the order of the whole list; and every result a page shows contains the query.
    /// </summary>
    [Fact]
    public async Task Pages_of_20_together_give_exactly_the_items_that_contain_the_query_each_once()
    {
        var docs = Generated(400, 5);
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(Options).UpdateAsync(site, docs, [], default)).Files);
        // Items in the middle level and the delta too, with a correction and a withdrawal, as between merges.
        var later = Generated(412, 11).Skip(400).Select(d => d with { ItemId = "new-" + d.ItemId, Url = "/items/new-" + d.ItemId + ".html" }).ToList();
        site.Apply((await new SearchIndexWriter(Options with { DeltaMergeBytes = 0 }).UpdateAsync(site, later.Take(6).ToList(), [docs[0].ItemId], default)).Files);
        var corrected = docs[1] with { Body = later[7].Body };
        site.Apply((await new SearchIndexWriter(Options).UpdateAsync(site, [.. later.Skip(6), corrected], [], default)).Files);
        var current = docs.Skip(2).Append(corrected).Concat(later).ToList();
        var reader = new SearchIndexReader(site);

        var paged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var approximate = 0;
        foreach (var query in Queries(current, 41).Where(q => q.Length >= 3))
        {
            var whole = await reader.SearchAsync(query, 1, int.MaxValue);
            Assert.True(whole.TotalIsExact);
            var urls = new List<string>();
            for (var page = 1; ; page++)
            {
                var result = await reader.SearchAsync(query, page, 20);
                Assert.InRange(result.Hits.Count, 0, 20);
                // The total of a page is never below the exact count: candidates left unverified are counted in it.
                Assert.InRange(result.Total, whole.Total, int.MaxValue);
                if (!result.TotalIsExact) approximate++;
                urls.AddRange(result.Hits.Select(h => h.Meta.Url));
                if (result.Hits.Count < 20) break;
            }
            Assert.Equal(whole.Hits.Select(h => h.Meta.Url), urls);
            paged[query] = urls;
        }

        var (falseHits, missed, truth) = Compare(current, paged);
        Assert.True(truth > 1000, $"only {truth} true matches");
        Assert.Equal((0, 0), (falseHits, missed));
        Assert.True(approximate > 0, "no page left candidates unverified");
    }

    [Fact]
    public async Task Delta_segment_and_tombstones_give_exact_results_and_the_same_results_after_the_merge()
    {
        var docs = Generated(300, 6);
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(Options with { DeltaMergeBytes = 0, MiddleMergeBytes = 0 }).UpdateAsync(site, docs, [], default)).Files);
        var added = Generated(312, 7).Skip(300).Select(d => d with { ItemId = "new-" + d.ItemId, Url = "/items/new-" + d.ItemId + ".html" }).ToList();
        var corrected = docs.Take(6).Select((d, i) => d with { Body = added[i].Body, Title = added[i].Title }).ToList();
        var withdrawn = docs.Skip(6).Take(6).Select(d => d.ItemId).ToList();

        var update = await new SearchIndexWriter(Options).UpdateAsync(site, [.. added, .. corrected], withdrawn, default);
        site.Apply(update.Files);
        Assert.False(update.Merged);
        Assert.Contains(update.Files, f => f.Path.StartsWith("search/delta/", StringComparison.Ordinal));
        Assert.DoesNotContain(update.Files, f => f.Path.StartsWith("search/shards/", StringComparison.Ordinal));

        var current = docs.Skip(12).Concat(corrected).Concat(added).ToList();
        // Queries from the old text of corrected and withdrawn items too: the tombstones must hide them.
        var queries = Queries(current, 23).Concat(Queries(docs.Take(12).ToList(), 29)).Distinct().ToList();
        var beforeMerge = await Run(site, queries);
        var (falseHits, missed, truth) = Compare(current, beforeMerge);
        Assert.True(truth > 1000, $"only {truth} true matches");
        Assert.Equal((0, 0), (falseHits, missed));

        var merge = await new SearchIndexWriter(Options with { DeltaMergeBytes = 0, MiddleMergeBytes = 0 }).UpdateAsync(site, [], [], default);
        site.Apply(merge.Files);
        Assert.True(merge.Merged);
        Assert.Equal(beforeMerge, await Run(site, queries));
    }

    [Fact]
    public async Task The_middle_level_with_the_delta_on_top_gives_exact_results_and_the_same_results_after_the_main_merge()
    {
        var docs = Generated(300, 8);
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter(Options with { DeltaMergeBytes = 0, MiddleMergeBytes = 0 }).UpdateAsync(site, docs, [], default)).Files);
        var fresh = Generated(330, 9).Skip(300).Select(d => d with { ItemId = "new-" + d.ItemId, Url = "/items/new-" + d.ItemId + ".html" }).ToList();

        // Into the middle level: new items, corrections of main items, withdrawals of main items.
        var toMiddle = fresh.Take(15).ToList();
        var correctedInMiddle = docs.Take(5).Select((d, i) => d with { Body = fresh[20 + i].Body, Title = fresh[20 + i].Title }).ToList();
        var middle = await new SearchIndexWriter(Options with { DeltaMergeBytes = 0 })
            .UpdateAsync(site, [.. toMiddle, .. correctedInMiddle], docs.Skip(5).Take(5).Select(d => d.ItemId).ToList(), default);
        site.Apply(middle.Files);
        Assert.True(middle.MiddleMerged);
        Assert.DoesNotContain(middle.Files, f => f.Path.StartsWith("search/shards/", StringComparison.Ordinal));

        // Into the delta on top: new items, corrections and withdrawals of items now in the middle level and in main.
        var toDelta = fresh.Skip(15).Take(5).ToList();
        var correctedAgain = new[] { correctedInMiddle[0] with { Body = fresh[27].Body }, toMiddle[0] with { Title = fresh[28].Title, Body = fresh[28].Body },
            docs[12] with { Body = fresh[29].Body } };
        var withdrawn = new[] { toMiddle[1].ItemId, correctedInMiddle[1].ItemId, docs[13].ItemId };
        var delta = await new SearchIndexWriter(Options).UpdateAsync(site, [.. toDelta, .. correctedAgain], withdrawn, default);
        site.Apply(delta.Files);
        Assert.False(delta.MiddleMerged || delta.Merged);

        var latest = new Dictionary<string, SearchDocument>(StringComparer.Ordinal);
        foreach (var d in docs.Concat(toMiddle).Concat(correctedInMiddle).Concat(toDelta).Concat(correctedAgain)) latest[d.ItemId] = d;
        foreach (var id in docs.Skip(5).Take(5).Select(d => d.ItemId).Concat(withdrawn)) latest.Remove(id);
        var current = latest.Values.ToList();
        // Queries from the old text of corrected and withdrawn items too: the tombstones of both levels must hide them.
        var queries = Queries(current, 31).Concat(Queries(docs.Take(14).Concat(toMiddle.Take(2)).ToList(), 37)).Distinct().ToList();
        var beforeMerge = await Run(site, queries);
        var (falseHits, missed, truth) = Compare(current, beforeMerge);
        Assert.True(truth > 1000, $"only {truth} true matches");
        Assert.Equal((0, 0), (falseHits, missed));

        var merge = await new SearchIndexWriter(Options with { DeltaMergeBytes = 0, MiddleMergeBytes = 0 }).UpdateAsync(site, [], [], default);
        site.Apply(merge.Files);
        Assert.True(merge.Merged);
        Assert.Equal(beforeMerge, await Run(site, queries));
    }
}
