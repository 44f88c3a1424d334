using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Inspection.AnnualReport;

/// <summary>
/// The filing copy of the report as a DOCX, following the habits of official documents (GB/T 9704-2012): A4 portrait,
/// 37/35/28/26 mm margins, title in 小标宋 二号, first-level headings in 黑体 三号, second-level in 楷体 三号, body in
/// 仿宋_GB2312 三号 at a fixed 28 pt line pitch. The three tables are written from the same <see cref="ReportTable"/>
/// layout as the HTML page, merged cells included (gridSpan across, vMerge down).
/// The page, fonts and runs are shared with the application letters (<see cref="Applications.Letters.LetterDocx"/>).
/// </summary>
public static class AnnualReportDocx
{
    // Fonts as Chinese government offices have them installed; Word falls back to a similar face when one is missing.
    public const string TitleFont = "方正小标宋简体";
    public const string HeadingFont = "黑体";
    public const string SubheadingFont = "楷体_GB2312";
    public const string BodyFont = "仿宋_GB2312";
    private const string LatinFont = "Times New Roman";

    // Sizes are in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt.
    internal const int TitleSize = 44, BodySize = 32, TableSize = 21, WideTableSize = 18;

    // A4 in twentieths of a point, and the GB/T 9704 margins (37 mm top, 35 mm bottom, 28 mm left, 26 mm right).
    internal const int PageWidth = 11906, PageHeight = 16838;
    internal const int MarginTop = 2098, MarginBottom = 1984, MarginLeft = 1587, MarginRight = 1474;
    private const int TextWidth = PageWidth - MarginLeft - MarginRight;

    public static byte[] Write(AnnualReportModel model)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = model.Title;
            document.PackageProperties.Creator = model.AgencyName;
            document.PackageProperties.Language = "zh-CN";
            document.PackageProperties.Created = model.GeneratedAt.UtcDateTime;

            var main = document.AddMainDocumentPart();
            var body = new Body();

            body.Append(Title(model.Title));
            body.Append(Heading(AnnualReportText.Section1));
            foreach (var part in model.Overview)
            {
                body.Append(Subheading(part.Heading));
                foreach (var p in Paragraphs(part.Text)) body.Append(p);
            }

            var tables = AnnualReportTables.All(model);
            body.Append(Heading(AnnualReportText.Section2));
            AppendTable(body, tables[0], TableSize, [2845, 2000, 2000, 2000]);
            body.Append(Heading(AnnualReportText.Section3));
            AppendTable(body, tables[1], TableSize, [900, 1150, 2275, .. Enumerable.Repeat(645, 7)]);
            body.Append(Heading(AnnualReportText.Section4));
            AppendTable(body, tables[2], WideTableSize, [.. Enumerable.Repeat(TextWidth / 15, 15)]);

            body.Append(Heading(model.ProblemsAndImprovements.Heading));
            foreach (var p in Paragraphs(model.ProblemsAndImprovements.Text)) body.Append(p);
            body.Append(Heading(model.OtherMatters.Heading));
            foreach (var p in Paragraphs(model.OtherMatters.Text)) body.Append(p);

            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = PageNumberFooter();
            footer.Footer.Save();

            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = 992, Gutter = 0 }));

            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>GB/T 9704 page number: "— N —" centred at the foot of every page, in 宋体 四号 (14 pt).</summary>
    private static Footer PageNumberFooter()
    {
        RunProperties Number() => Font("宋体", 28);
        return new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            TextRun("— ", Number()),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(Number(), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.Separate }),
            TextRun("1", Number()),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.End }),
            TextRun(" —", Number())));
    }

    internal static RunProperties Font(string eastAsia, int size, bool bold = false)
    {
        var properties = new RunProperties(
            new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = eastAsia, Hint = FontTypeHintValues.EastAsia });
        if (bold) properties.Append(new Bold());
        properties.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        properties.Append(new FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) });
        properties.Append(new Languages { EastAsia = "zh-CN" });
        return properties;
    }

    internal static Run TextRun(string text, RunProperties properties) =>
        new(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>Fixed line pitch of 28 pt, as official documents are set.</summary>
    internal static SpacingBetweenLines FixedLines() => new() { Line = "560", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" };

    internal static Paragraph Title(string text) => new(
        new ParagraphProperties(new KeepNext(), FixedSpacing(720), new Justification { Val = JustificationValues.Center }),
        TextRun(text, Font(TitleFont, TitleSize)));

    private static SpacingBetweenLines FixedSpacing(int line) => new() { Line = line.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" };

    private static Paragraph Heading(string text) => new(
        new ParagraphProperties(new KeepNext(), FixedLines(), new Indentation { FirstLineChars = 200 }, new OutlineLevel { Val = 0 }),
        TextRun(text, Font(HeadingFont, BodySize)));

    private static Paragraph Subheading(string text) => new(
        new ParagraphProperties(new KeepNext(), FixedLines(), new Indentation { FirstLineChars = 200 }, new OutlineLevel { Val = 1 }),
        TextRun(text, Font(SubheadingFont, BodySize)));

    /// <summary>One paragraph per non-empty line, indented two characters, as the bureau typed it.</summary>
    private static IEnumerable<Paragraph> Paragraphs(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(line => new Paragraph(
            new ParagraphProperties(FixedLines(), new Indentation { FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }),
            TextRun(Clean(line), Font(BodyFont, BodySize))));

    /// <summary>XML 1.0 cannot carry most control characters; drop them instead of writing a document Word refuses.</summary>
    internal static string Clean(string text) => new([.. text.Where(c => !char.IsControl(c) || c == '\t')]);

    private static void AppendTable(Body body, ReportTable layout, int fontSize, int[] widths)
    {
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(
                // Schema order: top, left, bottom, right, insideH, insideV.
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCaption { Val = layout.Caption }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));

        // Open XML has no rowspan: a merged cell starts with vMerge="restart" and every row below it carries an empty
        // continuation cell at the same grid position.
        var continuing = new (int RowsLeft, int ColSpan)[layout.ColumnCount];
        foreach (var group in layout.Groups)
        {
            foreach (var cells in group.Rows)
            {
                var row = new TableRow();
                if (group.IsHead) row.Append(new TableRowProperties(new TableHeader(), new CantSplit()));
                else row.Append(new TableRowProperties(new CantSplit()));

                var next = 0;
                for (var column = 0; column < layout.ColumnCount;)
                {
                    if (continuing[column].RowsLeft > 0)
                    {
                        var span = continuing[column].ColSpan;
                        continuing[column].RowsLeft--;
                        row.Append(Cell("", span, widths, column, new VerticalMerge(), fontSize, bold: false));
                        column += span;
                        continue;
                    }
                    var cell = cells[next++];
                    VerticalMerge? merge = null;
                    if (cell.RowSpan > 1)
                    {
                        merge = new VerticalMerge { Val = MergedCellValues.Restart };
                        continuing[column] = (cell.RowSpan - 1, cell.ColSpan);
                    }
                    row.Append(Cell(cell.Text, cell.ColSpan, widths, column, merge, fontSize, bold: cell.Kind != CellKind.Data));
                    column += cell.ColSpan;
                }
                table.Append(row);
            }
        }
        body.Append(table);
        if (layout.Note is not null)
            body.Append(new Paragraph(
                new ParagraphProperties(new SpacingBetweenLines { Before = "60", After = "0" }),
                TextRun(layout.Note, Font(BodyFont, TableSize))));
    }

    private static TableCell Cell(string text, int colSpan, int[] widths, int column, VerticalMerge? merge, int fontSize, bool bold)
    {
        var properties = new TableCellProperties(
            new TableCellWidth { Width = widths.Skip(column).Take(colSpan).Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
        if (colSpan > 1) properties.Append(new GridSpan { Val = colSpan });
        if (merge is not null) properties.Append(merge);
        properties.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });

        var paragraph = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
            new Justification { Val = JustificationValues.Center }));
        if (text.Length > 0) paragraph.Append(TextRun(Clean(text), Font(BodyFont, fontSize, bold)));
        return new TableCell(properties, paragraph);
    }
}
