using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Workbench;

namespace Disclosure.ReadingRoom;

/// <summary>One line of the 目录: what a visitor to the 公共查阅点 looks an item up by.</summary>
[PageModel]
public sealed record CatalogueEntry(string IndexNumber, string Title, string Publisher, string FormedOn, string PublishedOn, string Validity);

/// <summary>The entries of one column, in the column's place in the catalogue's order.</summary>
[PageModel]
public sealed record CatalogueColumn(string Code, string Name, IReadOnlyList<CatalogueEntry> Entries);

/// <summary>The 目录 as of one day: every column that has current items, and when it was drawn up.</summary>
[PageModel]
public sealed record CatalogueListing(DateOnly AsOf, IReadOnlyList<CatalogueColumn> Columns)
{
    public int Count => Columns.Sum(c => c.Entries.Count);

    public string AsOfText => AsOf.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>The header row of the downloads, in the order of <see cref="Cells"/>.</summary>
    public static readonly IReadOnlyList<string> Headers = ["栏目", "索引号", "标题", "发布机构", "成文日期", "发布日期", "有效性"];

    /// <summary>Every entry as the downloads' cells, column by column.</summary>
    public IEnumerable<IReadOnlyList<string>> Cells()
        => Columns.SelectMany(c => c.Entries.Select(e => (IReadOnlyList<string>)[c.Name, e.IndexNumber, e.Title, e.Publisher, e.FormedOn, e.PublishedOn, e.Validity]));
}

/// <summary>
/// The 目录 for the 公共查阅点 (条例第二十四条: a 政府信息公开目录 where the public can consult it): what the portal shows
/// today — the published version of each item (also while a correction is under review), without withdrawn items,
/// items not for the public and items whose 公开时限 has ended — with the 有效性 derived as the portal derives it.
/// </summary>
public sealed class ReadingRoomCatalogue(IItemStore items, CatalogueSettings catalogue, TimeProvider time)
{
    public async Task<CatalogueListing> BuildAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Today(time);
        var shown = new List<DisclosureItem>();
        await foreach (var item in items.ListAsync(new ItemQuery(), ct))
        {
            if (item.State == ItemState.Withdrawn || item.PublishedVersion is not { } version || item.PublishedOn is not { } publishedOn) continue;
            var source = version == item.Version ? item : (await items.GetVersionsAsync(item.Id, ct)).FirstOrDefault(v => v.Version == version);
            if (source is null) continue;
            var view = PublicCopy.Published(source, publishedOn, version);
            if (!PublicationService.IsForThePublic(view) || PublicationService.PublicPeriodEnded(view, today)) continue;
            shown.Add(view);
        }

        // An instrument that repeals or revises a document names it by item id; the earliest one made by today ends it.
        var instruments = shown.Where(i => i.RelatedItemId is not null && i.Relation is Relation.Repeals or Relation.Amends)
            .ToLookup(i => (i.RelatedItemId!, i.Relation), i => i.FormedOn);
        DateOnly? Earliest(string id, Relation relation) => instruments[(id, relation)].Select(d => (DateOnly?)d).Min();

        var byColumn = shown.ToLookup(i => i.ColumnCode);
        var columns = new List<CatalogueColumn>();
        foreach (var column in catalogue.InDisplayOrder())
        {
            var entries = byColumn[column.Code]
                .OrderByDescending(i => i.PublishedOn).ThenBy(i => i.IndexNumber.ToString(), StringComparer.Ordinal)
                .Select(i => new CatalogueEntry(i.IndexNumber.ToString(), i.Title, i.Publisher, Date(i.FormedOn), Date(i.PublishedOn),
                    ItemValidity.Derive(i, Earliest(i.Id, Relation.Repeals), Earliest(i.Id, Relation.Amends), today).ToChinese()))
                .ToList();
            if (entries.Count > 0) columns.Add(new CatalogueColumn(column.Code, column.Name, entries));
        }
        return new CatalogueListing(today, columns);
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
