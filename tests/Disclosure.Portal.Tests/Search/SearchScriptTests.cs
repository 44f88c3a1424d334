using System.Text;
using System.Text.Json;
using Disclosure.Portal.Tests.Quality;
using Microsoft.AspNetCore.Http;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>The real <c>assets/search.js</c>, run by Node and Chromium against the generated files over HTTP, must agree with the C# reader.</summary>
public sealed class SearchScriptTests : IAsyncLifetime
{
    private SearchSample _sample = null!;
    private string _folder = null!;
    private StaticSiteServer _server = null!;
    private StaticSiteServer _withService = null!;
    private StaticSiteServer _busyService = null!;
    private StaticSiteServer _hostileService = null!;

    public async Task InitializeAsync()
    {
        _sample = await SearchSample.BuildAsync();
        var hostile = SearchSample.Awkward("x-hostile", "<img src=x onerror=alert(1)>科技伦理审查办法", null, "伦理审查");
        // In the middle level and the delta segment beside the main shards, with withdrawals (tombstones) and corrections,
        // and one item whose text is in its attachment only: the script must read every level as the C# reader does.
        var inPdf = SearchSample.Awkward("x-pdf", "关于公布评审结果的通知", null, "详见附件。") with
        {
            Attachments = [new SearchAttachment("评审结果.pdf", "白鹭湖实验室伦理审查通过名单")],
        };
        var corrected = _sample.Documents[1] with { Body = "更正后的正文：伦理审查委员会名单" };
        var intoMiddle = await new SearchIndexWriter(new SearchIndexOptions { DeltaMergeBytes = 0 })
            .UpdateAsync(_sample.Site, [hostile, inPdf, corrected], [_sample.Documents[2].ItemId], default);
        Assert.True(intoMiddle.MiddleMerged);
        _sample.Site.Apply(intoMiddle.Files);
        var correctedAgain = corrected with { Body = "再次更正：伦理审查委员会成员名单" };
        var inDelta = await new SearchIndexWriter().UpdateAsync(_sample.Site,
            [correctedAgain, _sample.Documents[3] with { Title = "关于白鹭湖湿地保护的通知（更正）" }], [_sample.Documents[4].ItemId], default);
        Assert.False(inDelta.MiddleMerged || inDelta.Merged);
        _sample.Site.Apply(inDelta.Files);
        _sample.Site.Apply([SearchAssets.Script()]);
        _folder = Directory.CreateTempSubdirectory("portal-search-").FullName;
        _sample.Site.WriteTo(_folder);
        File.WriteAllText(Path.Combine(_folder, "search", "index.html"), """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>站内检索</title></head>
            <body><form action="/search/index.html"><input name="q" type="search"><button>检索</button></form>
            <p id="search-status" role="status"></p><ol id="search-results"></ol>
            <script src="/assets/search.js"></script></body></html>
            """, new UTF8Encoding(false));
        await QualityTools.EnsureInstalledAsync();
        _server = await StaticSiteServer.StartAsync(_folder);
        var queries = new SearchQueries(_sample.Site, TimeProvider.System, new SearchQueryOptions());
        _withService = await StaticSiteServer.StartAsync(_folder, async context =>
        {
            // What SearchPortal answers: the JSON of the outcome, a problem for a refusal.
            var outcome = await queries.RunAsync(context.Request.Query["q"], context.Request.Query["p"], context.RequestAborted);
            context.Response.StatusCode = outcome.Answer is null ? 400 : 200;
            await context.Response.WriteAsJsonAsync<object>(outcome.Answer as object ?? new { title = "检索词有误", detail = outcome.Refusal }, JsonSerializerOptions.Web,
                outcome.Answer is null ? "application/problem+json" : "application/json; charset=utf-8");
        });
        _busyService = await StaticSiteServer.StartAsync(_folder, async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsJsonAsync(new { title = "检索服务繁忙" }, JsonSerializerOptions.Web, "application/problem+json");
        });
        _hostileService = await StaticSiteServer.StartAsync(_folder, context => context.Response.WriteAsJsonAsync(new
        {
            query = "伦理审查", page = 1, pageSize = 20, mode = "FullText", total = 1, totalIsExact = true,
            results = new[] { new { title = "<script>alert(1)</script>", url = "javascript:alert(1)", indexNumber = "<b>1</b>", column = "通知公告", inTitle = true } },
        }, JsonSerializerOptions.Web));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _withService.DisposeAsync();
        await _busyService.DisposeAsync();
        await _hostileService.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Harness => Path.Combine(QualityTools.RepoRoot, "tests", "Disclosure.Portal.Tests", "Search", "search-harness.js");

    [Fact]
    public async Task Search_script_in_node_finds_exactly_what_the_csharp_reader_finds()
    {
        var random = new Random(3);
        var queries = new List<string> { "科技", "通知", "验收", "ＡＩ大模型", "open 指南", "软", "〔2025〕", "2024-000", "不存在的词语", "乙丙", "科技伦理", "<img",
            "白鹭湖实验室", "白鹭", "伦理审查委员会", "更正后的正文", "再次更正", "成员名单", "白鹭湖湿地" };
        foreach (var doc in _sample.Documents.Take(30))
        {
            var bigrams = SearchSample.Bigrams(doc.Body).ToList();
            queries.Add(bigrams[random.Next(bigrams.Count)]);
            var text = SearchText.Normalize(doc.Body);
            queries.Add(text.Substring(random.Next(text.Length - 6), random.Next(3, 6)));
        }
        var queryFile = Path.Combine(_folder, "queries.json");
        File.WriteAllText(queryFile, JsonSerializer.Serialize(queries));
        var scriptPath = Path.Combine(_folder, "assets", "search.js");

        var output = await QualityTools.NodeAsync(Harness, "node", scriptPath, _server.BaseUrl, queryFile);

        var fromNode = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(queries.Count, fromNode.Count);
        var reader = new SearchIndexReader(_sample.Site);
        var found = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var expected = await reader.SearchAsync(queries[i], 1, 20);
            var actual = fromNode[i];
            Assert.Equal(expected.Mode.ToString(), actual.GetProperty("mode").GetString());
            Assert.Equal(expected.Total, actual.GetProperty("total").GetInt32());
            Assert.Equal(expected.TotalIsExact, actual.GetProperty("exact").GetBoolean());
            Assert.Equal(expected.Ordinals, actual.GetProperty("ordinals").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(expected.Hits.Select(h => h.Ordinal), actual.GetProperty("hits").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(expected.Hits.Select(h => h.Attachment), actual.GetProperty("attachments").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
            // What each result shows, as search.js reads it back from the meta page (prefixes, day offsets).
            Assert.Equal(expected.Hits.Select(h => new[] { h.Meta.Title, h.Meta.Url, h.Meta.IndexNumber, h.Meta.PublishedOn, h.Meta.Column, h.Meta.DocumentNumber }),
                actual.GetProperty("metas").EnumerateArray().Select(m => m.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToArray()));
            Assert.Equal(expected.FilesRead.Order(), actual.GetProperty("filesRead").EnumerateArray().Select(e => e.GetString()).Order());
            if (expected.Total > 0) found++;
        }
        Assert.True(found > queries.Count / 2, $"only {found} of {queries.Count} queries found anything");
    }

    [Fact]
    public async Task Search_page_in_chromium_lists_results_as_text_with_a_status()
    {
        var expected = await new SearchIndexReader(_sample.Site).SearchAsync("伦理审查");

        var page = JsonDocument.Parse(await QualityTools.NodeAsync(Harness, "browser", _server.BaseUrl, "伦理审查")).RootElement;

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal($"找到 {expected.Total} 条结果", page.GetProperty("status").GetString());
        Assert.Equal(expected.Hits.Select(h => h.Meta.Title), page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("<img src=x onerror=alert(1)>科技伦理审查办法", page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, page.GetProperty("elementsInsideTitles").GetInt32());
        Assert.Equal("伦理审查", page.GetProperty("input").GetString());
        Assert.Contains(SiteUrls.Item("x-hostile"), page.GetProperty("hrefs").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_page_in_chromium_says_about_how_many_results_when_a_page_left_candidates_unverified()
    {
        // A phrase of the generated bodies with more candidates than the first page needs verified (issue 19: a page
        // reads the positions of the results it shows only), so the total counts the rest as matches.
        var reader = new SearchIndexReader(_sample.Site);
        var phrases = _sample.Documents.SelectMany(d => SearchText.Runs(SearchText.Normalize(d.Body)))
            .Where(r => r.Length >= 4).Select(r => string.Concat(r.Take(4).Select(char.ConvertFromUtf32))).Distinct();
        SearchResults? expected = null;
        string? query = null;
        foreach (var phrase in phrases)
        {
            var result = await reader.SearchAsync(phrase);
            if (result.TotalIsExact) continue;
            (query, expected) = (phrase, result);
            break;
        }
        Assert.NotNull(expected);

        var page = JsonDocument.Parse(await QualityTools.NodeAsync(Harness, "browser", _server.BaseUrl, query!)).RootElement;

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal($"找到约 {expected.Total} 条结果", page.GetProperty("status").GetString());
        Assert.Equal(expected.Hits.Select(h => h.Meta.Title), page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_page_in_chromium_says_when_the_query_was_found_in_an_attachment()
    {
        var page = JsonDocument.Parse(await QualityTools.NodeAsync(Harness, "browser", _server.BaseUrl, "白鹭湖实验室")).RootElement;

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal("找到 1 条结果", page.GetProperty("status").GetString());
        Assert.Equal(["检索词出现在附件：评审结果.pdf"], page.GetProperty("attachments").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_page_in_chromium_says_nothing_was_found()
    {
        var page = JsonDocument.Parse(await QualityTools.NodeAsync(Harness, "browser", _server.BaseUrl, "蝾螈")).RootElement;

        Assert.StartsWith("未找到", page.GetProperty("status").GetString());
        Assert.Empty(page.GetProperty("titles").EnumerateArray());
    }

    private static async Task<JsonElement> BrowseAsync(StaticSiteServer server, string query) =>
        JsonDocument.Parse(await QualityTools.NodeAsync(Harness, "browser", server.BaseUrl, query)).RootElement;

    private static string[] Requests(JsonElement page) => [.. page.GetProperty("requests").EnumerateArray().Select(e => e.GetString()!)];

    private static bool IsIndexFile(string path) => path.StartsWith("/search/", StringComparison.Ordinal) && !path.StartsWith("/search/index.html", StringComparison.Ordinal);

    [Fact]
    public async Task Search_page_in_chromium_asks_the_query_service_first_and_reads_no_index_file_when_it_answers()
    {
        var expected = await new SearchIndexReader(_sample.Site).SearchAsync("伦理审查");

        var page = await BrowseAsync(_withService, "伦理审查");

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal($"找到 {expected.Total} 条结果", page.GetProperty("status").GetString());
        Assert.Equal(expected.Hits.Select(h => h.Meta.Title), page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(expected.Hits.Select(h => h.Meta.Url), page.GetProperty("hrefs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, page.GetProperty("elementsInsideTitles").GetInt32());
        Assert.Single(Requests(page), r => r.StartsWith("/api/search?q=", StringComparison.Ordinal));
        Assert.DoesNotContain(Requests(page), IsIndexFile);
    }

    [Fact]
    public async Task Search_page_in_chromium_shows_the_query_services_attachment_note_and_its_approximate_total()
    {
        var inPdf = await BrowseAsync(_withService, "白鹭湖实验室");
        Assert.Equal(["检索词出现在附件：评审结果.pdf"], inPdf.GetProperty("attachments").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(Requests(inPdf), IsIndexFile);

        var single = await BrowseAsync(_withService, "科");
        var expected = await new SearchIndexReader(_sample.Site).SearchAsync("科");
        Assert.Equal($"找到 {expected.Total} 条结果（单字仅检索标题、文号和索引号；输入两个及以上字可检索正文）", single.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("busy")]
    public async Task Search_page_in_chromium_reads_the_static_index_when_the_site_has_no_query_service_or_it_is_busy(string service)
    {
        var expected = await new SearchIndexReader(_sample.Site).SearchAsync("伦理审查");

        var page = await BrowseAsync(service == "none" ? _server : _busyService, "伦理审查");

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal($"找到 {expected.Total} 条结果", page.GetProperty("status").GetString());
        Assert.Equal(expected.Hits.Select(h => h.Meta.Title), page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(Requests(page), r => r.StartsWith("/api/search?q=", StringComparison.Ordinal));
        Assert.Contains("/search/manifest.json", Requests(page));
    }

    [Fact]
    public async Task Search_page_in_chromium_asks_the_site_again_for_every_file_when_one_it_kept_no_longer_fits_the_index()
    {
        // The first answer for each main shard is a file of an earlier format, as a browser may keep one for five minutes
        // after the index was rebuilt; the site itself has the current one.
        var served = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        await using var stale = await StaticSiteServer.StartAsync(_folder, intercept: async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/search/shards/", StringComparison.Ordinal) && served.TryAdd(path, true))
            {
                context.Response.Headers.CacheControl = "public, max-age=300";
                await context.Response.Body.WriteAsync("DSI3\u0001\u0002"u8.ToArray());
                return;
            }
            await next(context);
        });
        var expected = await new SearchIndexReader(_sample.Site).SearchAsync("伦理审查");

        var page = await BrowseAsync(stale, "伦理审查");

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal($"找到 {expected.Total} 条结果", page.GetProperty("status").GetString());
        Assert.Equal(expected.Hits.Select(h => h.Meta.Title), page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.All(served.Keys, shard => Assert.Equal(2, Requests(page).Count(r => r == shard)));
    }

    [Fact]
    public async Task Search_page_in_chromium_shows_what_a_query_service_sends_as_text_and_links_only_to_this_site()
    {
        var page = await BrowseAsync(_hostileService, "伦理审查");

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal(["<script>alert(1)</script>"], page.GetProperty("titles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["#"], page.GetProperty("hrefs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, page.GetProperty("elementsInsideTitles").GetInt32());
    }
}
