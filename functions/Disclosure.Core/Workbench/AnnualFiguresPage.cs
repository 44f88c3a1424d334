using System.Globalization;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Workbench;

/// <summary>One cell of the figures form: an input (<see cref="Name"/>), or a sum the page computes (<see cref="Computed"/>).</summary>
[PageModel]
public sealed record FiguresCell(string Name, string Value, string Error, bool Computed, string HeaderIds, string Column);

[PageModel]
public sealed record FiguresRow(string Id, string Code, string Label, bool Computed, string Parent, IReadOnlyList<FiguresCell> Cells)
{
    /// <summary>The row counts towards 三(七) (figures.js sums these as one types).</summary>
    public bool InResults { get; init; }
}

/// <summary>
/// The annual report's figures as the office types them (table 三 by applicant column, table 四 by outcome): one input per
/// leaf cell, the subtotals, 三(七) and 总计 computed from them, and for each column the format's own rule 一 + 二 = 三(七) +
/// 四 checked on the server with the error beside the column's 四 cell (and, as one types, by figures.js).
/// </summary>
[PageModel]
public sealed record AnnualFiguresPageModel(
    int Year, IReadOnlyList<string> ColumnNames, IReadOnlyList<FiguresRow> ApplicationRows, IReadOnlyList<string> OutcomeNames,
    IReadOnlyList<FiguresRow> OutcomeRows, IReadOnlyList<FormError> Errors, string Notice, string FormToken, string UpdatedText)
{
    public const string Template = "annual-figures";
    /// <summary>The largest count a cell takes: seven digits, far above any agency's applications in a year.</summary>
    public const int MaxDigits = 7;
    public const string InvalidCount = "请填写 0 或正整数（至多 7 位数字）。";

    public string Action => $"/api/annual-reports/{Year}/figures/edit";

    public static string Title(int year) => $"{year}年度报告数据";

    public static string CellName(ApplicationRow row, ApplicantColumn column) => $"t3-{row}-{column}";

    public static string OutcomeName(string block, string outcome) => $"t4-{block}-{outcome}";

    private static readonly (string Key, string Name, Func<AnnualReportFigures, OutcomeCounts?> Read)[] Blocks =
    [
        ("reconsideration", AnnualReportText.Reconsideration, f => f.Reconsideration),
        ("litigation-direct", $"{AnnualReportText.Litigation}—{AnnualReportText.LitigationDirect}", f => f.LitigationDirect),
        ("litigation-after", $"{AnnualReportText.Litigation}—{AnnualReportText.LitigationAfterReconsideration}", f => f.LitigationAfterReconsideration),
    ];

    private static readonly (string Key, string Name, Func<OutcomeCounts, int> Read)[] Outcomes =
    [
        ("upheld", AnnualReportText.Upheld, o => o.Upheld),
        ("corrected", AnnualReportText.Corrected, o => o.Corrected),
        ("other", AnnualReportText.OtherResult, o => o.Other),
        ("pending", AnnualReportText.Pending, o => o.Pending),
    ];

    /// <summary>The form as saved (empty cells for what was never entered), or as typed with the errors beside their cells.</summary>
    public static AnnualFiguresPageModel Build(int year, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> cellErrors,
        IReadOnlyList<FormError> errors, string notice, string formToken, string updatedText)
    {
        string Value(string name) => values.TryGetValue(name, out var v) ? v : "";
        string Error(string name) => cellErrors.TryGetValue(name, out var e) ? e : "";
        int Number(string name) => int.TryParse(Value(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

        var columns = ApplicationTable.Columns;
        var rows = new List<FiguresRow>();
        foreach (var definition in ApplicationTableRows.All)
        {
            var leaf = definition.Kind == ApplicationRowKind.Leaf;
            var rowId = "row-" + definition.Row;
            IEnumerable<ApplicationRowDefinition> summed = definition.Kind switch
            {
                ApplicationRowKind.Parent => ApplicationTableRows.ChildrenOf(definition.Row),
                ApplicationRowKind.ResultTotal => ApplicationTableRows.ResultRows,
                _ => [definition],
            };
            var cells = columns.Select(c =>
            {
                var name = CellName(definition.Row, c);
                var value = leaf ? Value(name) : summed.Sum(r => Number(CellName(r.Row, c))).ToString(CultureInfo.InvariantCulture);
                return new FiguresCell(name, value, Error(name), !leaf, $"{rowId} col-{c}", c.ToString());
            }).ToList();
            var total = summed.Sum(r => columns.Sum(c => Number(CellName(r.Row, c))));
            cells.Add(new FiguresCell($"t3-{definition.Row}-Total", total.ToString(CultureInfo.InvariantCulture), "", true, $"{rowId} col-Total", "Total"));
            rows.Add(new FiguresRow(rowId, definition.Code, definition.Label, !leaf, definition.Parent?.ToString() ?? "", cells)
            {
                InResults = ApplicationTableRows.ResultRows.Any(r => r.Row == definition.Row),
            });
        }

        var outcomeRows = Blocks.Select(b =>
        {
            var rowId = "row-" + b.Key;
            var cells = Outcomes.Select(o =>
            {
                var name = OutcomeName(b.Key, o.Key);
                return new FiguresCell(name, Value(name), Error(name), false, $"{rowId} col-{o.Key}", o.Key);
            }).ToList();
            cells.Add(new FiguresCell(OutcomeName(b.Key, "total"), Outcomes.Sum(o => Number(OutcomeName(b.Key, o.Key))).ToString(CultureInfo.InvariantCulture),
                "", true, $"{rowId} col-total", "total"));
            return new FiguresRow(rowId, "", b.Name, false, "", cells);
        }).ToList();

        return new AnnualFiguresPageModel(year, [.. columns.Select(AnnualReportText.ColumnName), AnnualReportText.Total], rows,
            [.. Outcomes.Select(o => o.Name), AnnualReportText.Total], outcomeRows, errors, notice, formToken, updatedText);
    }

    /// <summary>The saved figures as the form's values: cells of a table never entered stay empty (the report prints 未填).</summary>
    public static Dictionary<string, string> ValuesOf(AnnualReportFigures? figures)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (figures is null) return values;
        if (figures.Applications.Count > 0)
        {
            var table = new ApplicationTable(figures.Applications);
            foreach (var definition in ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Leaf))
                foreach (var c in ApplicationTable.Columns)
                    values[CellName(definition.Row, c)] = table.Value(definition.Row, c).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var b in Blocks)
        {
            if (b.Read(figures) is not { } counts) continue;
            foreach (var o in Outcomes) values[OutcomeName(b.Key, o.Key)] = o.Read(counts).ToString(CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>
    /// Reads the typed cells into <paramref name="saved"/>'s other figures and texts (the form edits tables 三 and 四
    /// only). An empty cell is 0 once any cell of its table is filled; a table left wholly empty stays "not entered".
    /// Errors are keyed by cell: a count that is not 0 to 9,999,999, and each column where 一 + 二 ≠ 三(七) + 四.
    /// </summary>
    public static (AnnualReportFigures Figures, Dictionary<string, string> CellErrors) Parse(int year, IReadOnlyDictionary<string, string> values, AnnualReportFigures? saved)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        int Read(string name)
        {
            var text = values.TryGetValue(name, out var v) ? v.Trim() : "";
            if (text.Length == 0) return 0;
            if (text.Length > MaxDigits || !text.All(char.IsAsciiDigit))
            {
                errors[name] = InvalidCount;
                return 0;
            }
            return int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        bool AnyFilled(IEnumerable<string> names) => names.Any(n => values.TryGetValue(n, out var v) && v.Trim().Length > 0);

        var leaves = ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Leaf).ToList();
        var applications = new Dictionary<ApplicationRow, ApplicantCounts>();
        if (AnyFilled(leaves.SelectMany(d => ApplicationTable.Columns.Select(c => CellName(d.Row, c)))))
        {
            foreach (var d in leaves)
            {
                int[] n = [.. ApplicationTable.Columns.Select(c => Read(CellName(d.Row, c)))];
                applications[d.Row] = new ApplicantCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
            }
            foreach (var balance in AnnualReportFiguresValidator.Balances(applications).Where(b => !b.Holds))
                errors.TryAdd(CellName(ApplicationRow.CarriedForward, balance.Column), balance.Describe());
        }

        OutcomeCounts? Block(string key)
        {
            if (!AnyFilled(Outcomes.Select(o => OutcomeName(key, o.Key)))) return null;
            int[] n = [.. Outcomes.Select(o => Read(OutcomeName(key, o.Key)))];
            return new OutcomeCounts(n[0], n[1], n[2], n[3]);
        }

        var figures = (saved ?? new AnnualReportFigures { Year = year }) with
        {
            Year = year,
            Applications = applications,
            Reconsideration = Block(Blocks[0].Key),
            LitigationDirect = Block(Blocks[1].Key),
            LitigationAfterReconsideration = Block(Blocks[2].Key),
        };
        return (figures, errors);
    }

    /// <summary>Where a cell is, as the error summary names it: “四、结转下年度继续办理 — 自然人”, “行政复议 — 结果维持”.</summary>
    public static string CellLabel(string name)
    {
        var parts = name.Split('-', 3);
        if (parts is ["t3", var row, var column] && Enum.TryParse<ApplicationRow>(row, out var r) && Enum.TryParse<ApplicantColumn>(column, out var c))
            return $"{ApplicationTableRows.Get(r).Label} — {AnnualReportText.ColumnName(c)}";
        var block = Blocks.FirstOrDefault(b => name.StartsWith($"t4-{b.Key}-", StringComparison.Ordinal));
        var outcome = Outcomes.FirstOrDefault(o => block.Key is not null && name == OutcomeName(block.Key, o.Key));
        return block.Key is null ? name : $"{block.Name} — {outcome.Name}";
    }

    /// <summary>Every cell name the form posts (the server reads only these).</summary>
    public static IEnumerable<string> FieldNames() =>
        ApplicationTableRows.All.Where(d => d.Kind == ApplicationRowKind.Leaf).SelectMany(d => ApplicationTable.Columns.Select(c => CellName(d.Row, c)))
            .Concat(Blocks.SelectMany(b => Outcomes.Select(o => OutcomeName(b.Key, o.Key))));
}
