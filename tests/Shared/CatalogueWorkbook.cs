using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Disclosure.Tests.Shared;

/// <summary>
/// Writes a catalogue spreadsheet the way office software does: one sheet, text in the shared-strings table, cells with
/// their references, and a date column optionally as Excel date serials. For the import tests and the example file.
/// </summary>
public static class CatalogueWorkbook
{
    public static byte[] Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? serialDateColumns = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var rowNumber = 1;
            foreach (var values in new[] { headers }.Concat(rows))
            {
                var row = new Row { RowIndex = (uint)rowNumber };
                for (var c = 0; c < values.Count; c++)
                {
                    var value = values[c];
                    if (value.Length == 0) continue; // spreadsheets leave empty cells out: the reader must place cells by reference
                    var reference = ColumnName(c) + rowNumber;
                    if (rowNumber > 1 && serialDateColumns?.Contains(c) == true && DateOnly.TryParse(value, out var date))
                    {
                        var serial = date.ToDateTime(TimeOnly.MinValue).ToOADate();
                        row.Append(new Cell { CellReference = reference, CellValue = new CellValue(serial.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                        continue;
                    }
                    if (!index.TryGetValue(value, out var i))
                    {
                        i = index.Count;
                        index[value] = i;
                        strings.SharedStringTable.Append(new SharedStringItem(new Text(value) { Space = SpaceProcessingModeValues.Preserve }));
                    }
                    row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                }
                data.Append(row);
                rowNumber++;
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "目录" }));
        }
        return stream.ToArray();
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
