namespace Disclosure.Inspection.AnnualReport;

/// <summary>What a cell is, so each renderer can mark it up properly (HTML <c>th scope</c>, bold DOCX headers).</summary>
public enum CellKind
{
    /// <summary>Heads the columns below it (<c>scope="col"</c>, or <c>"colgroup"</c> when it spans).</summary>
    ColumnHeader,
    /// <summary>Heads its row (<c>scope="row"</c>).</summary>
    RowHeader,
    /// <summary>Heads a whole row group (<c>scope="rowgroup"</c>), e.g. "第二十条第（一）项", "三、本年度办理结果".</summary>
    GroupHeader,
    Data,
}

public sealed record ReportCell(string Text, CellKind Kind, int ColSpan = 1, int RowSpan = 1);

/// <summary>A run of rows that belong together: the table head, or one block of the body (HTML thead/tbody).</summary>
public sealed record ReportRowGroup(bool IsHead, IReadOnlyList<IReadOnlyList<ReportCell>> Rows);

/// <summary>
/// A table laid out as the national format draws it — merged cells included — independent of the output format.
/// Both the HTML page and the DOCX are written from this, so they cannot disagree on rows, columns or figures.
/// </summary>
public sealed record ReportTable(string Caption, int ColumnCount, IReadOnlyList<ReportRowGroup> Groups, string? Note = null)
{
    public IEnumerable<IReadOnlyList<ReportCell>> Rows => Groups.SelectMany(g => g.Rows);

    /// <summary>
    /// The table as a plain grid: a merged cell's text repeated in every position it covers. Two renderings of the same
    /// table have the same grid; tests compare grids. Throws if the spans do not tile the grid exactly.
    /// </summary>
    public string[][] ToGrid()
    {
        var rows = Rows.ToList();
        var grid = new string?[rows.Count][];
        for (var r = 0; r < rows.Count; r++) grid[r] = new string?[ColumnCount];

        for (var r = 0; r < rows.Count; r++)
        {
            var c = 0;
            foreach (var cell in rows[r])
            {
                while (c < ColumnCount && grid[r][c] is not null) c++;
                for (var dr = 0; dr < cell.RowSpan; dr++)
                for (var dc = 0; dc < cell.ColSpan; dc++)
                {
                    if (r + dr >= rows.Count || c + dc >= ColumnCount || grid[r + dr][c + dc] is not null)
                        throw new InvalidOperationException($"表格“{Caption}”第{r + 1}行的合并单元格超出或重叠");
                    grid[r + dr][c + dc] = cell.Text;
                }
                c += cell.ColSpan;
            }
        }
        for (var r = 0; r < rows.Count; r++)
            if (grid[r].Any(t => t is null))
                throw new InvalidOperationException($"表格“{Caption}”第{r + 1}行单元格数量不足");
        return grid.Select(row => row.Select(t => t!).ToArray()).ToArray();
    }
}
