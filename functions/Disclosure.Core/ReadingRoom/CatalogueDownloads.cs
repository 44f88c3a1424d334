using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Disclosure.ReadingRoom;

/// <summary>The 目录 as files a 公共查阅点 prints or opens in a spreadsheet: CSV and XLSX, one row per item.</summary>
public static class CatalogueDownloads
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string SheetName = "政府信息公开目录";

    public static string FileName(CatalogueListing listing, string extension) => $"政府信息公开目录-{listing.AsOf:yyyyMMdd}.{extension}";

    /// <summary>
    /// RFC 4180 CSV in UTF-8 with a byte-order mark (without one, Excel on a Chinese Windows reads it as GBK and shows
    /// mojibake), CRLF line ends, every cell quoted when it holds a comma, quote or line break.
    /// </summary>
    public static byte[] Csv(CatalogueListing listing)
    {
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) => text.Append(string.Join(",", cells.Select(c => Quoted(Neutralised(c))))).Append("\r\n");
        Line(CatalogueListing.Headers);
        foreach (var row in listing.Cells()) Line(row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// A cell a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return before one) is
    /// prefixed with an apostrophe, so a title such as <c>=HYPERLINK(…)</c> stays text when the CSV is opened (CSV injection).
    /// </summary>
    public static string Neutralised(string cell)
        => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static string Quoted(string cell)
        => cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    /// <summary>
    /// One worksheet with a header row and one row per item. Every cell is an inline string: nothing in it is ever a
    /// formula, so a title that starts with = is shown as typed.
    /// </summary>
    public static byte[] Xlsx(CatalogueListing listing)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint number = 1;
            data.Append(Row(number++, CatalogueListing.Headers));
            foreach (var cells in listing.Cells()) data.Append(Row(number++, cells));
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                new Columns(Width(1, 16), Width(2, 28), Width(3, 60), Width(4, 24), Width(5, 12), Width(6, 12), Width(7, 10)),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Column Width(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    private static Row Row(uint number, IEnumerable<string> cells)
    {
        var row = new Row { RowIndex = number };
        var column = 0;
        foreach (var value in cells)
        {
            row.Append(new Cell
            {
                CellReference = ColumnLetter(column++) + number,
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }
        return row;
    }

    private static string ColumnLetter(int index) => ((char)('A' + index)).ToString();
}
