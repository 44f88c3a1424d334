using Disclosure.Items;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// The catalogue as the report reads it: one entry per 索引号 (the latest version — a correction replaces, it does not add),
/// and the repeal/amendment instruments indexed by the item they act on. A relation may name any version's id of its
/// target, so ids of all versions are resolved to the 索引号.
/// </summary>
public sealed class CatalogueRecord
{
    private readonly Dictionary<IndexNumber, DateOnly> _repealedOn = [];
    private readonly Dictionary<IndexNumber, DateOnly> _amendedOn = [];

    /// <summary>Latest version of every 索引号, in any state.</summary>
    public IReadOnlyList<DisclosureItem> Latest { get; }

    /// <summary>The published record: latest versions that are 主动公开 and 已发布.</summary>
    public IReadOnlyList<DisclosureItem> Published { get; }

    public CatalogueRecord(IEnumerable<DisclosureItem> allItems)
    {
        var all = allItems.ToList();
        var indexById = new Dictionary<string, IndexNumber>(StringComparer.Ordinal);
        foreach (var item in all) indexById[item.Id] = item.IndexNumber;

        Latest = all.GroupBy(i => i.IndexNumber).Select(g => g.MaxBy(i => i.Version)!).OrderBy(i => i.IndexNumber.ToString(), StringComparer.Ordinal).ToList();
        Published = Latest.Where(i => i.State == ItemState.Published && i.Attribute == DisclosureAttribute.Proactive).ToList();

        foreach (var instrument in Published.Where(i => i.RelatedItemId is not null))
        {
            if (!indexById.TryGetValue(instrument.RelatedItemId!, out var target)) continue;
            var map = instrument.Relation switch
            {
                Relation.Repeals => _repealedOn,
                Relation.Amends => _amendedOn,
                _ => null,
            };
            // Two instruments acting on one item: the earliest one ended it.
            if (map is not null && (!map.TryGetValue(target, out var known) || instrument.FormedOn < known))
                map[target] = instrument.FormedOn;
        }
    }

    /// <summary>The 成文日期 of the earliest published instrument that repeals or amends <paramref name="item"/>, if any.</summary>
    public DateOnly? SupersededOn(DisclosureItem item, Relation relation)
    {
        var map = relation switch
        {
            Relation.Repeals => _repealedOn,
            Relation.Amends => _amendedOn,
            _ => throw new ArgumentOutOfRangeException(nameof(relation)),
        };
        return map.TryGetValue(item.IndexNumber, out var on) ? on : null;
    }

    /// <summary>The item's 有效性 on <paramref name="day"/>, derived as the portal derives it (<see cref="ItemValidity"/>).</summary>
    public Validity ValidityOn(DisclosureItem item, DateOnly day) =>
        ItemValidity.Derive(item, SupersededOn(item, Relation.Repeals), SupersededOn(item, Relation.Amends), day);
}
