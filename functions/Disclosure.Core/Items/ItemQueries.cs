using Disclosure.Compliance;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Plan;

namespace Disclosure.Items;

/// <summary>The read questions other features ask of the item store, answered in one place.</summary>
public sealed class ItemQueries(IItemStore items) : IItemDirectory, ILatestPublications, IReportItemSource
{
    public async Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken)
        => await items.GetAsync(itemId, cancellationToken) is { Item: var i } ? new ItemReference(i.Id, i.Title, i.ColumnCode, i.State, i.DepartmentCode, i.PublishedOn) : null;

    /// <summary>The latest 发布日期 per column, counting items that are or were public on <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyDictionary<string, DateOnly>> LatestByColumnAsync(DateOnly asOf, CancellationToken ct = default)
    {
        var latest = new Dictionary<string, DateOnly>();
        await foreach (var item in items.ListAsync(new ItemQuery(), ct))
        {
            if (item.PublishedOn is not { } published || published > asOf) continue;
            if (!latest.TryGetValue(item.ColumnCode, out var known) || published > known) latest[item.ColumnCode] = published;
        }
        return latest;
    }

    public async Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<DisclosureItem>();
        await foreach (var version in items.ListAllVersionsAsync(cancellationToken)) all.Add(version);
        return all;
    }
}
