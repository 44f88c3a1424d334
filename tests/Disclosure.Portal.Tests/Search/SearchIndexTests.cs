using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

public sealed class SearchIndexTests : IAsyncLifetime
{
    private SearchSample _sample = null!;

    public async Task InitializeAsync() => _sample = await SearchSample.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SearchResults> Search(string query, ISiteFileSource? site = null) =>
        new SearchIndexReader(site ?? _sample.Site).SearchAsync(query, pageSize: 1000);

    [Fact]
    public async Task Every_two_character_substring_of_title_document_number_index_number_and_body_finds_its_item()
    {
        var misses = new List<string>();
        var cache = new Dictionary<string, HashSet<string>>();
        for (var ordinal = 0; ordinal < _sample.Documents.Count; ordinal++)
        {
            var doc = _sample.Documents[ordinal];
            var queries = new[] { doc.Title, doc.DocumentNumber, doc.IndexNumber, doc.Body }.SelectMany(SearchSample.Bigrams).Distinct();
            foreach (var query in queries)
            {
                if (!cache.TryGetValue(query, out var found))
                    cache[query] = found = (await Search(query)).Hits.Select(h => h.Meta.Url).ToHashSet();
                if (!found.Contains(doc.Url)) misses.Add($"{doc.ItemId}: {query}");
            }
        }
        Assert.True(cache.Count > 1000, $"only {cache.Count} distinct queries were tried");
        Assert.Empty(misses);
    }

    [Fact]
    public async Task Two_character_queries_return_only_items_that_contain_them()
    {
        var queries = _sample.Documents.SelectMany(d => SearchSample.Bigrams(d.Title)).Distinct().Take(400).ToList();
        foreach (var query in queries)
        {
            var results = await Search(query);
            var expected = _sample.Documents.Where(d => SearchSample.Contains(d, query)).Select(d => d.Url).Order().ToList();
            Assert.Equal(expected, results.Hits.Select(h => h.Meta.Url).Order().ToList());
        }
    }

    [Fact]
    public async Task Bigrams_that_occur_nowhere_find_nothing()
    {
        var chars = string.Concat(_sample.Documents.Select(d => d.Title)).EnumerateRunes()
            .Where(SearchText.IsSearchable).Select(r => r.ToString()).Distinct().ToList();
        var random = new Random(7);
        var tried = 0;
        while (tried < 300)
        {
            var query = chars[random.Next(chars.Count)] + chars[random.Next(chars.Count)];
            if (_sample.Documents.Any(d => SearchSample.Contains(d, query))) continue;
            tried++;
            Assert.Equal(0, (await Search(query)).Total);
        }
    }

    [Fact]
    public async Task Longer_substrings_are_found_and_a_title_term_must_occur_in_one_piece()
    {
        var random = new Random(11);
        foreach (var doc in _sample.Documents)
        {
            var text = SearchText.Normalize(doc.Title);
            var length = Math.Min(text.Length, random.Next(3, 8));
            var query = text.Substring(random.Next(text.Length - length + 1), length);
            Assert.Contains(doc.Url, (await Search(query)).Hits.Select(h => h.Meta.Url));
        }

        var site = new InMemorySiteFiles();
        var scattered = SearchSample.Awkward("x-scattered", "甲乙丁乙丙", null, "无关正文");
        site.Apply((await new SearchIndexWriter().UpdateAsync(site, [scattered], [], default)).Files);
        Assert.Equal(1, (await Search("甲乙", site)).Total);
        Assert.Equal(1, (await Search("乙丙", site)).Total);
        Assert.Equal(0, (await Search("甲乙丙", site)).Total);
    }

    [Fact]
    public async Task Full_width_letters_and_upper_case_match_their_plain_forms()
    {
        Assert.Contains("/items/x-fullwidth.html", (await Search("ai大模型")).Hits.Select(h => h.Meta.Url));
        Assert.Contains("/items/x-fullwidth.html", (await Search("5G应用")).Hits.Select(h => h.Meta.Url));
        Assert.Contains("/items/x-latin.html", (await Search("OPENHARMONY")).Hits.Select(h => h.Meta.Url));
        Assert.Contains("/items/x-latin.html", (await Search("risc-v 生态")).Hits.Select(h => h.Meta.Url));
    }

    [Fact]
    public async Task A_query_with_several_terms_needs_all_of_them()
    {
        var both = await Search("open 指南");
        Assert.Equal(["/items/x-latin.html"], both.Hits.Select(h => h.Meta.Url));
        Assert.Equal(0, (await Search("openharmony 大模型")).Total);
    }

    [Fact]
    public async Task A_single_character_searches_titles_and_numbers_only()
    {
        var results = await Search("软");
        Assert.Equal(SearchMode.SingleCharacter, results.Mode);
        var expected = _sample.Documents.Where(d => SearchText.Haystack(d.Title, d.DocumentNumber, d.IndexNumber).Contains('软')).Select(d => d.Url).Order();
        Assert.Equal(expected, results.Hits.Select(h => h.Meta.Url).Order());
        Assert.True(results.Total > 0);
    }

    [Fact]
    public async Task Punctuation_alone_is_not_a_query()
    {
        var results = await Search("〔 〕，。");
        Assert.Equal(SearchMode.Empty, results.Mode);
        Assert.Empty(results.FilesRead);
    }

    [Fact]
    public async Task Title_hits_come_before_body_hits()
    {
        var results = await Search("通知");
        var firstBody = results.Hits.ToList().FindIndex(h => !h.InTitle);
        Assert.True(firstBody > 0);
        Assert.All(results.Hits.Skip(firstBody), h => Assert.False(h.InTitle));
        Assert.All(results.Hits.Take(firstBody), h => Assert.Contains("通知", h.Meta.Title));
    }

    [Fact]
    public async Task A_two_character_query_reads_the_manifest_one_shard_and_the_meta_pages_of_its_results()
    {
        var results = await new SearchIndexReader(_sample.Site).SearchAsync("验收", pageSize: 5);
        Assert.True(results.Total > 5);
        var shards = results.FilesRead.Count(f => f.StartsWith("search/shards/", StringComparison.Ordinal));
        Assert.Equal(1, shards);
        Assert.Equal(SearchIndexFormat.ManifestPath, results.FilesRead[0]);
        Assert.DoesNotContain(results.FilesRead, f => f.StartsWith(SearchIndexFormat.IdBucketsFolder, StringComparison.Ordinal));
    }
}
