using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Statistics;

/// <summary>
/// Pages of the statistics' month × column table (<see cref="StatisticsReport.Rows"/>), which grows with the catalogue's
/// columns: <c>size</c> rows a page, continued by <c>after</c> (<c>MM~column</c>, the last row shown) in the table's
/// order, by month, then the catalogue's display order. The monthly totals and the year's total are short (twelve rows
/// and one) and always whole, as the chart needs them.
/// </summary>
public sealed record StatisticsRowsRequest(int? Year, string? Department, int PageSize, string? After)
{
    public const string Path = "/api/statistics";

    /// <summary>Reads <c>size</c> and <c>after</c>; <paramref name="year"/> and <paramref name="department"/> are checked by the caller and kept in the links.</summary>
    public static (StatisticsRowsRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query, int? year, string? department)
    {
        var read = new ListQueryReader(query);
        var size = read.PageSize();
        var after = read.After(text => Position.TryParse(text, out _));
        if (read.Problems.Count > 0) return (null, read.Problems);
        return (new StatisticsRowsRequest(year, department, size, after), read.Problems);
    }

    /// <summary>The report with this request's page of its month × column rows, and the next page's continuation.</summary>
    public (StatisticsReport Report, string? Next) PageOf(StatisticsReport report, CatalogueSettings catalogue)
    {
        var order = catalogue.InDisplayOrder().Select((c, i) => (c.Code, i)).ToDictionary(p => p.Code, p => p.i);
        int Rank(string column) => order.GetValueOrDefault(column, int.MaxValue);
        var start = After is not null && Position.TryParse(After, out var p) ? p : null;
        var rest = report.Rows
            .Select(r => (Row: r, Month: int.Parse(r.Month[^2..], CultureInfo.InvariantCulture)))
            .Where(x => start is null || Compare(x.Month, x.Row.ColumnCode, start.Value.Month, start.Value.Column) > 0)
            .OrderBy(x => x.Month).ThenBy(x => Rank(x.Row.ColumnCode)).ThenBy(x => x.Row.ColumnCode, StringComparer.Ordinal)
            .Take(PageSize + 1)
            .ToList();
        var page = rest.Take(PageSize).ToList();
        var next = rest.Count > PageSize ? Position.Format(page[^1].Month, page[^1].Row.ColumnCode) : null;
        return (report with { Rows = page.Select(x => x.Row).ToList() }, next);

        int Compare(int month, string column, int otherMonth, string otherColumn)
        {
            var c = month.CompareTo(otherMonth);
            if (c == 0) c = Rank(column).CompareTo(Rank(otherColumn));
            return c != 0 ? c : string.CompareOrdinal(column, otherColumn);
        }
    }

    public string QueryString(string? after)
        => new ListQueryString()
            .Add("year", Year?.ToString(CultureInfo.InvariantCulture))
            .Add("department", Department)
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();

    public ListPaging Paging(string? next) => ListPaging.For(Path, After, next, QueryString);

    /// <summary>A continuation: the month (01–12) and column code of the last row shown.</summary>
    private static class Position
    {
        public static string Format(int month, string column) => string.Create(CultureInfo.InvariantCulture, $"{month:D2}~{column}");

        public static bool TryParse(string text, out (int Month, string Column)? position)
        {
            position = null;
            if (text.Length is < 4 or > 64 || text[2] != '~') return false;
            if (!int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12) return false;
            var column = text[3..];
            if (!column.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')) return false;
            position = (month, column);
            return true;
        }
    }
}
