using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>A search with no hit asks only for files that exist: the visitor's console shows no 404 for a shard nobody filled.</summary>
public class SearchMissingShardTests
{
    // The last two are found in the body and the title with positions (format 5: a block of the main positions per key).
    private static readonly string[] Queries = ["不存在的词语", "量子纠缠", "黄河流域", "乙丙丁", "区块链", "科技", "验收", "按期完成验收", "项目验收的"];

    [Fact]
    public async Task A_query_reads_only_shards_that_exist()
    {
        var site = new InMemorySiteFiles();
        var doc = SearchSample.Awkward("only", "关于科技项目验收的通知", null, "请按期完成验收。");
        site.Apply((await new SearchIndexWriter().UpdateAsync(site, [doc], [], default)).Files);
        var reader = new SearchIndexReader(site);

        foreach (var query in Queries)
        {
            var result = await reader.SearchAsync(query, 1, 20);
            foreach (var path in result.FilesRead)
                Assert.True(await site.ReadAsync(path, default) is not null, $"“{query}” asked for {path}, which does not exist");
        }
        Assert.NotEmpty((await reader.SearchAsync("验收", 1, 20)).Hits);
        Assert.NotEmpty((await reader.SearchAsync("按期完成验收", 1, 20)).Hits);
    }

    [Fact]
    public async Task A_manifest_of_format_5_without_its_positions_block_size_finds_nothing_instead_of_failing()
    {
        var site = new InMemorySiteFiles();
        // Into the main shards, whose positions are found by the block size.
        var intoMain = new SearchIndexOptions { DeltaMergeBytes = 0, MiddleMergeBytes = 0 };
        site.Apply((await new SearchIndexWriter(intoMain).UpdateAsync(site, [SearchSample.Awkward("a", "科技通知", null, "请按期完成验收。")], [], default)).Files);
        var manifest = System.Text.Encoding.UTF8.GetString((await site.ReadAsync(SearchIndexFormat.ManifestPath, default))!);
        var broken = System.Text.RegularExpressions.Regex.Replace(manifest, @",""positionsBlock"":\d+", "");
        Assert.DoesNotContain("positionsBlock", broken);
        site.Apply([new Disclosure.Publishing.SiteFile(SearchIndexFormat.ManifestPath, System.Text.Encoding.UTF8.GetBytes(broken), "application/json", "")]);

        Assert.Equal(0, (await new SearchIndexReader(site).SearchAsync("按期完成验收", 1, 20)).Total);
    }

    [Fact]
    public async Task An_index_written_before_the_manifest_named_its_shards_learns_them_at_the_next_update()
    {
        var site = new InMemorySiteFiles();
        site.Apply((await new SearchIndexWriter().UpdateAsync(site, [SearchSample.Awkward("a", "科技通知", null, "正文")], [], default)).Files);
        // The manifest as an index of the previous format has it: no "present".
        var manifest = System.Text.Encoding.UTF8.GetString((await site.ReadAsync(SearchIndexFormat.ManifestPath, default))!);
        var old = System.Text.RegularExpressions.Regex.Replace(manifest, @",""present"":""[0-9a-f]*""", "");
        Assert.DoesNotContain("present", old);
        site.Apply([new Disclosure.Publishing.SiteFile(SearchIndexFormat.ManifestPath, System.Text.Encoding.UTF8.GetBytes(old), "application/json", "")]);

        site.Apply((await new SearchIndexWriter().UpdateAsync(site, [SearchSample.Awkward("b", "工作动态", null, "正文")], [], default)).Files);

        var reader = new SearchIndexReader(site);
        Assert.Single((await reader.SearchAsync("科技", 1, 20)).Hits);
        foreach (var path in (await reader.SearchAsync("不存在的词语", 1, 20)).FilesRead)
            Assert.True(await site.ReadAsync(path, default) is not null, path);
    }
}
