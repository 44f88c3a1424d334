using System.Globalization;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>The admin area's list of stored self-inspection reports (template <c>inspection-list</c>).</summary>
[PageModel]
public sealed record InspectionListModel(IReadOnlyList<InspectionListRow> Rows)
{
    /// <summary>The links to the first and the next page; null where the list is shown whole.</summary>
    public ListPaging? Paging { get; init; }
}

/// <summary>
/// The query string of the list (<c>/api/inspections</c>): <c>size</c> and <c>after</c>, the oldest day of the page
/// before (YYYY-MM-DD): the list is newest first, so the next page holds the days before it.
/// </summary>
public sealed record InspectionListRequest(int PageSize, DateOnly? After)
{
    public const string Path = "/api/inspections";

    public static (InspectionListRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query)
    {
        var read = new ListQueryReader(query);
        var size = read.PageSize();
        var after = read.After(text => ParseDay(text) is not null);
        if (read.Problems.Count > 0) return (null, read.Problems);
        return (new InspectionListRequest(size, after is null ? null : ParseDay(after)), read.Problems);
    }

    public string QueryString(string? after) => new ListQueryString().PageSize(PageSize).Add("after", after).ToString();

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDay(string text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

[PageModel]
public sealed record InspectionListRow(string Date, string DateText, string Html, string Json, string Csv);
