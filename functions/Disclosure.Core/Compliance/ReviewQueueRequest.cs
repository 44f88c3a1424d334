using Disclosure.Catalogue;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Compliance;

/// <summary>
/// The query string of the review queue (<c>GET /api/reviews</c>), read and checked: <c>department</c>, <c>column</c>,
/// <c>title</c> (part of a title), <c>size</c>, <c>after</c> (the rank and id of the last item of the page before:
/// <see cref="ReviewRank.Token"/>) and <c>at</c> (an item the page starts with). Every item in the queue is 待审核, so there
/// is no state to choose.
/// </summary>
public sealed record ReviewQueueRequest(ItemFilter Filter, int PageSize, string? After, string? At = null)
{
    public const string Path = "/api/reviews";

    /// <summary>The one state the queue lists: items that wait for a person's signature.</summary>
    public const ItemState Waiting = ItemState.AwaitingReview;

    /// <param name="catalogue">Where a department or column code must exist (an unknown one is named, not an empty queue).</param>
    public static (ReviewQueueRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query, CatalogueSettings catalogue)
    {
        var read = new ListQueryReader(query);
        var department = read.Code("department", "责任处室");
        if (department is not null && catalogue.FindDepartment(department) is null) read.Add("责任处室（department）不存在。");
        var column = read.Code("column", "栏目");
        if (column is not null && catalogue.FindColumn(column) is null) read.Add("栏目（column）不存在。");
        var title = read.Text("title");
        if (InputText.Problem("标题（title）", title, ItemListRequest.MaxTitleFilterLength) is { } titleProblem) read.Add(titleProblem);
        else if (title is not null) title = InputText.Clean(title);
        var size = read.PageSize();
        var after = read.After(ReviewRank.IsToken);
        var at = read.Text("at");
        if (at is not null && !ItemListRequest.IsItemId(at)) read.Add("起始信息（at）无效，请从第一页重新开始。");
        if (read.Problems.Count > 0) return (null, read.Problems);
        var filter = new ItemFilter { State = Waiting, DepartmentCode = department, ColumnCode = column, TitleContains = title };
        return (new ReviewQueueRequest(filter, size, after, at), read.Problems);
    }

    /// <summary>The first page of the whole queue, as a decision's answer shows it again.</summary>
    public static ReviewQueueRequest Everything { get; } = new(new ItemFilter { State = Waiting }, ListQueryReader.DefaultPageSize, null);

    /// <summary>The queue's address whose page begins with <paramref name="itemId"/>, anchored at it, wherever the item stands in the queue.</summary>
    public static string PageStartingAt(string itemId)
    {
        var anchor = "#item-" + Uri.EscapeDataString(itemId);
        return ItemListRequest.IsItemId(itemId) ? Path + "?at=" + itemId + anchor : Path + anchor;
    }

    public bool IsFiltered => Filter.DepartmentCode is not null || Filter.ColumnCode is not null || Filter.TitleContains is not null;

    public string QueryString(string? after)
        => new ListQueryString()
            .Add("department", Filter.DepartmentCode)
            .Add("column", Filter.ColumnCode)
            .Add("title", Filter.TitleContains)
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();

    /// <summary>The queue's filter form and paging links (both keep the filters); <paramref name="next"/> is the page's continuation.</summary>
    public ReviewQueueFilters Form(CatalogueSettings catalogue, string? next) => new(
        FilterOption.Choices(catalogue.Departments.Select(d => (d.Code, d.Name)), Filter.DepartmentCode),
        FilterOption.Choices(catalogue.InDisplayOrder().Select(c => (c.Code, c.Name)), Filter.ColumnCode),
        Filter.TitleContains ?? "",
        IsFiltered,
        ListPaging.For(Path, After ?? At, next, QueryString));
}

/// <summary>The values in force (so the form shows what was asked), the choices, and the paging links.</summary>
[PageModel]
public sealed record ReviewQueueFilters(
    IReadOnlyList<FilterOption> Departments,
    IReadOnlyList<FilterOption> Columns,
    string Title,
    bool IsFiltered,
    ListPaging Paging);
