using Disclosure.Items;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 19: the snapshot puts the notices and kept-out items into the slots by merging them into the published items'
/// order instead of sorting every item a second time; the slots are those of the sort of all of them.
/// </summary>
public sealed class PortalSnapshotSlotTests
{
    [Fact]
    public void Column_and_year_slots_hold_every_published_withdrawn_expired_and_kept_out_item_in_publication_order()
    {
        var items = new BureauItemGenerator(seed: 7).Generate(600).Select(g => g.Item).ToList();
        var withdrawn = items.Where((_, n) => n % 7 == 3).ToList();
        var expired = items.Where((_, n) => n % 11 == 5 && n % 7 != 3).ToList();
        var keptOut = items.Where((_, n) => n % 13 == 6 && n % 7 != 3 && n % 11 != 5).ToList();
        var off = withdrawn.Concat(expired).Concat(keptOut).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var published = items.Where(i => !off.Contains(i.Id)).ToList();
        // Given in no particular order, as the manifest's copies come.
        published.Reverse();

        var snapshot = new PortalSnapshot(PublicationBed.Catalogue, published, withdrawn, _ => "", expired, keptOut, new DateOnly(2026, 3, 10));

        var all = items.OrderBy(i => i, PublicationOrder.Instance).ToList();
        foreach (var (code, slots) in snapshot.ColumnSlots)
            Assert.Equal(all.Where(i => snapshot.ColumnsListing(i.ColumnCode).Contains(code)).Select(i => i.Id), slots.Select(i => i.Id));
        foreach (var (year, slots) in snapshot.YearSlots)
            Assert.Equal(all.Where(i => i.PublishedOn!.Value.Year == year).Select(i => i.Id), slots.Select(i => i.Id));
        Assert.Equal(items.Count, snapshot.YearSlots.Values.Sum(s => s.Count));
        Assert.True(withdrawn.Count > 50 && expired.Count > 20 && keptOut.Count > 10);
    }
}
