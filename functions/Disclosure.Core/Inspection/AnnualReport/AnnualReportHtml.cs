using System.Globalization;
using System.Text;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// The report as an HTML fragment for the portal's 年度报告 column (the portal wraps it in its layout, title included). Every piece of
/// text — the bureau's edited sections above all — is HTML-encoded here; nothing is trusted as markup. Tables carry a
/// caption, <c>th scope</c> and the format's merged cells so screen readers announce each figure with its headers.
/// </summary>
public static class AnnualReportHtml
{
    public static string Render(AnnualReportModel model)
    {
        var html = new StringBuilder(32 * 1024);
        // No <h1>: the portal's layout prints the page title (model.Title) as the page's only h1; sections are h2.
        html.Append("<article class=\"annual-report\" lang=\"zh-CN\">\n");

        Heading(html, AnnualReportText.Section1);
        foreach (var part in model.Overview)
        {
            html.Append("<h3>").Append(Encode(part.Heading)).Append("</h3>\n");
            Paragraphs(html, part.Text);
        }

        var tables = AnnualReportTables.All(model);
        Heading(html, AnnualReportText.Section2);
        Table(html, tables[0]);
        Heading(html, AnnualReportText.Section3);
        Table(html, tables[1]);
        Heading(html, AnnualReportText.Section4);
        Table(html, tables[2]);

        Heading(html, model.ProblemsAndImprovements.Heading);
        Paragraphs(html, model.ProblemsAndImprovements.Text);
        Heading(html, model.OtherMatters.Heading);
        Paragraphs(html, model.OtherMatters.Text);
        html.Append("</article>\n");
        return html.ToString();
    }

    private static void Heading(StringBuilder html, string text) => html.Append("<h2>").Append(Encode(text)).Append("</h2>\n");

    /// <summary>One paragraph per non-empty line: the bureau edits plain text, never markup.</summary>
    private static void Paragraphs(StringBuilder html, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0) html.Append("<p>").Append(Encode(trimmed)).Append("</p>\n");
        }
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<table class=\"annual-report-table\">\n<caption>").Append(Encode(table.Caption)).Append("</caption>\n");
        foreach (var group in table.Groups)
        {
            var tag = group.IsHead ? "thead" : "tbody";
            html.Append('<').Append(tag).Append(">\n");
            foreach (var row in group.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row) Cell(html, cell);
                html.Append("</tr>\n");
            }
            html.Append("</").Append(tag).Append(">\n");
        }
        html.Append("</table>\n");
        if (table.Note is not null) html.Append("<p class=\"table-note\">").Append(Encode(table.Note)).Append("</p>\n");
    }

    private static void Cell(StringBuilder html, ReportCell cell)
    {
        var (tag, scope) = cell.Kind switch
        {
            CellKind.ColumnHeader => ("th", "col"),
            CellKind.RowHeader => ("th", "row"),
            CellKind.GroupHeader => ("th", "rowgroup"),
            _ => ("td", null),
        };
        html.Append('<').Append(tag);
        if (scope is not null) html.Append(" scope=\"").Append(scope).Append('"');
        if (cell.ColSpan > 1) html.Append(" colspan=\"").Append(cell.ColSpan.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (cell.RowSpan > 1) html.Append(" rowspan=\"").Append(cell.RowSpan.ToString(CultureInfo.InvariantCulture)).Append('"');
        html.Append('>').Append(Encode(cell.Text)).Append("</").Append(tag).Append('>');
    }

    /// <summary>Encodes the five characters that matter in text and attribute values; Chinese text stays readable in the source.</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\r': break;
                default:
                    // Control characters are not allowed in HTML text; drop them rather than emit an invalid document.
                    if (!char.IsControl(ch) || ch == '\t') sb.Append(ch);
                    break;
            }
        }
        return sb.ToString();
    }
}
