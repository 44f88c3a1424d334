using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Intake;
using Disclosure.Lists;

namespace Disclosure.Items;

/// <summary>
/// What a workbench list may narrow the current items to. Every field is optional; dates are China dates of the item's
/// last update (更新日期), both ends included.
/// </summary>
public sealed record ItemFilter
{
    public string? DepartmentCode { get; init; }
    public ItemState? State { get; init; }
    public string? ColumnCode { get; init; }
    public DateOnly? UpdatedFrom { get; init; }
    public DateOnly? UpdatedTo { get; init; }
    /// <summary>Text the title must contain (ordinal, after NFC), as a person types part of a title.</summary>
    public string? TitleContains { get; init; }

    /// <summary>The items in <paramref name="state"/>, whatever else they are.</summary>
    public static ItemFilter InState(ItemState state) => new() { State = state };

    /// <summary>The first instant after <see cref="UpdatedTo"/> in China time (an exclusive upper bound a store can query).</summary>
    public DateTimeOffset? UpdatedBefore => UpdatedTo is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) : null;

    public DateTimeOffset? UpdatedSince => UpdatedFrom is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) : null;

    public bool Matches(DisclosureItem item)
        => (DepartmentCode is null || item.DepartmentCode == DepartmentCode)
            && (State is null || item.State == State)
            && (ColumnCode is null || item.ColumnCode == ColumnCode)
            && (UpdatedSince is not { } since || item.UpdatedAt >= since)
            && (UpdatedBefore is not { } before || item.UpdatedAt < before)
            && MatchesTitle(item);

    /// <summary>The part of <see cref="Matches"/> a table store cannot ask the service (Azure Tables has no substring filter).</summary>
    public bool MatchesTitle(DisclosureItem item)
        => string.IsNullOrEmpty(TitleContains) || item.Title.Contains(TitleContains, StringComparison.Ordinal);
}

/// <summary>
/// One page of a list in the store's own key order (the item id), which stays stable while items change: <see cref="Next"/>
/// is the id the following page starts after, null on the last page.
/// </summary>
public sealed record ItemPage(IReadOnlyList<DisclosureItem> Items, string? Next);

/// <summary>Pages through the current items without reading them all: each page continues after the last key it returned.</summary>
public interface IItemListing
{
    /// <param name="after">The <see cref="ItemPage.Next"/> of the page before, or null for the first page.</param>
    Task<ItemPage> ListPageAsync(ItemFilter filter, int pageSize, string? after, CancellationToken ct = default);

    /// <summary>
    /// Every item <paramref name="filter"/> keeps, as little of each as ranking needs: the review queue ranks the whole
    /// queue from these and reads in full only the items of the page it shows.
    /// </summary>
    IAsyncEnumerable<RankedItem> ListRanksAsync(ItemFilter filter, CancellationToken ct = default);
}

/// <summary>An item as the review queue ranks it: <see cref="RankKey"/> is its <see cref="ReviewRank.Key"/> (null on rows written before it was kept).</summary>
public sealed record RankedItem(string Id, int Version, string? RankKey);

/// <summary>The query string of a workbench list, read and checked: a wrong value is a Chinese message naming the field.</summary>
public sealed record ItemListRequest(ItemFilter Filter, int PageSize, string? After)
{
    public const int DefaultPageSize = ListQueryReader.DefaultPageSize;
    public const int MaxPageSize = ListQueryReader.MaxPageSize;
    public const int MaxTitleFilterLength = 200;

    /// <summary>
    /// Reads <c>state</c> (an <see cref="ItemState"/> name), <c>department</c>, <c>column</c>, <c>from</c>/<c>to</c>
    /// (YYYY-MM-DD), <c>title</c>, <c>size</c> and <c>after</c>. Codes are checked against the catalogue by the caller;
    /// here only their shape and the other values.
    /// </summary>
    public static (ItemListRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query)
    {
        var read = new ListQueryReader(query);

        ItemState? state = null;
        if (read.Text("state") is { } s)
        {
            // Exact names only (the list's links and form send them so), unlike the outbox's any-case status.
            if (Enum.GetNames<ItemState>().Contains(s, StringComparer.Ordinal)) state = Enum.Parse<ItemState>(s);
            else read.Add("状态（state）不是已知的状态。");
        }
        var (from, to) = read.DateRange("更新日期起", "更新日期止");

        var title = read.Text("title");
        if (InputText.Problem("标题（title）", title, MaxTitleFilterLength) is { } titleProblem) read.Add(titleProblem);
        else if (title is not null) title = InputText.Clean(title);

        var size = read.PageSize();
        var after = read.After(IsItemId);
        var department = read.Code("department", "责任处室");
        var column = read.Code("column", "栏目");

        if (read.Problems.Count > 0) return (null, read.Problems);
        var filter = new ItemFilter { State = state, DepartmentCode = department, ColumnCode = column, UpdatedFrom = from, UpdatedTo = to, TitleContains = title };
        return (new ItemListRequest(filter, size, after), read.Problems);
    }

    /// <summary>Item ids are 32 lower-case hex digits (<see cref="IntakeService.NewId"/>); a continuation is one of them.</summary>
    public static bool IsItemId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>The query string that asks for this list again (filters kept), optionally continuing after <paramref name="after"/>.</summary>
    public string QueryString(bool mine, string? after)
        => new ListQueryString()
            .Flag("mine", mine)
            .Add("state", Filter.State?.ToString())
            .Add("department", Filter.DepartmentCode)
            .Add("column", Filter.ColumnCode)
            .Add("from", Filter.UpdatedFrom)
            .Add("to", Filter.UpdatedTo)
            .Add("title", Filter.TitleContains)
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();
}
