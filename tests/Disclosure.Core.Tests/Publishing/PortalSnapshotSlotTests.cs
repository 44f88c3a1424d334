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

    [Fact]
    public void A_snapshot_made_after_another_orders_its_items_as_a_sort_of_them_all_would()
    {
        var items = new BureauItemGenerator(seed: 11).Generate(800).Select(g => g.Item).ToList();
        var before = items.Take(700).ToList();
        var previous = new PortalSnapshot(PublicationBed.Catalogue, before, [], _ => "");
        // The next run: most items the same objects; some gone (withdrawn), some moved on to a new object (a correction,
        // one published again on another day), some new; given in no particular order.
        var withdrawn = before.Where((_, n) => n % 9 == 4).ToList();
        var gone = withdrawn.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var next = new List<DisclosureItem>();
        for (var n = 0; n < before.Count; n++)
        {
            var item = before[n];
            if (gone.Contains(item.Id)) continue;
            next.Add(n % 17 == 2 ? item with { Version = item.Version + 1, Title = item.Title + "（更正）" }
                : n % 23 == 8 ? item with { PublishedOn = item.PublishedOn!.Value.AddDays(40) }
                : item);
        }
        next.AddRange(items.Skip(700));
        next.Reverse();

        var hinted = new PortalSnapshot(PublicationBed.Catalogue, next, withdrawn, _ => "", previous: previous);
        var sorted = new PortalSnapshot(PublicationBed.Catalogue, next, withdrawn, _ => "");

        Assert.Equal(next.OrderBy(i => i, PublicationOrder.Instance), hinted.Published);
        Assert.Equal(sorted.Published, hinted.Published);
        foreach (var (code, slots) in sorted.ColumnSlots) Assert.Equal(slots, hinted.ColumnSlots[code]);
        foreach (var (year, slots) in sorted.YearSlots) Assert.Equal(slots, hinted.YearSlots[year]);
        // Nothing changed: the previous order is taken as it is.
        Assert.Equal(previous.Published, new PortalSnapshot(PublicationBed.Catalogue, before, [], _ => "", previous: previous).Published);
        Assert.True(next.Count(i => !ReferenceEquals(previous.PublishedById.GetValueOrDefault(i.Id), i)) > 100);
    }
}
