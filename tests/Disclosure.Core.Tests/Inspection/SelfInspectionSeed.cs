using System.Runtime.CompilerServices;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;

namespace Disclosure.Tests.Inspection;

/// <summary>Items, a site and an analysis set on a known day: 2026-03-16 (a Monday) at 09:00 China time.</summary>
internal static class SelfInspectionSeed
{
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateOnly Today = new(2026, 3, 16);

    public static readonly CatalogueSettings Bureau = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    public static readonly WorkingDayCalendar Days = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    private static int _serial;

    public static DisclosureItem Item(
        string column, DateOnly? published, DateOnly? formed = null, ItemState state = ItemState.Published,
        string department = "bgs", Validity validity = Validity.InForce, string? id = null, string? relatedId = null,
        DateTimeOffset? updatedAt = null, string? title = null)
    {
        var serial = Interlocked.Increment(ref _serial);
        var formedOn = formed ?? published ?? Today.AddDays(-30);
        return new DisclosureItem
        {
            Id = id ?? $"si-{serial}",
            IndexNumber = new IndexNumber("113301000024820810", formedOn.Year, 50_000 + serial),
            Title = title ?? $"{column}栏目信息{serial}",
            ColumnCode = column,
            Genre = "通知",
            Publisher = "市科学技术局",
            DepartmentCode = department,
            FormedOn = formedOn,
            PublishedOn = published,
            PublishedVersion = published is null ? null : 1,
            Validity = validity,
            RelatedItemId = relatedId,
            State = state,
            SubmittedBy = "测试",
            SubmittedAt = Now.AddDays(-40),
            UpdatedAt = updatedAt ?? Now.AddDays(-30),
        };
    }

    /// <summary>One fresh public item in every column, so only what a test adds is wrong.</summary>
    public static List<DisclosureItem> EveryColumnFresh() =>
        Bureau.Columns.Select(c => Item(c.Code, Today.AddDays(-1))).ToList();

    public static SelfInspectionAnalysis Analysis(SelfInspectionOptions? options = null) => new(Bureau, Days, options ?? new SelfInspectionOptions());

    public static SiteLinkReport NoSite { get; } = new(0, 0, [], []);

    public static SelfInspectionInputs Inputs(IReadOnlyList<DisclosureItem> items, SiteLinkReport? site = null) =>
        new() { Now = Now, Items = items, Site = site ?? NoSite };
}

/// <summary>A published site held in memory: the same two questions the $web adapter answers from blobs.</summary>
internal sealed class SiteInMemory(Dictionary<string, string> pages, params string[] files) : ISiteSnapshot
{
    public Task<IReadOnlySet<string>> ListPathsAsync(CancellationToken ct = default)
        => Task.FromResult<IReadOnlySet<string>>(pages.Keys.Concat(files).ToHashSet(StringComparer.Ordinal));

    public async IAsyncEnumerable<SitePage> ReadPagesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var (path, html) in pages)
        {
            await Task.Yield();
            yield return new SitePage(path, html);
        }
    }
}
