using Disclosure.Adapters.Documents;
using Disclosure.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Disclosure.Adapters.Import;

/// <summary>
/// The first sheet of an XLSX catalogue, streamed row by row with <see cref="OpenXmlReader"/>: the sheet's XML is never
/// loaded whole. The package is inflated once under an <see cref="ExtractionBudget"/> first (as the document extractors
/// do), so a zip bomb or a DTD stops before the SDK reads anything; the shared-strings table, which must be held for the
/// cells' lookups, counts against the character budget.
/// </summary>
public sealed class SpreadsheetCatalogue : ICatalogueTable
{
    private readonly Func<Stream> _open;
    private readonly DocumentBudgets _limits;

    public SpreadsheetCatalogue(string fileName, Func<Stream> open, DocumentBudgets? limits = null)
    {
        FileName = fileName;
        _open = open;
        _limits = limits ?? ImportLimits.Catalogue();
        Headers = Rows0().FirstOrDefault()?.Cells ?? throw new ImportFileException($"“{fileName}”的第一个工作表是空的：第一行应为表头。");
    }

    public string FileName { get; }
    public IReadOnlyList<string> Headers { get; }
    public IEnumerable<SourceRow> Rows => Rows0().Skip(1);

    private IEnumerable<SourceRow> Rows0()
    {
        using var content = Seekable(_open());
        var budget = new ExtractionBudget(_limits, CancellationToken.None);
        SpreadsheetDocument document;
        try
        {
            ZipParts.InspectXml(content, budget);
            document = SpreadsheetDocument.Open(content, false, new OpenSettings { AutoSave = false, MaxCharactersInPart = _limits.MaxPartBytes });
        }
        catch (BudgetExceededException e) { throw Refused(e.Detail); }
        catch (Exception e) when (Parsing.IsUnreadableFile(e)) { throw Refused("不是可以读取的 XLSX 文件"); }
        using (document)
        {
            var workbook = document.WorkbookPart ?? throw Refused("没有工作簿");
            var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw Refused("没有工作表");
            if (first.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart sheet) throw Refused("第一个工作表无法读取");
            var strings = ReadSharedStrings(workbook.SharedStringTablePart, budget);
            foreach (var row in ReadRows(sheet, strings, budget)) yield return row;
        }
    }

    private ImportFileException Refused(string why) => new($"“{FileName}”无法作为目录读取：{why}。");

    private IEnumerable<SourceRow> ReadRows(WorksheetPart sheet, List<string> strings, ExtractionBudget budget)
    {
        using var reader = OpenXmlReader.Create(sheet);
        var cells = new List<string>();
        var rowNumber = 0;
        long rowChars = 0;
        var inRow = false;
        var elements = 0;
        while (reader.Read())
        {
            if ((++elements & 0x3FF) == 0) Check(budget);
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    inRow = true;
                    cells.Clear();
                    rowChars = 0;
                    var declared = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                    rowNumber = int.TryParse(declared, out var r) ? r : rowNumber + 1;
                }
                else if (inRow)
                {
                    inRow = false;
                    if (cells.Any(c => c.Length > 0)) yield return new SourceRow(rowNumber, [.. cells]);
                }
                continue;
            }
            if (reader.ElementType != typeof(Cell) || !reader.IsStartElement || !inRow) continue;
            var cell = (Cell)reader.LoadCurrentElement()!;
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
            if (column >= ImportLimits.MaxCells) continue; // a stray value far to the right is not a catalogue column
            while (cells.Count <= column) cells.Add("");
            // A date typed as a date is its serial number; the row reads it as one (CatalogueRow).
            var text = OpenXmlText.CellText(cell, strings);
            rowChars += text.Length;
            if (rowChars > ImportLimits.MaxRowChars)
                throw Refused($"第 {rowNumber} 行超过 {ImportLimits.MaxRowChars} 个字符");
            cells[column] = text;
        }
    }

    private void Check(ExtractionBudget budget)
    {
        try { budget.CheckTime(); }
        catch (BudgetExceededException e) { throw Refused(e.Detail); }
    }

    /// <summary>The extractor's reading of the table (phonetic guides left out), under this file's character budget.</summary>
    private List<string> ReadSharedStrings(SharedStringTablePart? part, ExtractionBudget budget)
    {
        try { return OpenXmlText.ReadSharedStrings(part, budget); }
        catch (BudgetExceededException e) { throw Refused(e.Detail); }
    }

    /// <summary>"AB12" → 27: the letters of a cell reference, zero-based.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
            if (index > ImportLimits.MaxCells) return ImportLimits.MaxCells;
        }
        return index - 1;
    }

    /// <summary>The package reader seeks; a stream that cannot (a zip entry, a network body) is copied to a temporary file.</summary>
    private static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek) return stream;
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (stream) stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}

/// <summary>What one catalogue file may cost to read.</summary>
public static class ImportLimits
{
    /// <summary>Cells of one row that are read: twice the most headers a catalogue may have.</summary>
    public const int MaxCells = CatalogueHeaders.MaxHeaders * 2;
    /// <summary>Characters of one row: a body of the longest intake allows plus its metadata.</summary>
    public const int MaxRowChars = 1_200_000;
    /// <summary>Bytes of a CSV catalogue.</summary>
    public const long MaxCsvBytes = 512L * 1024 * 1024;

    /// <summary>A catalogue export is one large sheet: more room than an attachment gets, but still a bound.</summary>
    public static DocumentBudgets Catalogue() => new()
    {
        MaxPartBytes = 512L * 1024 * 1024,
        MaxTotalBytes = 1024L * 1024 * 1024,
        MaxChars = 100_000_000,
        MaxDepth = 64,
        MaxDuration = TimeSpan.FromMinutes(10),
    };
}
