using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Deadlines;
using Disclosure.Items;
using Disclosure.Workbench;

namespace Disclosure.Statistics;

/// <summary>The figures of one month and column (or, in <see cref="StatisticsReport.Months"/>, of one month over all columns).</summary>
[PageModel]
public sealed record StatisticsFigures(string Month, string ColumnCode, string ColumnName, int Submitted, int Returned, int Published, int PublishedOnTime, int Overdue)
{
    public static StatisticsFigures Sum(string month, string code, string name, IEnumerable<StatisticsFigures> rows)
    {
        var list = rows.ToList();
        return new(month, code, name, list.Sum(r => r.Submitted), list.Sum(r => r.Returned), list.Sum(r => r.Published),
            list.Sum(r => r.PublishedOnTime), list.Sum(r => r.Overdue));
    }
}

/// <summary>
/// A year's statistics of one department's items, or of every department's (the office's view): by month and column,
/// and per month over all columns (what the chart shows).
/// </summary>
[PageModel]
public sealed record StatisticsReport(int Year, string? DepartmentCode, string ScopeName, DateOnly AsOf,
    IReadOnlyList<StatisticsFigures> Rows, IReadOnlyList<StatisticsFigures> Months, StatisticsFigures Total)
{
    /// <summary>Items whose deadline cannot be counted (a year without a calendar file): neither on time nor overdue, and said so.</summary>
    public int DeadlineUnknown { get; init; }

    public string AsOfText => AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Counts, from the items and their audit trail, per month (China time) and column:
/// <list type="bullet">
/// <item>报送 (submitted): items first submitted in the month;</item>
/// <item>退回 (returned): returns recorded in the audit trail in the month (an item returned twice counts twice);</item>
/// <item>发布 (published): items whose 发布日期 falls in the month; 按时发布: those published by their deadline (the catalogue's
/// deadline rules, working days from the 调休 calendar);</item>
/// <item>逾期 (overdue): items published after their deadline (in the month of publication), and items not yet published
/// whose deadline has passed (in the month the deadline fell).</item>
/// </list>
/// </summary>
public sealed class DisclosureStatistics(IItemStore items, IAuditTrail audit, CatalogueSettings catalogue, WorkingDayCalendar calendar, TimeProvider time)
{
    private readonly ItemDeadlines _deadlines = new(catalogue, calendar);

    public async Task<StatisticsReport> ForYearAsync(int year, string? departmentCode, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(time);
        var counts = new Dictionary<(int Month, string Column), int[]>();
        int[] Cell(DateOnly day, string column)
        {
            if (!counts.TryGetValue((day.Month, column), out var cell)) counts[(day.Month, column)] = cell = new int[5];
            return cell;
        }
        var unknown = 0;

        // The year's returns from one read of the audit trail over the year (China time), not one read per item.
        var returns = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        var yearStart = new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Offset);
        await foreach (var entry in audit.ListRecordedBetweenAsync(yearStart, yearStart.AddYears(1), ct))
        {
            if (entry.To != ItemState.Returned || entry.From == ItemState.Returned) continue;
            if (!returns.TryGetValue(entry.ItemId, out var days)) returns[entry.ItemId] = days = [];
            days.Add(ChinaTime.DateOf(entry.At));
        }

        await foreach (var item in items.ListAsync(new ItemQuery(DepartmentCode: departmentCode), ct))
        {
            var submitted = ChinaTime.DateOf(item.SubmittedAt);
            if (submitted.Year == year) Cell(submitted, item.ColumnCode)[0]++;
            foreach (var on in returns.GetValueOrDefault(item.Id) ?? []) Cell(on, item.ColumnCode)[1]++;

            // Withdrawn items were published once and count as such; an item never published is timed only while it is
            // still on its way (not returned for good, not refused).
            var deadline = _deadlines.For(item);
            DateOnly? due = deadline?.DueOn.TryGetValue(out var d, out _) == true ? d : null;
            if (deadline is not null && due is null && (item.PublishedOn?.Year == year || item.PublishedOn is null)) unknown++;
            if (item.PublishedOn is { } published)
            {
                if (published.Year != year) continue;
                var cell = Cell(published, item.ColumnCode);
                cell[2]++;
                if (due is { } by) cell[by >= published ? 3 : 4]++;
            }
            else if (due is { } by && by < today && by.Year == year && item.State is not (ItemState.Withdrawn or ItemState.CheckFailed))
            {
                Cell(by, item.ColumnCode)[4]++;
            }
        }

        string Month(int m) => string.Create(CultureInfo.InvariantCulture, $"{year}-{m:D2}");
        string ColumnName(string code) => catalogue.FindColumn(code)?.Name ?? code;
        var order = catalogue.InDisplayOrder().Select((c, i) => (c.Code, i)).ToDictionary(p => p.Code, p => p.i);
        var rows = counts.OrderBy(c => c.Key.Month).ThenBy(c => order.GetValueOrDefault(c.Key.Column, int.MaxValue))
            .Select(c => new StatisticsFigures(Month(c.Key.Month), c.Key.Column, ColumnName(c.Key.Column), c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4]))
            .ToList();
        var months = Enumerable.Range(1, 12)
            .Select(m => StatisticsFigures.Sum(Month(m), "", "全部栏目", rows.Where(r => r.Month == Month(m)))).ToList();
        var scope = departmentCode is null ? "全部处室" : catalogue.FindDepartment(departmentCode)?.Name ?? departmentCode;
        return new StatisticsReport(year, departmentCode, scope, today, rows, months, StatisticsFigures.Sum("", "", "合计", rows)) { DeadlineUnknown = unknown };
    }
}
