using Disclosure.Publishing.Search;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// The portal's query service (<c>GET /api/search</c>, issue 19) answers as the static index's reader does, reads each
/// index file once per manifest, follows a new manifest, and refuses what it will not run.
/// </summary>
public sealed class SearchQueriesTests : IAsyncLifetime
{
    private SearchSample _sample = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _sample = await SearchSample.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private SearchQueries Service(ISiteFileSource site, SearchQueryOptions? options = null) => new(site, _time, options ?? new SearchQueryOptions());

    [Fact]
    public async Task Answers_every_kind_of_query_as_the_static_index_reader_does()
    {
        var service = Service(_sample.Site);
        var reader = new SearchIndexReader(_sample.Site);
        var doc = _sample.Documents[5];
        string[] queries = [doc.Title, doc.Title[..2], doc.Title[1..5], doc.IndexNumber, "科技", "科 技 通知", "科", "ＡＩ大模型", "蝾螈", "。。"];
        foreach (var query in queries)
            foreach (var page in new[] { 1, 2 })
            {
                var expected = await reader.SearchAsync(query, page);

                var answer = (await service.RunAsync(query, page.ToString(), default)).Answer!;

                Assert.Equal(expected.Mode.ToString(), answer.Mode);
                Assert.Equal((expected.Total, expected.TotalIsExact, page), (answer.Total, answer.TotalIsExact, answer.Page));
                Assert.Equal(expected.Hits.Select(h => (h.Meta.Title, h.Meta.Url, h.Meta.IndexNumber, h.Meta.DocumentNumber, h.Meta.PublishedOn, h.Meta.Column, h.InTitle, h.Attachment)),
                    answer.Results.Select(r => (r.Title, r.Url, r.IndexNumber, r.DocumentNumber, r.PublishedOn, r.Column, r.InTitle, r.Attachment)));
            }
        Assert.NotEmpty((await service.RunAsync("科技", null, default)).Answer!.Results);
    }

    [Fact]
    public async Task A_query_reads_only_the_files_no_earlier_query_of_the_same_manifest_read()
    {
        var site = new NotedReads(_sample.Site);
        var service = Service(site);
        var query = _sample.Documents[7].Title[..4];

        var first = (await service.RunAsync(query, null, default)).Answer!;
        var firstReads = site.Reads.Count;
        site.Reads.Clear();
        var again = (await service.RunAsync(query, null, default)).Answer!;

        Assert.True(firstReads >= 3, $"the first query read {firstReads} files");
        Assert.Empty(site.Reads);
        Assert.Equal(first, again with { Results = first.Results });
        Assert.Equal(first.Results, again.Results);

        // Once the manifest is older than the recheck interval it is read again; unchanged, it keeps every file.
        _time.Advance(new SearchQueryOptions().ManifestRecheck);
        await service.RunAsync(query, null, default);
        Assert.Equal([SearchIndexFormat.ManifestPath], site.Reads);
    }

    [Fact]
    public async Task A_new_manifest_is_followed_within_the_recheck_interval_and_drops_every_file_kept_for_the_old_one()
    {
        var site = new NotedReads(_sample.Site);
        var service = Service(site);
        Assert.Equal(0, (await service.RunAsync("蝾螈", null, default)).Answer!.Total);
        await service.RunAsync("科技", null, default);
        var newcomer = SearchSample.Awkward("x-newt", "关于蝾螈栖息地调查的通知", null, "蝾螈调查。");
        _sample.Site.Apply((await new SearchIndexWriter().UpdateAsync(_sample.Site, [newcomer], [], default)).Files);

        // Within the interval the manifest read last still answers: the same answer as before the publication.
        Assert.Equal(0, (await service.RunAsync("蝾螈", null, default)).Answer!.Total);
        _time.Advance(new SearchQueryOptions().ManifestRecheck);
        site.Reads.Clear();
        var found = (await service.RunAsync("蝾螈", null, default)).Answer!;
        var main = (await service.RunAsync("科技", null, default)).Answer!;

        Assert.Equal(["/items/x-newt.html"], found.Results.Select(r => r.Url));
        Assert.Contains(SearchIndexFormat.ManifestPath, site.Reads);
        // The main shard of 科技 was kept for the old manifest and is read again for the new one.
        Assert.Contains(site.Reads, p => p.StartsWith("search/shards/", StringComparison.Ordinal));
        Assert.Equal((await new SearchIndexReader(_sample.Site).SearchAsync("科技")).Total, main.Total);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("科技\u0001", null)]
    [InlineData("a b c d e f g h i", null)]
    [InlineData("㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿", null)] // 26 characters, 104 after NFKC (㍿ is 株式会社)
    [InlineData("科技", "0")]
    [InlineData("科技", "-1")]
    [InlineData("科技", "1.5")]
    [InlineData("科技", "二")]
    [InlineData("科技", "51")]
    [InlineData("科技", "99999999999")]
    public async Task Refuses_a_query_it_will_not_run_with_the_reason_in_chinese(string? query, string? page)
    {
        var site = new NotedReads(_sample.Site);

        var outcome = await Service(site).RunAsync(query, page, default);

        Assert.Null(outcome.Answer);
        Assert.False(outcome.IsBusy);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", outcome.Refusal);
        Assert.Empty(site.Reads);
    }

    [Fact]
    public async Task Refuses_a_query_longer_than_the_limit_and_runs_one_at_it()
    {
        var service = Service(_sample.Site);
        var limit = service.Options.MaxQueryLength;

        Assert.NotNull((await service.RunAsync(new string('科', limit + 1), null, default)).Refusal);
        Assert.NotNull((await service.RunAsync(new string('科', limit), null, default)).Answer);
        Assert.NotNull((await service.RunAsync("科技", service.Options.MaxPage.ToString(), default)).Answer);
        Assert.NotNull((await service.RunAsync("𠀀𠀁 科技", null, default)).Answer); // a pair of surrogates is one character
        Assert.NotNull((await service.RunAsync(new string(['科', '技', '\ud800']), null, default)).Refusal); // half of one is refused
        Assert.NotNull((await service.RunAsync(new string(['\udc00', '科', '技']), null, default)).Refusal);
    }

    [Fact]
    public async Task An_instance_at_its_limit_answers_busy_and_runs_the_next_query_once_a_slot_is_free()
    {
        var gate = new GatedFiles(_sample.Site);
        var service = Service(gate, new SearchQueryOptions { MaxConcurrent = 1, QueueWait = TimeSpan.FromMilliseconds(50) });
        var held = service.RunAsync("科技", null, default);
        await gate.Entered.Task;

        var refused = await service.RunAsync("通知", null, default);

        Assert.True(refused.IsBusy);
        gate.Open.SetResult();
        Assert.NotNull((await held).Answer);
        Assert.NotNull((await service.RunAsync("通知", null, default)).Answer);
    }

    [Fact]
    public async Task A_query_over_its_time_answers_busy_so_the_page_reads_the_static_index()
    {
        var gate = new GatedFiles(_sample.Site);
        var service = Service(gate, new SearchQueryOptions { Timeout = TimeSpan.FromMilliseconds(50) });

        var outcome = await service.RunAsync("科技", null, default);

        Assert.True(outcome.IsBusy);
        gate.Open.SetResult();
        Assert.NotNull((await service.RunAsync("科技", null, default)).Answer);
    }

    [Fact]
    public async Task Past_its_byte_budget_the_cache_reads_files_again_and_answers_the_same()
    {
        var site = new NotedReads(_sample.Site);
        var service = Service(site, new SearchQueryOptions { CacheBytes = 0 });
        var query = _sample.Documents[3].Title[..4];

        var first = (await service.RunAsync(query, null, default)).Answer!;
        var reads = site.Reads.Count;
        var again = (await service.RunAsync(query, null, default)).Answer!;

        Assert.Equal(first.Results, again.Results);
        Assert.Equal(2 * reads - 1, site.Reads.Count); // everything again but the manifest
    }

    [Fact]
    public async Task A_read_that_failed_is_not_kept_and_the_next_query_reads_the_file_again()
    {
        var site = new FailingOnce(_sample.Site, p => p.StartsWith("search/shards/", StringComparison.Ordinal));
        var service = Service(site);

        await Assert.ThrowsAsync<IOException>(() => service.RunAsync("科技", null, default));
        var answer = (await service.RunAsync("科技", null, default)).Answer!;

        Assert.Equal((await new SearchIndexReader(_sample.Site).SearchAsync("科技")).Total, answer.Total);
    }

    /// <summary>Fails the first read of each path <paramref name="fails"/> picks, as storage briefly unavailable would.</summary>
    private sealed class FailingOnce(ISiteFileSource site, Func<string, bool> fails) : ISiteFileSource
    {
        private readonly HashSet<string> _failed = [];

        public Task<byte[]?> ReadAsync(string path, CancellationToken ct)
        {
            lock (_failed)
                if (fails(path) && _failed.Add(path)) throw new IOException("storage unavailable");
            return site.ReadAsync(path, ct);
        }
    }

    /// <summary>Holds every read until <see cref="Open"/> is set, so a query stays in flight.</summary>
    private sealed class GatedFiles(ISiteFileSource site) : ISiteFileSource
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(ct);
            return await site.ReadAsync(path, ct);
        }
    }
}
