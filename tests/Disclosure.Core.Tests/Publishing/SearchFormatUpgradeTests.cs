using System.Text;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;

namespace Disclosure.Tests.Publishing;

/// <summary>A site published before search index format 2 gets an index of every item it shows at the next run, once.</summary>
public class SearchFormatUpgradeTests
{
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_index_of_the_earlier_format_is_rebuilt_from_every_item_on_the_site_at_the_next_publication()
    {
        await _bed.ReadyAsync("关于组织申报蝾螈保护项目的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
        // The manifest as format 1 wrote it: the new writer must not read its shards, and the old items must stay findable.
        var old = Encoding.UTF8.GetBytes("""{"format":1,"shards":256,"metaPageSize":32,"ordinals":1}""");
        await _bed.Site.PutAsync(new SiteBlob(SearchIndexFormat.ManifestPath, "application/json", "no-cache", "x"), new MemoryStream(old), default);
        Assert.Empty(await _bed.SearchTitlesAsync("蝾螈"));

        await _bed.ReadyAsync("关于公布湿地调查结果的通知", "正文", "张三", (null, "张三"));
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(["关于组织申报蝾螈保护项目的通知"], await _bed.SearchTitlesAsync("蝾螈"));
        Assert.Equal(["关于公布湿地调查结果的通知"], await _bed.SearchTitlesAsync("湿地"));
        Assert.False(await SearchIndexWriter.NeedsEveryItemAsync(_bed.Site, default));
    }
}
