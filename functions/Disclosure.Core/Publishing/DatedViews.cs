using System.Collections.Immutable;

namespace Disclosure.Publishing;

/// <summary>
/// The items on the site whose page the date alone will change (issue 19): one whose 公开时限 ends gives way to a notice
/// the day after (<see cref="PublicationService.PublicPeriodEnded"/>), one whose 有效期 ends shows 失效 the day after
/// (<see cref="Disclosure.Items.ItemValidity.PastValidUntil"/>). A run for a change plans those that are <see cref="Due"/>
/// besides the items it read, instead of every item: no other item's view can differ from its manifest entry. Derived
/// from the manifest's entries alone, and kept from run to run by the entries that changed (a persistent sorted set: no copy).
/// </summary>
internal sealed class DatedViews
{
    private readonly ImmutableSortedSet<(DateOnly Day, string Id)> _days;

    private DatedViews(ImmutableSortedSet<(DateOnly Day, string Id)> days) => _days = days;

    /// <summary>The dated items among the entries of a manifest: a pass over them all.</summary>
    public static DatedViews Of(IReadOnlyDictionary<string, SiteItemEntry> entries)
    {
        var days = ImmutableSortedSet.CreateBuilder(Order);
        foreach (var (id, entry) in entries)
        {
            if (Day(entry) is { } day) days.Add((day, id));
        }
        return new DatedViews(days.ToImmutable());
    }

    /// <summary>These, after the entries of <paramref name="ids"/> went from <paramref name="before"/> to <paramref name="after"/> (either may lack one).</summary>
    public DatedViews With(IEnumerable<string> ids, IReadOnlyDictionary<string, SiteItemEntry> before, IReadOnlyDictionary<string, SiteItemEntry> after)
    {
        var days = _days.ToBuilder();
        foreach (var id in ids)
        {
            if (before.TryGetValue(id, out var was) && Day(was) is { } old) days.Remove((old, id));
            if (after.TryGetValue(id, out var now) && Day(now) is { } day) days.Add((day, id));
        }
        return new DatedViews(days.ToImmutable());
    }

    /// <summary>The items whose page differs from their entry on <paramref name="today"/>.</summary>
    public IEnumerable<string> Due(DateOnly today)
    {
        foreach (var (day, id) in _days)
        {
            if (day > today) yield break;
            yield return id;
        }
    }

    /// <summary>The first day on which the page shown by <paramref name="entry"/> is to change; none for a notice or an undated page.</summary>
    private static DateOnly? Day(SiteItemEntry entry)
    {
        if (entry.OffSite || entry.Shown is not { } shown) return null;
        DateOnly? periodEnds = shown.PublicUntil?.AddDays(1);
        DateOnly? validityEnds = entry.ValidityLapsed ? null : shown.ValidUntil?.AddDays(1);
        return periodEnds is null ? validityEnds : validityEnds is null ? periodEnds : periodEnds < validityEnds ? periodEnds : validityEnds;
    }

    private static readonly IComparer<(DateOnly Day, string Id)> Order = Comparer<(DateOnly Day, string Id)>.Create((a, b) =>
    {
        var c = a.Day.CompareTo(b.Day);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });
}
