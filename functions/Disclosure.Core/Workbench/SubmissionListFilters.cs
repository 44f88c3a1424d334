using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Lists;

namespace Disclosure.Workbench;

/// <summary>One choice of a filter's drop-down, marked when it is the one in force.</summary>
[PageModel]
public sealed record FilterOption(string Value, string Label, bool Selected)
{
    /// <summary>A drop-down's choices: "全部" (no filter) first, then each choice, the one in force marked.</summary>
    public static IReadOnlyList<FilterOption> Choices(IEnumerable<(string Value, string Label)> choices, string? selected)
        => [new FilterOption("", "全部", selected is null), .. choices.Select(c => new FilterOption(c.Value, c.Label, c.Value == selected))];

    /// <summary>A date field's value (YYYY-MM-DD, as <c>&lt;input type="date"&gt;</c> shows it), empty when not filtered.</summary>
    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// The filter form above a list and its paging links: the values in force (so the form shows what was asked), the
/// choices, and links that keep the filters (the first page, the next one).
/// </summary>
[PageModel]
public sealed record SubmissionListFilters(
    bool Mine,
    IReadOnlyList<FilterOption> States,
    IReadOnlyList<FilterOption> Departments,
    IReadOnlyList<FilterOption> Columns,
    string From,
    string To,
    string Title,
    int PageSize,
    string? FirstPage,
    string? NextPage)
{
    public ListPaging Paging => new(FirstPage, NextPage);

    /// <summary>Whether anything narrows the list (an empty answer then says the filters found nothing, not that nothing exists).</summary>
    public bool IsFiltered { get; init; }

    public static SubmissionListFilters Build(CatalogueSettings catalogue, ItemListRequest request, bool mine, string? firstPage, string? nextPage)
    {
        var f = request.Filter;
        return new SubmissionListFilters(
            mine,
            FilterOption.Choices(Enum.GetValues<ItemState>().Select(s => (s.ToString(), s.ToChinese())), f.State?.ToString()),
            mine ? [] : FilterOption.Choices(catalogue.Departments.Select(d => (d.Code, d.Name)), f.DepartmentCode),
            FilterOption.Choices(catalogue.Columns.Select(c => (c.Code, c.Name)), f.ColumnCode),
            FilterOption.Date(f.UpdatedFrom),
            FilterOption.Date(f.UpdatedTo),
            f.TitleContains ?? "",
            request.PageSize,
            firstPage,
            nextPage)
        {
            IsFiltered = f.State is not null || (!mine && f.DepartmentCode is not null) || f.ColumnCode is not null
                || f.UpdatedFrom is not null || f.UpdatedTo is not null || !string.IsNullOrEmpty(f.TitleContains),
        };
    }
}
