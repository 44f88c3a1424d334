namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// Table 三 as printed: leaf rows as entered, parent rows (三)…(六) and (七) summed from their sub-rows, 总计 summed across
/// the applicant columns. Entered subtotals are only checked (see <see cref="AnnualReportFiguresValidator"/>), never printed
/// in place of the sum, so a saved table and its printout cannot disagree.
/// </summary>
public sealed class ApplicationTable(IReadOnlyDictionary<ApplicationRow, ApplicantCounts> entered)
{
    public static IReadOnlyList<ApplicantColumn> Columns { get; } = Enum.GetValues<ApplicantColumn>();

    /// <summary>False while no row has been entered: the table prints 未填, because zeros would claim "no applications".</summary>
    public bool IsEntered { get; } = entered.Count > 0;

    /// <summary>The printed figure of a row in a column; <paramref name="column"/> null is the 总计 column.</summary>
    public int Value(ApplicationRow row, ApplicantColumn? column)
    {
        if (column is null) return Columns.Sum(c => Value(row, c));
        var definition = ApplicationTableRows.Get(row);
        return definition.Kind switch
        {
            ApplicationRowKind.Leaf => Entered(row, column.Value),
            ApplicationRowKind.Parent => ApplicationTableRows.ChildrenOf(row).Sum(child => Entered(child.Row, column.Value)),
            ApplicationRowKind.ResultTotal => ApplicationTableRows.ResultRows.Sum(r => Entered(r.Row, column.Value)),
            _ => throw new InvalidOperationException(),
        };
    }

    private int Entered(ApplicationRow row, ApplicantColumn column) =>
        entered.TryGetValue(row, out var counts) ? counts[column] : 0;
}
