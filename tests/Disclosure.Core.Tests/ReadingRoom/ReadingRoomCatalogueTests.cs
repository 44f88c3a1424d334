using System.Text;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.ReadingRoom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.ReadingRoom;

/// <summary>
/// The 公共查阅点's 目录 lists what the portal shows today (the published version, nothing withdrawn, not for the public
/// or past its 公开时限), with the derived 有效性; its CSV opens in Excel (BOM) without running formulas, and its XLSX
/// holds the same rows.
/// </summary>
public class ReadingRoomCatalogueTests
{
    private static readonly CatalogueSettings Bureau = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryItemStore _items = new();
    private int _serial;

    private async Task<DisclosureItem> StoreAsync(string title, string column, Func<DisclosureItem, DisclosureItem>? change = null)
    {
        var serial = ++_serial;
        var item = new DisclosureItem
        {
            Id = $"{serial:D32}", IndexNumber = new IndexNumber("000000000", 2026, serial), Title = title, ColumnCode = column, Genre = "通知",
            Publisher = "市科学技术局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, serial), State = ItemState.Published,
            PublishedOn = new DateOnly(2026, 11, 20 + serial % 5), PublishedVersion = 1, SubmittedBy = "王科员", SubmittedAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow(),
        };
        item = change?.Invoke(item) ?? item;
        await _items.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = "seed-" + serial, At = _time.GetUtcNow(), Actor = "测试", Action = "seed", To = item.State }));
        return item;
    }

    [Fact]
    public async Task The_catalogue_lists_what_the_portal_shows_by_column_with_the_derived_validity()
    {
        var notice = await StoreAsync("关于开展科技项目申报工作的通知", "tzgg");
        var measures = await StoreAsync("市科技创新券管理办法", "zcfg", i => i with { Genre = "行政规范性文件" });
        await StoreAsync("关于废止《市科技创新券管理办法》的决定", "zcfg", i => i with { Relation = Relation.Repeals, RelatedItemId = measures.Id });
        await StoreAsync("已撤回的通知", "tzgg", i => i with { State = ItemState.Withdrawn });
        await StoreAsync("依申请公开的答复", "tzgg", i => i with { Attribute = DisclosureAttribute.OnRequest });
        await StoreAsync("公示期已过的公示", "tzgg", i => i with { PublicUntil = new DateOnly(2026, 12, 1) });
        await StoreAsync("尚未发布的通知", "tzgg", i => i with { State = ItemState.AwaitingReview, PublishedVersion = null, PublishedOn = null });
        // A correction under review: the 目录 keeps the published version's title, as the portal does.
        var corrected = await StoreAsync("更正前的标题", "gzdt");
        var stored = (await _items.GetAsync(corrected.Id))!;
        await _items.UpdateAsync(stored.Item with { Version = 2, Title = "更正中的标题", State = ItemState.AwaitingReview }, stored.ETag,
            ItemChange.Of(new AuditEntry { ItemId = corrected.Id, EventId = "correction", At = _time.GetUtcNow(), Actor = "测试", Action = AuditAction.Corrected, To = ItemState.AwaitingReview, Version = 2 }));

        var listing = await new ReadingRoomCatalogue(_items, Bureau, _time).BuildAsync();

        Assert.Equal(new DateOnly(2026, 12, 4), listing.AsOf);
        // Columns in the catalogue's order (政策法规 before 工作动态 before 通知公告), only those with items.
        Assert.Equal(["zcfg", "gzdt", "tzgg"], listing.Columns.Select(c => c.Code));
        var titles = listing.Columns.SelectMany(c => c.Entries).Select(e => e.Title).ToList();
        Assert.Equal(4, listing.Count);
        Assert.Contains("更正前的标题", titles);
        Assert.DoesNotContain("更正中的标题", titles);
        Assert.DoesNotContain(titles, t => t is "已撤回的通知" or "依申请公开的答复" or "公示期已过的公示" or "尚未发布的通知");
        var measuresEntry = listing.Columns[0].Entries.Single(e => e.Title == "市科技创新券管理办法");
        Assert.Equal("废止", measuresEntry.Validity);
        Assert.Equal("有效", listing.Columns.Single(c => c.Code == "tzgg").Entries.Single().Validity);
        var noticeEntry = listing.Columns.Single(c => c.Code == "tzgg").Entries.Single();
        Assert.Equal((notice.IndexNumber.ToString(), "市科学技术局", "2026-11-01", "2026-11-21"), (noticeEntry.IndexNumber, noticeEntry.Publisher, noticeEntry.FormedOn, noticeEntry.PublishedOn));
    }

    [Fact]
    public async Task The_CSV_has_a_byte_order_mark_and_neutralises_cells_a_spreadsheet_would_run()
    {
        await StoreAsync("=HYPERLINK(\"http://evil.example/\",\"点击\")", "tzgg");
        await StoreAsync("+1 通知", "tzgg");
        await StoreAsync("-2 通知, 含逗号", "tzgg");
        await StoreAsync("@SUM(A1) 通知", "tzgg");
        await StoreAsync("普通的通知", "tzgg");
        var listing = await new ReadingRoomCatalogue(_items, Bureau, _time).BuildAsync();

        var bytes = CatalogueDownloads.Csv(listing);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("栏目,索引号,标题,发布机构,成文日期,发布日期,有效性", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, l => l.Contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点击\"\")\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",'+1 通知,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",\"'-2 通知, 含逗号\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",'@SUM(A1) 通知,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",普通的通知,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_XLSX_opens_with_the_Open_XML_SDK_and_holds_a_header_and_one_text_row_per_item()
    {
        var first = await StoreAsync("关于开展科技项目申报工作的通知", "tzgg");
        await StoreAsync("=1+1", "tzgg");
        await StoreAsync("市科技创新券管理办法", "zcfg");
        var listing = await new ReadingRoomCatalogue(_items, Bureau, _time).BuildAsync();

        using var stream = new MemoryStream(CatalogueDownloads.Xlsx(listing));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        Assert.Equal(CatalogueDownloads.SheetName, sheet.Name!.Value);
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => (c.DataType!.Value, c.InlineString!.InnerText, c.CellFormula)).ToList()).ToList();

        Assert.Equal(4, rows.Count);
        Assert.Equal(CatalogueListing.Headers, rows[0].Select(c => c.InnerText));
        Assert.All(rows.SelectMany(r => r), c => Assert.Equal((CellValues.InlineString, (CellFormula?)null), (c.Value, c.CellFormula)));
        Assert.Equal(("政策法规", "市科技创新券管理办法"), (rows[1][0].InnerText, rows[1][2].InnerText));
        var firstRow = rows.Single(r => r[2].InnerText == first.Title).Select(c => c.InnerText).ToList();
        Assert.Equal(["通知公告", first.IndexNumber.ToString(), first.Title, "市科学技术局", "2026-11-01", "2026-11-21", "有效"], firstRow);
        // A title that looks like a formula is text in the workbook, exactly as typed.
        Assert.Contains(rows, r => r[2].InnerText == "=1+1");
    }
}
