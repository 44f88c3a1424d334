using System.Text;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Tests.Publishing;

/// <summary>A site published with an earlier search index format gets an index of every item it shows at the next run, once.</summary>
public class SearchFormatUpgradeTests
{
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero));

    // Format 1's manifest; format 3's, whose delta file held postings and positions together ("DSD2"), which format 4
    // keeps apart: a writer that read that file as postings would fail, so it must start afresh instead.
    [Theory]
    [InlineData("""{"format":1,"shards":256,"metaPageSize":32,"ordinals":1}""", null)]
    // Format 4's, whose main positions were one file per shard (format 5 keeps them in blocks of ordinals).
    [InlineData("""{"format":4,"shards":64,"metaPageSize":64,"ordinals":1,"present":"ffffffffffffffff","deltaShards":1,"deltaPresent":"01","middleShards":16}""", "search/delta/00.bin")]
    // Format 5's, whose item ids were pages by ordinal (format 6 keeps them in buckets by hash and never reads the pages).
    [InlineData("""{"format":5,"shards":64,"metaPageSize":64,"ordinals":1,"present":"ffffffffffffffff","deltaShards":1,"deltaPresent":"01","middleShards":16,"positionsBlock":64}""", "search/ids/0.json")]
    [InlineData("""{"format":3,"shards":64,"metaPageSize":64,"ordinals":1,"present":"ffffffffffffffff","deltaShards":2,"deltaPresent":"03","middleShards":0}""", "search/delta/00.bin")]
    public async Task An_index_of_an_earlier_format_is_rebuilt_from_every_item_on_the_site_at_the_next_publication(string manifest, string? oldLevelFile)
    {
        await _bed.ReadyAsync("关于组织申报蝾螈保护项目的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
        // The manifest as the earlier format wrote it: the new writer must not read its files, and the old items must stay findable.
        var old = Encoding.UTF8.GetBytes(manifest);
        await _bed.Site.PutAsync(new SiteBlob(SearchIndexFormat.ManifestPath, "application/json", "no-cache", "x"), new MemoryStream(old), default);
        if (oldLevelFile is not null)
            await _bed.Site.PutAsync(new SiteBlob(oldLevelFile, "application/octet-stream", "no-cache", "x"), new MemoryStream("DSD2\u0003DSI2"u8.ToArray()), default);
        Assert.Empty(await _bed.SearchTitlesAsync("蝾螈"));

        await _bed.ReadyAsync("关于公布湿地调查结果的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(["关于组织申报蝾螈保护项目的通知"], await _bed.SearchTitlesAsync("蝾螈"));
        Assert.Equal(["关于公布湿地调查结果的通知"], await _bed.SearchTitlesAsync("湿地"));
        Assert.False(await SearchIndexWriter.NeedsEveryItemAsync(_bed.Site, default));
    }

    [Fact]
    public async Task The_earlier_formats_files_the_new_index_does_not_write_are_deleted_and_the_search_page_stays()
    {
        await _bed.ReadyAsync("关于组织申报蝾螈保护项目的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
        // Format 5 as a publication left it: a page of item ids and positions of a shard the new index will not have, both
        // in the site manifest, and its search manifest.
        string[] earlier = ["search/ids/0.json", "search/positions/0ff/0.bin"];
        var manifest = (await _bed.Site.ReadManifestAsync(default))!;
        var files = new Dictionary<string, string>(manifest.Files, StringComparer.Ordinal);
        foreach (var path in earlier)
        {
            await _bed.Site.PutAsync(new SiteBlob(path, "application/json", "no-cache", "x"), new MemoryStream("[]"u8.ToArray()), default);
            files[path] = "x";
        }
        await _bed.Site.WriteManifestAsync(manifest with { Files = files, Changes = null }, default);
        var format5 = """{"format":5,"shards":64,"metaPageSize":64,"ordinals":1,"present":"ffffffffffffffff","deltaShards":1,"deltaPresent":"01","middleShards":16,"positionsBlock":64}""";
        await _bed.Site.PutAsync(new SiteBlob(SearchIndexFormat.ManifestPath, "application/json", "no-cache", "x"), new MemoryStream(Encoding.UTF8.GetBytes(format5)), default);

        await _bed.ReadyAsync("关于公布湿地调查结果的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.All(earlier, path => Assert.DoesNotContain(path, _bed.Site.Blobs.Keys));
        var after = (await _bed.Site.ReadManifestAsync(default))!;
        Assert.All(earlier, path => Assert.DoesNotContain(path, after.Files.Keys));
        Assert.Contains("search/index.html", _bed.Site.Blobs.Keys);
        Assert.Equal(["关于组织申报蝾螈保护项目的通知"], await _bed.SearchTitlesAsync("蝾螈"));
        Assert.Equal(["关于公布湿地调查结果的通知"], await _bed.SearchTitlesAsync("湿地"));
    }
}
