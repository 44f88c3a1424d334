using System.Globalization;
using static Disclosure.Inspection.AnnualReport.AnnualReportText;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// Lays out tables 二, 三 and 四 exactly as 国办公开办函〔2021〕30号 draws them: every row printed, zeros included, the same
/// merged cells. Figures are formatted here once (integers; 万元 to at most four decimals, i.e. to the yuan).
/// </summary>
public static class AnnualReportTables
{
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string TenThousandYuan(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? NotEntered;

    private static ReportCell Col(string text, int colSpan = 1, int rowSpan = 1) => new(text, CellKind.ColumnHeader, colSpan, rowSpan);
    private static ReportCell RowHead(string text, int colSpan = 1, int rowSpan = 1) => new(text, CellKind.RowHeader, colSpan, rowSpan);
    private static ReportCell Group(string text, int colSpan = 1, int rowSpan = 1) => new(text, CellKind.GroupHeader, colSpan, rowSpan);
    private static ReportCell Data(string text, int colSpan = 1) => new(text, CellKind.Data, colSpan);

    public static ReportTable ProactiveDisclosure(ProactiveDisclosureTable t)
    {
        ReportRowGroup Block(string article, string measure, params (string Name, string[] Values)[] rows)
        {
            var header = measure == IssuedThisYear
                ? new[] { Col(InformationContent), Col(IssuedThisYear), Col(RepealedThisYear), Col(InForceNow) }
                : new[] { Col(InformationContent), Col(measure, 3) };
            var body = rows.Select(r => (IReadOnlyList<ReportCell>)
                (r.Values.Length == 3
                    ? [RowHead(r.Name), Data(r.Values[0]), Data(r.Values[1]), Data(r.Values[2])]
                    : [RowHead(r.Name), Data(r.Values[0], 3)]));
            return new ReportRowGroup(false, [[Group(article, 4)], header, .. body]);
        }

        string[] Regulation(RegulationCounts c) => [Count(c.IssuedThisYear), Count(c.RepealedThisYear), Count(c.InForceAtYearEnd)];

        // No note under the table: the national format prints none, so where the decision counts came from goes to the
        // administrator's warnings (DecisionSources), not into the published report.
        return new ReportTable(Table2Caption, 4,
        [
            Block(Article20Item1, IssuedThisYear, (Rules, Regulation(t.Rules)), (NormativeDocuments, Regulation(t.NormativeDocuments))),
            Block(Article20Item5, DecisionsThisYear, (Licensing, [Count(t.Licensing.Count)])),
            Block(Article20Item6, DecisionsThisYear, (Penalties, [Count(t.Penalties.Count)]), (Enforcement, [Count(t.Enforcement.Count)])),
            Block(Article20Item8, FeesThisYear, (AdministrativeFees, [TenThousandYuan(t.AdministrativeFeesTenThousandYuan)])),
        ]);
    }

    /// <summary>For the administrator, not printed: which decision counts of table 二 the catalogue gave and which were entered.</summary>
    public static string DecisionSources(ProactiveDisclosureTable t)
    {
        (string Name, DecisionCount Count)[] decisions = [(Licensing, t.Licensing), (Penalties, t.Penalties), (Enforcement, t.Enforcement)];
        var parts = decisions
            .GroupBy(d => d.Count.Source)
            .OrderBy(g => g.Key)
            .Select(g => $"{string.Join("、", g.Select(d => d.Name))}{DecisionsThisYear}{(g.Key == FigureSource.Catalogue ? SourceCatalogue : SourceEntered)}");
        return $"表二{string.Join("；", parts)}。";
    }

    public static ReportTable Applications(ApplicationTable table)
    {
        var head = new ReportRowGroup(true,
        [
            [Col(ApplicationsCheckNote, 3, 3), Col(ApplicantSituation, 7)],
            [Col(NaturalPersons, 1, 2), Col(Organisations, 5), Col(Total, 1, 2)],
            [.. ApplicationTable.Columns.Skip(1).Select(c => Col(ColumnName(c)))],
        ]);

        IEnumerable<ReportCell> Figures(ApplicationRow row) =>
            ApplicationTable.Columns.Select(c => Data(Figure(row, c))).Append(Data(Figure(row, null)));
        string Figure(ApplicationRow row, ApplicantColumn? column) => table.IsEntered ? Count(table.Value(row, column)) : NotEntered;

        IReadOnlyList<ReportCell> Whole(ApplicationRowDefinition d) => [RowHead(d.Label, 3), .. Figures(d.Row)];

        var before = new ReportRowGroup(false,
            [Whole(ApplicationTableRows.Get(ApplicationRow.NewThisYear)), Whole(ApplicationTableRows.Get(ApplicationRow.CarriedOver))]);

        // 三 spans every printed row of the results: (一), (二), the sub-rows of (三)…(六), and (七).
        var printed = ApplicationTableRows.All.Where(d => ApplicationTableRows.IsResultRow(d.Row) && d.Kind != ApplicationRowKind.Parent).ToList();
        var results = new List<IReadOnlyList<ReportCell>>();
        foreach (var d in printed)
        {
            var cells = new List<ReportCell>();
            if (results.Count == 0) cells.Add(Group(ApplicationTableRows.ResultsGroupLabel, 1, printed.Count));
            if (d.Parent is ApplicationRow parent)
            {
                var siblings = ApplicationTableRows.ChildrenOf(parent).ToList();
                if (siblings[0].Row == d.Row) cells.Add(RowHead(ApplicationTableRows.Get(parent).Label, 1, siblings.Count));
                cells.Add(RowHead(d.Label));
            }
            else
            {
                cells.Add(RowHead(d.Label, 2));
            }
            cells.AddRange(Figures(d.Row));
            results.Add(cells);
        }

        var after = new ReportRowGroup(false, [Whole(ApplicationTableRows.Get(ApplicationRow.CarriedForward))]);
        return new ReportTable(Table3Caption, 10, [head, before, new ReportRowGroup(false, results), after]);
    }

    /// <summary>Table 四; a block nobody entered (null) prints 未填 in each of its five cells.</summary>
    public static ReportTable Reviews(OutcomeCounts? reconsideration, OutcomeCounts? direct, OutcomeCounts? afterReconsideration)
    {
        ReportCell[] Outcomes() => [Col(Upheld), Col(Corrected), Col(OtherResult), Col(Pending), Col(Total)];
        IEnumerable<ReportCell> Values(OutcomeCounts? o) => o is null
            ? Enumerable.Repeat(Data(NotEntered), 5)
            : new[] { o.Upheld, o.Corrected, o.Other, o.Pending, o.ComputedTotal }.Select(v => Data(Count(v)));

        return new ReportTable(Table4Caption, 15,
        [
            new ReportRowGroup(true,
            [
                [Col(Reconsideration, 5), Col(Litigation, 10)],
                [Col(Upheld, 1, 2), Col(Corrected, 1, 2), Col(OtherResult, 1, 2), Col(Pending, 1, 2), Col(Total, 1, 2), Col(LitigationDirect, 5), Col(LitigationAfterReconsideration, 5)],
                [.. Outcomes(), .. Outcomes()],
            ]),
            new ReportRowGroup(false, [[.. Values(reconsideration), .. Values(direct), .. Values(afterReconsideration)]]),
        ]);
    }

    public static IReadOnlyList<ReportTable> All(AnnualReportModel model) =>
    [
        ProactiveDisclosure(model.ProactiveDisclosure),
        Applications(model.Applications),
        Reviews(model.Reconsideration, model.LitigationDirect, model.LitigationAfterReconsideration),
    ];
}
