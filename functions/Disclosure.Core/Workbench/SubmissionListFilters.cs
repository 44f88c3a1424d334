using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Workbench;

/// <summary>One choice of a filter's drop-down, marked when it is the one in force.</summary>
[PageModel]
public sealed record FilterOption(string Value, string Label, bool Selected);

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
    /// <summary>Whether anything narrows the list (an empty answer then says the filters found nothing, not that nothing exists).</summary>
    public bool IsFiltered { get; init; }

    public static SubmissionListFilters Build(CatalogueSettings catalogue, ItemListRequest request, bool mine, string? firstPage, string? nextPage)
    {
        var f = request.Filter;
        IReadOnlyList<FilterOption> Options(IEnumerable<(string Value, string Label)> choices, string? selected)
            => [new FilterOption("", "全部", selected is null), .. choices.Select(c => new FilterOption(c.Value, c.Label, c.Value == selected))];
        return new SubmissionListFilters(
            mine,
            Options(Enum.GetValues<ItemState>().Select(s => (s.ToString(), s.ToChinese())), f.State?.ToString()),
            mine ? [] : Options(catalogue.Departments.Select(d => (d.Code, d.Name)), f.DepartmentCode),
            Options(catalogue.Columns.Select(c => (c.Code, c.Name)), f.ColumnCode),
            f.UpdatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            f.UpdatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
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
