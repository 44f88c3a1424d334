using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>A meta page stores prefixes once and dates as day offsets; what it reads back must be what was written.</summary>
public sealed class SearchMetaPageTests
{
    [Fact]
    public void Entries_read_back_as_written_whatever_their_urls_dates_and_gaps()
    {
        IReadOnlyList<SearchMeta?> entries =
        [
            new("关于组织申报科技计划项目的通知", "/items/kjj-2024-03101.html", "113301000024820810/2024-03101", "市科发〔2024〕261号", "2024-12-07", "通知公告")
            {
                Attachments = [new SearchMetaAttachment("申报指南.pdf", 0), new SearchMetaAttachment("附件2.xlsx", 812)],
            },
            null,
            // An earlier date than the page's first, a later one across a year, none, and a URL that is not an item page.
            new("市科学技术局2023年工作总结", "/items/kjj-2024-03103.html", "113301000024820810/2024-03103", null, "2023-11-30", "工作动态"),
            new("2025年度科技计划", "/items/kjj-2024-03104.html", "113301000024820810/2024-03104", null, "2025-01-02", "科技项目"),
            new("无日期的事项", "/items/kjj-2024-03105.html", "113301000024820810/2024-03105", null, null, "通知公告"),
            new("专题页面", "/special/open-day.html", "113301000024820810/2024-03106", null, "2024-12-07", "通知公告"),
        ];

        Assert.Equal(Describe(entries), Describe(SearchMetaPage.Decode(SearchMetaPage.Encode(entries))));
        // Without the page that is not an item, every URL shares a start stored once.
        var items = entries.Take(5).ToList();
        Assert.Equal(Describe(items), Describe(SearchMetaPage.Decode(SearchMetaPage.Encode(items))));
        Assert.Contains("\"u\":\"kjj-2024-0310\"", System.Text.Encoding.UTF8.GetString(SearchMetaPage.Encode(items)));
    }

    [Fact]
    public void A_page_without_any_dated_entry_reads_back_without_dates()
    {
        IReadOnlyList<SearchMeta?> entries = [null, new("标题", "/items/a.html", "X/2024-1", null, null, "通知公告"), null];

        Assert.Equal(Describe(entries), Describe(SearchMetaPage.Decode(SearchMetaPage.Encode(entries))));
    }

    private static List<string> Describe(IEnumerable<SearchMeta?> entries) =>
        [.. entries.Select(e => e is null ? "null" : string.Join("|", e.Title, e.Url, e.IndexNumber, e.DocumentNumber, e.PublishedOn, e.Column,
            string.Join(";", (e.Attachments ?? []).Select(a => $"{a.Name}@{a.Start}"))))];
}
