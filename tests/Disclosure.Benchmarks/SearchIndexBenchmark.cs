using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing.Search;

namespace Disclosure.Benchmarks;

/// <summary>
/// Building the static search index for a 科技局's catalogue, publishing one more item into it, and answering a
/// two-character query from the files. Run: <c>dotnet run -c Release --project tests/Disclosure.Benchmarks -- --filter *SearchIndex*</c>.
/// The comparison with Pagefind (bytes per query, share of substrings found) is <c>-- search-compare &lt;folder&gt;</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SearchIndexBenchmark
{
    private IReadOnlyList<SearchDocument> _docs = null!;
    private InMemorySiteFiles _built = null!;
    private SearchDocument _extra = null!;
    private SearchIndexOptions _options = null!;

    [Params(10_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var catalogue = BureauItemGenerator.Catalogue();
        var generated = new BureauItemGenerator().Generate(Items + 1).Select(g => SearchDocument.From(g.Item, catalogue, g.Body)).ToList();
        _docs = generated.Take(Items).ToList();
        _extra = generated[Items];
        _options = new SearchIndexOptions { ShardCount = SearchIndexOptions.ShardCountFor(Items) };
        _built = new InMemorySiteFiles();
        _built.Apply(new SearchIndexWriter(_options).UpdateAsync(_built, _docs, [], default).GetAwaiter().GetResult().Files);
    }

    [Benchmark(Description = "full build")]
    public async Task<int> Build() =>
        (await new SearchIndexWriter(_options).UpdateAsync(new InMemorySiteFiles(), _docs, [], default)).Files.Count;

    [Benchmark(Description = "publish one item")]
    public async Task<int> PublishOne() =>
        (await new SearchIndexWriter(_options).UpdateAsync(_built, [_extra], [], default)).Files.Count;

    [Benchmark(Description = "query 项目 (page 1)")]
    public async Task<int> Query() => (await new SearchIndexReader(_built).SearchAsync("项目")).Total;
}
