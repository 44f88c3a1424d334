using System.Globalization;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Lists;

namespace Disclosure.Workbench;

/// <summary>One cell of the figures form: an input (<see cref="Name"/>), or a sum the page computes (<see cref="Computed"/>).</summary>
[PageModel]
public sealed record FiguresCell(string Name, string Value, string Error, bool Computed, string HeaderIds, string Column)
{
    /// <summary>二、上年结转 only: last year's 四、结转下年度继续办理 in this column ("" when last year has no table 三), which this cell must equal.</summary>
    public string Expected { get; init; } = "";
}

[PageModel]
public sealed record FiguresRow(string Id, string Code, string Label, bool Computed, string Parent, IReadOnlyList<FiguresCell> Cells)
{
    /// <summary>The row counts towards 三(七) (figures.js sums these as one types).</summary>
    public bool InResults { get; init; }
}

/// <summary>
/// One figure entered on its own (table 二's decisions and fees, section 六's 信息处理费): blank means not entered, which
/// for table 二's decisions is "count the catalogue" and otherwise prints 未填.
/// </summary>
[PageModel]
public sealed record FiguresField(string Name, string Label, string Value, string Error, string Hint, string InputMode, int MaxLength, int Decimals);

/// <summary>A figure that is saved differently from what the person typed (the 409 page), or one line of the audit.</summary>
[PageModel]
public sealed record FiguresDifference(string Figure, string Before, string After);

/// <summary>One save of the figures as the page lists it: who, when, which figures changed from what to what.</summary>
[PageModel]
public sealed record FiguresSaveLine(string By, string At, IReadOnlyList<FiguresDifference> Changes);

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
    /// <summary>The hidden field with the version the form was filled from (<see cref="FiguresBasis"/>).</summary>
    public const string VersionField = "figuresVersion";
    /// <summary>The page lists this many of the latest saves; the 修改记录 page (<see cref="FiguresHistoryPageModel"/>) has them all.</summary>
    public const int HistoryShown = 10;

    /// <summary>Table 二's entered decisions and fees (第二十条第（五）（六）（八）项).</summary>
    public IReadOnlyList<FiguresField> DisclosureFields { get; init; } = [];
    /// <summary>Section 六's 信息处理费.</summary>
    public IReadOnlyList<FiguresField> FeeFields { get; init; } = [];
    /// <summary>The store's version of the figures this form was filled from; sent back with the save.</summary>
    public string Version { get; init; } = FiguresBasis.NothingSaved;
    /// <summary>On a 409: the figures saved now that differ from what was typed.</summary>
    public IReadOnlyList<FiguresDifference> Differences { get; init; } = [];
    /// <summary>The latest saves, newest first.</summary>
    public IReadOnlyList<FiguresSaveLine> History { get; init; } = [];
    /// <summary>Last year's 四、结转下年度继续办理 per column, when last year's table 三 is saved (this year's 二 must equal it).</summary>
    public bool HasCarriedForward { get; init; }
    public int PreviousYear => Year - 1;

    public const string InvalidAmount = "请填写 0 或正数金额（整数至多 9 位，小数至多 {0} 位）。";
    public const string DecisionsHint = "不填：按目录中本年公开的处理决定统计。";
    public const string NotEnteredHint = "不填：报告中显示“未填”。";

    public const string LicensingField = "t2-licensing";
    public const string PenaltiesField = "t2-penalties";
    public const string EnforcementField = "t2-enforcement";
    public const string AdministrativeFeesField = "t2-fees";
    public const string FeeNoticesField = "s6-fee-notices";
    public const string FeeAmountField = "s6-fee-yuan";

    /// <summary>The figures entered one by one, with how each is read and named; decimals: 0 for a count.</summary>
    private static readonly (string Name, string Label, int Decimals, string Hint)[] SingleFields =
    [
        (LicensingField, $"{AnnualReportText.Licensing}：{AnnualReportText.DecisionsThisYear}", 0, DecisionsHint),
        (PenaltiesField, $"{AnnualReportText.Penalties}：{AnnualReportText.DecisionsThisYear}", 0, DecisionsHint),
        (EnforcementField, $"{AnnualReportText.Enforcement}：{AnnualReportText.DecisionsThisYear}", 0, DecisionsHint),
        (AdministrativeFeesField, $"{AnnualReportText.AdministrativeFees}：{AnnualReportText.FeesThisYear}", 4, NotEnteredHint),
        (FeeNoticesField, FiguresHistory.ProcessingFeeNoticesName, 0, NotEnteredHint),
        (FeeAmountField, FiguresHistory.ProcessingFeeAmountName, 2, NotEnteredHint),
    ];
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
        IReadOnlyList<FormError> errors, string notice, string formToken, string updatedText, AnnualReportFigures? previousYear = null)
    {
        var carriedForward = CarriedForward(year, previousYear);
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
                return new FiguresCell(name, value, Error(name), !leaf, $"{rowId} col-{c}", c.ToString())
                {
                    Expected = definition.Row == ApplicationRow.CarriedOver && carriedForward is not null
                        ? carriedForward[c].ToString(CultureInfo.InvariantCulture) : "",
                };
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

        FiguresField Single((string Name, string Label, int Decimals, string Hint) f) => new(f.Name, f.Label, Value(f.Name), Error(f.Name), f.Hint,
            f.Decimals == 0 ? "numeric" : "decimal", f.Decimals == 0 ? MaxDigits : MaxAmountIntegerDigits + 1 + f.Decimals, f.Decimals);
        return new AnnualFiguresPageModel(year, [.. columns.Select(AnnualReportText.ColumnName), AnnualReportText.Total], rows,
            [.. Outcomes.Select(o => o.Name), AnnualReportText.Total], outcomeRows, errors, notice, formToken, updatedText)
        {
            DisclosureFields = [.. SingleFields.Take(4).Select(Single)],
            FeeFields = [.. SingleFields.Skip(4).Select(Single)],
            HasCarriedForward = carriedForward is not null,
        };
    }

    /// <summary>An amount's whole part: nine digits, a billion 元 or 万元, beyond any office's fees.</summary>
    public const int MaxAmountIntegerDigits = 9;

    /// <summary>
    /// Last year's 四、结转下年度继续办理 by column, which this year's 二、上年结转 must repeat; null while last year's table
    /// 三 is not saved (the rule then has nothing to compare, as in <see cref="AnnualReportFiguresValidator.CarriedOverMismatches"/>).
    /// </summary>
    private static Dictionary<ApplicantColumn, int>? CarriedForward(int year, AnnualReportFigures? previousYear)
    {
        if (previousYear?.Normalized() is not { } previous || previous.Year != year - 1) return null;
        var table = new ApplicationTable(previous.Applications);
        return table.IsEntered ? ApplicationTable.Columns.ToDictionary(c => c, c => table.Value(ApplicationRow.CarriedForward, c)) : null;
    }

    /// <summary>The saves of <paramref name="figures"/>, newest first, as many as the page shows.</summary>
    public static IReadOnlyList<FiguresSaveLine> HistoryOf(AnnualReportFigures? figures) =>
        figures is null ? [] : LinesOf(figures.Normalized().History.Reverse().Take(HistoryShown));

    /// <summary>Saves as the pages list them, in the order given.</summary>
    public static IReadOnlyList<FiguresSaveLine> LinesOf(IEnumerable<FiguresSave> saves) =>
        saves.Select(h => new FiguresSaveLine(h.By,
            h.At.ToOffset(Disclosure.Calendar.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            [.. h.Changes.Select(c => new FiguresDifference(c.Figure, c.Before, c.After))])).ToList();

    /// <summary>The address of the year's whole 修改记录, newest first, a page at a time.</summary>
    public static string HistoryPath(int year) => string.Create(CultureInfo.InvariantCulture, $"/api/annual-reports/{year}/figures/history");

    /// <summary>For the 409 page: each figure saved now that differs from what was typed, by the field's printed name.</summary>
    public static IReadOnlyList<FiguresDifference> DifferencesFrom(AnnualReportFigures? current, IReadOnlyDictionary<string, string> typed)
    {
        var saved = ValuesOf(current);
        string Shown(string? v) => string.IsNullOrWhiteSpace(v) ? AnnualReportText.NotEntered : v.Trim();
        return [.. FieldNames()
            .Where(n => Shown(saved.GetValueOrDefault(n)) != Shown(typed.GetValueOrDefault(n)))
            .Select(n => new FiguresDifference(CellLabel(n), Shown(saved.GetValueOrDefault(n)), Shown(typed.GetValueOrDefault(n))))];
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
        void Put(string name, IFormattable? value)
        {
            if (value is not null) values[name] = value.ToString(null, CultureInfo.InvariantCulture);
        }
        Put(LicensingField, figures.LicensingDecisions);
        Put(PenaltiesField, figures.PenaltyDecisions);
        Put(EnforcementField, figures.EnforcementDecisions);
        Put(AdministrativeFeesField, figures.AdministrativeFeesTenThousandYuan);
        Put(FeeNoticesField, figures.ProcessingFeeNotices);
        Put(FeeAmountField, figures.ProcessingFeeYuan);
        return values;
    }

    /// <summary>
    /// Reads the typed cells into <paramref name="saved"/>'s texts (the form edits every entered figure, not the texts).
    /// An empty cell of tables 三 and 四 is 0 once any cell of its table is filled; a table left wholly empty stays "not
    /// entered", and so does an empty single figure of table 二 or section 六. Errors are keyed by cell: a count that is
    /// not 0 to 9,999,999 or an amount that is not a non-negative number; each column where 一 + 二 ≠ 三(七) + 四 (beside
    /// its 四); each column whose 二 differs from last year's 四 (beside its 二); a fee amount without fee notices.
    /// </summary>
    public static (AnnualReportFigures Figures, Dictionary<string, string> CellErrors) Parse(int year, IReadOnlyDictionary<string, string> values,
        AnnualReportFigures? saved, AnnualReportFigures? previousYear = null)
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
            if (CarriedForward(year, previousYear) is { } carriedForward)
                foreach (var column in ApplicationTable.Columns.Where(c => applications[ApplicationRow.CarriedOver][c] != carriedForward[c]))
                    errors.TryAdd(CellName(ApplicationRow.CarriedOver, column),
                        $"应等于{year - 1}年报告的“四、结转下年度继续办理”（{carriedForward[column]}），现为{applications[ApplicationRow.CarriedOver][column]}");
        }

        int? Count(string name)
        {
            var text = values.TryGetValue(name, out var v) ? v.Trim() : "";
            return text.Length == 0 ? null : Read(name);
        }
        decimal? Amount(string name, int decimals)
        {
            var text = values.TryGetValue(name, out var v) ? v.Trim() : "";
            if (text.Length == 0) return null;
            var dot = text.IndexOf('.');
            var whole = dot < 0 ? text : text[..dot];
            var fraction = dot < 0 ? "" : text[(dot + 1)..];
            if (whole.Length is 0 or > MaxAmountIntegerDigits || !whole.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length is 0)
                || fraction.Length > decimals || !fraction.All(char.IsAsciiDigit))
            {
                errors[name] = string.Format(CultureInfo.InvariantCulture, InvalidAmount, decimals);
                return null;
            }
            return decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
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
            LicensingDecisions = Count(LicensingField),
            PenaltyDecisions = Count(PenaltiesField),
            EnforcementDecisions = Count(EnforcementField),
            AdministrativeFeesTenThousandYuan = Amount(AdministrativeFeesField, 4),
            ProcessingFeeNotices = Count(FeeNoticesField),
            ProcessingFeeYuan = Amount(FeeAmountField, 2),
        };
        if (!errors.ContainsKey(FeeAmountField) && AnnualReportFiguresValidator.ProcessingFeeMismatch(figures) is { } fee)
            errors[FeeAmountField] = fee;
        return (figures, errors);
    }

    /// <summary>Where a cell is, as the error summary names it: “四、结转下年度继续办理 — 自然人”, “行政复议 — 结果维持”.</summary>
    public static string CellLabel(string name)
    {
        if (SingleFields.FirstOrDefault(f => f.Name == name) is { Name: not null } single) return single.Label;
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
            .Concat(Blocks.SelectMany(b => Outcomes.Select(o => OutcomeName(b.Key, o.Key))))
            .Concat(SingleFields.Select(f => f.Name));
}

/// <summary>One page of a year's 修改记录 (<c>figures-history.liquid</c>): the saves newest first and the links to older pages.</summary>
[PageModel]
public sealed record FiguresHistoryPageModel(int Year, IReadOnlyList<FiguresSaveLine> Saves, ListPaging Paging)
{
    public const string Template = "figures-history";

    public static string Title(int year) => $"{year}年度报告数据的修改记录";

    public string FormLink => string.Create(CultureInfo.InvariantCulture, $"/api/annual-reports/{Year}/figures/edit");

    /// <param name="part">The archived part shown (null: the saves the record keeps); <paramref name="page"/>'s older part is the next page.</param>
    public static FiguresHistoryPageModel For(int year, int? part, FiguresHistoryPage page)
    {
        static string? Text(int? n) => n?.ToString(CultureInfo.InvariantCulture);
        return new(year, AnnualFiguresPageModel.LinesOf(page.Saves),
            ListPaging.For(AnnualFiguresPageModel.HistoryPath(year), Text(part), Text(page.OlderPart), p => p is null ? "" : "?part=" + p));
    }
}
