using Disclosure.Templating;

namespace Disclosure.Inspection;

/// <summary>
/// What the two reports (the self-inspection and the annual report) share in HTML: the encoder they have always been
/// written with, and one table partial (<c>Inspection/Templates/table.liquid</c>) that prints every table of both, so
/// captions, header scopes and merged cells are marked up one way.
/// </summary>
internal static class ReportTemplates
{
    public const string TablePartial = "Inspection/Templates/table";

    /// <summary>A report's template set: the minimal encoder (<see cref="MinimalHtmlEncoder"/>), the table's types and the report's own.</summary>
    public static EmbeddedTemplates Create(params Type[] viewTypes) =>
        new(TemplateEncoders.Minimal, [typeof(HtmlTableView), typeof(HtmlRowGroupView), typeof(HtmlRowView), typeof(HtmlCellView), .. viewTypes]);

    /// <summary>One paragraph per non-empty line, trimmed: people edit plain text, never markup.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
}

/// <summary>A table as a report prints it: a caption, row groups (<c>thead</c>, <c>tbody</c>) and an optional note below.</summary>
internal sealed record HtmlTableView(string Caption, IReadOnlyList<HtmlRowGroupView> Groups, string? Class = null, string? Note = null)
{
    /// <summary>The usual shape: one head row of column headers, then the body rows.</summary>
    public static HtmlTableView Simple(string caption, IEnumerable<string> columns, IEnumerable<HtmlRowView> rows) => new(caption,
    [
        new HtmlRowGroupView(HtmlRowGroupView.Head, [new HtmlRowView(columns.Select(HtmlCellView.ColumnHeader).ToList())]),
        new HtmlRowGroupView(HtmlRowGroupView.Body, rows.ToList()),
    ]);
}

/// <param name="Tag"><see cref="Head"/> or <see cref="Body"/>.</param>
internal sealed record HtmlRowGroupView(string Tag, IReadOnlyList<HtmlRowView> Rows)
{
    public const string Head = "thead";
    public const string Body = "tbody";
}

internal sealed record HtmlRowView(IReadOnlyList<HtmlCellView> Cells, string? Class = null);

/// <param name="Tag"><c>th</c> or <c>td</c>.</param>
/// <param name="Scope">For a header: <c>col</c>, <c>row</c> or <c>rowgroup</c>, so a screen reader names each figure's headers.</param>
/// <param name="Class">The cell's class (<c>n</c>: a number, set right).</param>
/// <param name="Mark">When set, the text is wrapped in a span of this class (a verdict: <c>ok</c>, <c>bad</c>).</param>
internal sealed record HtmlCellView(string Text, string Tag = "td", string? Scope = null, int ColSpan = 1, int RowSpan = 1, string? Class = null, string? Mark = null)
{
    public static HtmlCellView ColumnHeader(string text) => new(text, "th", "col");
    public static HtmlCellView RowHeader(string text) => new(text, "th", "row");
    public static HtmlCellView Data(string text) => new(text);
    public static HtmlCellView Number(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Class: "n");
    public static HtmlCellView Number(string text) => new(text, Class: "n");
    public static HtmlCellView Verdict(string text, string mark) => new(text, Mark: mark);
}
