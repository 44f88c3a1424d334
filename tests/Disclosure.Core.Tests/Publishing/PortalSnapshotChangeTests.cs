using Disclosure.Items;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 19: a run for a change makes its snapshot from the last run's by the items that changed
/// (<see cref="PortalSnapshot.With"/>) instead of from every item. What it gives must be what the constructor gives for
/// the same items, in every list, dictionary and count the pages are rendered from.
/// </summary>
public sealed class PortalSnapshotChangeTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    /// <summary>The items of a snapshot by place; an id is in one place at most.</summary>
    private sealed class Places
    {
        public Dictionary<string, (DisclosureItem Item, SnapshotPlace Place)> ById { get; } = new(StringComparer.Ordinal);

        public PortalSnapshot Snapshot() => new(PublicationBed.Catalogue, Of(SnapshotPlace.Published), Of(SnapshotPlace.Withdrawn), _ => "",
            Of(SnapshotPlace.Expired), Of(SnapshotPlace.KeptOut), Today);

        private IEnumerable<DisclosureItem> Of(SnapshotPlace place) => ById.Values.Where(v => v.Place == place).Select(v => v.Item);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_snapshot_changed_by_some_items_is_the_snapshot_of_the_changed_items(int seed)
    {
        var random = new Random(seed);
        var generated = new BureauItemGenerator(seed).Generate(700).Select(g => g.Item).ToList();
        var places = new Places();
        // 解读 and 修订 that point at other items, so the referrers' lists change too.
        for (var n = 0; n < 600; n++)
        {
            var item = generated[n];
            if (n % 10 == 3) item = item with { Relation = n % 20 == 3 ? Relation.Interprets : Relation.Amends, RelatedItemId = generated[random.Next(600)].Id };
            var place = (n % 17) switch { 1 => SnapshotPlace.Withdrawn, 2 => SnapshotPlace.Expired, 3 => SnapshotPlace.KeptOut, _ => SnapshotPlace.Published };
            places.ById[item.Id] = (item, place);
        }
        var snapshot = places.Snapshot();

        for (var round = 0; round < 6; round++)
        {
            var changes = new List<SnapshotChange>();
            var ids = places.ById.Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 40)).ToList();
            // New items (the next ones generated), some of them published on a day long past.
            ids.AddRange(generated.Skip(600 + round * 15).Take(random.Next(0, 15)).Select(i => i.Id));
            foreach (var id in ids)
            {
                var item = places.ById.TryGetValue(id, out var was) ? was.Item : generated.First(i => i.Id == id);
                var place = (SnapshotPlace)random.Next(5);
                item = random.Next(4) switch
                {
                    0 => item with { Version = item.Version + 1, Title = item.Title + "（更正）" },
                    1 => item with { PublishedOn = item.PublishedOn!.Value.AddDays(-random.Next(400)), ColumnCode = random.Next(2) == 0 ? "tzgg" : "zcjd" },
                    2 => item with { Relation = Relation.Interprets, RelatedItemId = generated[random.Next(600)].Id },
                    _ => item,
                };
                if (place == SnapshotPlace.None) places.ById.Remove(id);
                else places.ById[id] = (item, place);
                changes.Add(new SnapshotChange(id, place == SnapshotPlace.None ? null : item, place));
            }

            var changed = snapshot.With(changes, _ => "", Today);
            AssertSame(places.Snapshot(), changed);
            snapshot = changed;
        }
    }

    [Fact]
    public void The_previous_snapshot_is_left_as_it_was()
    {
        var items = new BureauItemGenerator(3).Generate(200).Select(g => g.Item).ToList();
        var before = new PortalSnapshot(PublicationBed.Catalogue, items.Take(150), [], _ => "", today: Today);
        var published = before.Published.ToList();
        var slots = before.ColumnSlots.ToDictionary(s => s.Key, s => s.Value.ToList());

        before.With([.. items.Skip(150).Select(i => new SnapshotChange(i.Id, i, SnapshotPlace.Published)),
            new SnapshotChange(items[0].Id, items[0], SnapshotPlace.Withdrawn)], _ => "", Today);

        Assert.Equal(published, before.Published);
        foreach (var (code, list) in slots) Assert.Equal(list, before.ColumnSlots[code]);
        Assert.True(before.PublishedById.ContainsKey(items[0].Id));
        Assert.False(before.PublishedById.ContainsKey(items[199].Id));
    }

    [Fact]
    public void An_item_changed_twice_at_once_or_made_public_when_it_is_not_is_refused()
    {
        var items = new BureauItemGenerator(4).Generate(20).Select(g => g.Item).ToList();
        var snapshot = new PortalSnapshot(PublicationBed.Catalogue, items, [], _ => "", today: Today);

        Assert.Throws<ArgumentException>(() => snapshot.With([new(items[1].Id, items[1], SnapshotPlace.Withdrawn),
            new(items[1].Id, null, SnapshotPlace.None)], _ => "", Today));
        Assert.Throws<ArgumentException>(() => snapshot.With([new(items[2].Id, items[2] with { Scope = DisclosureScope.Applicant }, SnapshotPlace.Published)],
            _ => "", Today));
    }

    private static void AssertSame(PortalSnapshot expected, PortalSnapshot actual)
    {
        Assert.Equal(expected.Published, actual.Published, ReferenceEqualityComparer.Instance);
        AssertSameItems(expected.PublishedById, actual.PublishedById);
        AssertSameItems(expected.WithdrawnById, actual.WithdrawnById);
        AssertSameItems(expected.ExpiredById, actual.ExpiredById);
        AssertSameItems(expected.NoticeById, actual.NoticeById);
        AssertSameItems(expected.KeptOutById, actual.KeptOutById);
        AssertSameLists(expected.ColumnSlots, actual.ColumnSlots);
        AssertSameLists(expected.YearSlots, actual.YearSlots);
        AssertSameLists(expected.ReferencedBy, actual.ReferencedBy);
        Assert.Equal(expected.Years, actual.Years);
        foreach (var column in PublicationBed.Catalogue.Columns) Assert.Equal(expected.ShownInColumn(column.Code), actual.ShownInColumn(column.Code));
        foreach (var year in expected.Years.Concat(actual.Years)) Assert.Equal(expected.ShownInYear(year), actual.ShownInYear(year));
    }

    private static void AssertSameItems(IReadOnlyDictionary<string, DisclosureItem> expected, IReadOnlyDictionary<string, DisclosureItem> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, item) in expected) Assert.Same(item, actual[id]);
    }

    private static void AssertSameLists<TKey>(IReadOnlyDictionary<TKey, List<DisclosureItem>> expected, IReadOnlyDictionary<TKey, List<DisclosureItem>> actual)
        where TKey : notnull
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, list) in expected) Assert.Equal(list, actual[key], ReferenceEqualityComparer.Instance);
    }
}
