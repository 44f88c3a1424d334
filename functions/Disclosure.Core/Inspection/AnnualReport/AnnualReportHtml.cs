using Disclosure.Templating;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// The report as an HTML fragment for the portal's 年度报告 column (the portal wraps it in its layout, title included),
/// written by <c>Templates/annual-report.liquid</c>. Every piece of text — the bureau's edited sections above all — is
/// HTML-encoded by the template; nothing is trusted as markup. Tables carry a caption, <c>th scope</c> and the format's
/// merged cells so screen readers announce each figure with its headers.
/// </summary>
public static class AnnualReportHtml
{
    private const string Template = "Inspection/AnnualReport/Templates/annual-report";
    private static readonly EmbeddedTemplates Templates = ReportTemplates.Create(typeof(AnnualReportPage), typeof(AnnualReportSectionView), typeof(AnnualReportPartView));

    public static string Render(AnnualReportModel model) => Templates.Render(Template, AnnualReportPage.From(model));

    /// <summary>Encodes the five characters that matter in text and attribute values; Chinese text stays readable in the source.</summary>
    public static string Encode(string text) => TemplateEncoders.Minimal.Encode(text);
}

/// <summary>The annual report's template model: its six sections in the national format's order.</summary>
internal sealed record AnnualReportPage(IReadOnlyList<AnnualReportSectionView> Sections)
{
    public static AnnualReportPage From(AnnualReportModel model)
    {
        var tables = AnnualReportTables.All(model);
        return new AnnualReportPage(
        [
            new(AnnualReportText.Section1, Parts: model.Overview.Select(p => new AnnualReportPartView(p.Heading, ReportTemplates.Paragraphs(p.Text))).ToList()),
            new(AnnualReportText.Section2, Table: Table(tables[0])),
            new(AnnualReportText.Section3, Table: Table(tables[1])),
            new(AnnualReportText.Section4, Table: Table(tables[2])),
            new(model.ProblemsAndImprovements.Heading, Paragraphs: ReportTemplates.Paragraphs(model.ProblemsAndImprovements.Text)),
            new(model.OtherMatters.Heading, Paragraphs: ReportTemplates.Paragraphs(model.OtherMatters.Text)),
        ]);
    }

    private static HtmlTableView Table(ReportTable table) => new(table.Caption,
        table.Groups.Select(g => new HtmlRowGroupView(g.IsHead ? HtmlRowGroupView.Head : HtmlRowGroupView.Body,
            g.Rows.Select(row => new HtmlRowView(row.Select(Cell).ToList())).ToList())).ToList(),
        Class: "annual-report-table", Note: table.Note);

    private static HtmlCellView Cell(ReportCell cell) => cell.Kind switch
    {
        CellKind.ColumnHeader => new(cell.Text, "th", "col", cell.ColSpan, cell.RowSpan),
        CellKind.RowHeader => new(cell.Text, "th", "row", cell.ColSpan, cell.RowSpan),
        CellKind.GroupHeader => new(cell.Text, "th", "rowgroup", cell.ColSpan, cell.RowSpan),
        _ => new(cell.Text, ColSpan: cell.ColSpan, RowSpan: cell.RowSpan),
    };
}

/// <summary>An h2 section: sub-sections (一、总体情况), a table (二 to 四) or paragraphs (五, 六).</summary>
internal sealed record AnnualReportSectionView(
    string Heading, IReadOnlyList<AnnualReportPartView>? Parts = null, HtmlTableView? Table = null, IReadOnlyList<string>? Paragraphs = null);

internal sealed record AnnualReportPartView(string Heading, IReadOnlyList<string> Paragraphs);
