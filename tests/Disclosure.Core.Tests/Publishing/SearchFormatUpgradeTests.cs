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
}
