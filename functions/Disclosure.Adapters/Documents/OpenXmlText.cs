using System.Text;
using Disclosure.Compliance;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// Word and Excel text, including the places personal data hides in published files: tracked deletions, comments,
/// headers and footers, hidden sheets, and the author fields of the document properties.
/// </summary>
internal static class OpenXmlText
{
    public static ExtractedText ExtractWord(Stream content, ExtractionBudget budget)
    {
        try
        {
            ZipParts.InspectXml(content, budget);
            using var document = WordprocessingDocument.Open(content, false, Settings(budget));
            var text = new StringBuilder();
            var main = document.MainDocumentPart;
            if (main is not null)
            {
                AppendWord(main, text, budget);
                foreach (var header in main.HeaderParts) AppendWord(header, text, budget);
                foreach (var footer in main.FooterParts) AppendWord(footer, text, budget);
                if (main.FootnotesPart is { } footnotes) AppendWord(footnotes, text, budget);
                if (main.EndnotesPart is { } endnotes) AppendWord(endnotes, text, budget);
                if (main.WordprocessingCommentsPart is { } comments)
                {
                    text.Append(ExtractionMessages.Comments).Append('\n');
                    AppendWord(comments, text, budget);
                }
            }
            AppendProperties(PropertyValues(document), text);
            return ExtractedText.Complete(text.ToString().TrimEnd());
        }
        catch (Exception e) when (Parsing.IsUnreadableFile(e))
        {
            return ExtractedText.NotExtractable(ExtractionMessages.DamagedOffice);
        }
    }

    /// <summary>The package reader's own guard as well, in case a part escaped the inspection.</summary>
    private static OpenSettings Settings(ExtractionBudget budget) => new() { AutoSave = false, MaxCharactersInPart = budget.Limits.MaxPartBytes };

    /// <summary>
    /// Streams one part (a DOM of a large document.xml costs many times its size), so text in a text box is read
    /// once even though it sits inside another paragraph.
    /// </summary>
    private static void AppendWord(OpenXmlPart part, StringBuilder text, ExtractionBudget budget)
    {
        using var reader = OpenXmlReader.Create(part);
        var skipping = false;
        var elements = 0;
        while (reader.Read())
        {
            if ((++elements & 0x3FF) == 0) budget.CheckTime();
            var type = reader.ElementType;
            // Drawings and text boxes come twice, as the modern choice and a VML fallback: read the choice only.
            if (type == typeof(AlternateContentFallback))
            {
                skipping = reader.IsStartElement;
                continue;
            }
            if (skipping) continue;
            if (reader.IsStartElement)
            {
                // A tracked deletion is still in the file, and anyone who opens it with Word can read it.
                if (type == typeof(W.Text) || type == typeof(W.DeletedText))
                {
                    text.Append(reader.GetText());
                    budget.CheckText(text);
                }
                else if (type == typeof(W.TabChar)) text.Append('\t');
                else if (type == typeof(W.Break) || type == typeof(W.CarriageReturn)) text.Append('\n');
            }
            else if (reader.IsEndElement)
            {
                if (type == typeof(W.Paragraph)) text.Append('\n');
                else if (type == typeof(W.TableCell) && text.Length > 0 && text[^1] == '\n') text[^1] = '\t';
                else if (type == typeof(W.TableRow)) text.Append('\n');
            }
        }
    }

    public static ExtractedText ExtractExcel(Stream content, ExtractionBudget budget)
    {
        try
        {
            ZipParts.InspectXml(content, budget);
            using var document = SpreadsheetDocument.Open(content, false, Settings(budget));
            var text = new StringBuilder();
            var workbook = document.WorkbookPart;
            if (workbook?.Workbook?.Sheets is { } sheets)
            {
                var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart, budget);
                // Every sheet, hidden or not: a hidden sheet of the full applicant list is a classic leak.
                foreach (var sheet in sheets.Elements<Sheet>())
                {
                    budget.CheckTime();
                    if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) continue;
                    text.Append(string.Format(ExtractionMessages.Sheet, sheet.Name?.Value ?? "")).Append('\n');
                    AppendWorksheet(part, sharedStrings, text, budget);
                    if (part.WorksheetCommentsPart is { } comments) AppendComments(comments, text, budget);
                }
            }
            AppendProperties(PropertyValues(document), text);
            return ExtractedText.Complete(text.ToString().TrimEnd());
        }
        catch (Exception e) when (Parsing.IsUnreadableFile(e))
        {
            return ExtractedText.NotExtractable(ExtractionMessages.DamagedOffice);
        }
    }

    /// <summary>One line per comment, streamed like the sheet.</summary>
    private static void AppendComments(WorksheetCommentsPart part, StringBuilder text, ExtractionBudget budget)
    {
        var heading = false;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Text) && reader.IsStartElement)
            {
                if (!heading) { text.Append(ExtractionMessages.Comments).Append('\n'); heading = true; }
                text.Append(reader.GetText());
                budget.CheckText(text);
            }
            else if (reader.ElementType == typeof(Comment) && reader.IsEndElement && heading) text.Append('\n');
        }
    }

    /// <summary>The table is held in memory for the cells' lookups, so its text counts against the character budget.</summary>
    internal static List<string> ReadSharedStrings(SharedStringTablePart? part, ExtractionBudget budget)
    {
        var strings = new List<string>();
        if (part is null) return strings;
        long chars = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                // Phonetic guides (rPh) are pronunciation hints, not content: take the runs' text only.
                var value = new StringBuilder();
                foreach (var t in item.Descendants<Text>())
                    if (t.Ancestors<PhoneticRun>().FirstOrDefault() is null) value.Append(t.Text);
                strings.Add(value.ToString());
                chars += value.Length;
                budget.CheckChars(chars);
                if ((strings.Count & 0x3FF) == 0) budget.CheckTime();
            }
        }
        return strings;
    }

    /// <summary>Streams the sheet (a large register can be hundreds of megabytes of XML), one line per row, cells tab-separated.</summary>
    private static void AppendWorksheet(WorksheetPart part, List<string> sharedStrings, StringBuilder text, ExtractionBudget budget)
    {
        using var reader = OpenXmlReader.Create(part);
        var rowHasCells = false;
        var elements = 0;
        while (reader.Read())
        {
            // Counted per element, not per row: one row can hold a million empty cells.
            if ((++elements & 0x3FF) == 0) budget.CheckTime();
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsEndElement && rowHasCells) { text[^1] = '\n'; rowHasCells = false; }
                continue;
            }
            if (reader.ElementType != typeof(Cell) || !reader.IsStartElement) continue;
            var cell = (Cell)reader.LoadCurrentElement()!;
            var value = CellText(cell, sharedStrings);
            if (value.Length == 0) continue;
            text.Append(value).Append('\t');
            budget.CheckText(text);
            rowHasCells = true;
        }
        if (rowHasCells) text[^1] = '\n';
    }

    internal static string CellText(Cell cell, List<string> sharedStrings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, out var index) && index >= 0 && index < sharedStrings.Count ? sharedStrings[index] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? raw;
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        // Numbers, dates (serial numbers) and formula results as stored; an ID typed as a number has already lost
        // its last digits inside Excel (15 significant digits), and what is stored is what is published.
        return raw;
    }

    /// <summary>The author and editor names travel with the published file; they are checked like the text.</summary>
    private static string?[] PropertyValues(OpenXmlPackage package)
    {
        var p = package.PackageProperties;
        return [p.Title, p.Subject, p.Creator, p.LastModifiedBy, p.Keywords, p.Description];
    }

    private static void AppendProperties(string?[] values, StringBuilder text)
    {
        var present = values.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (present.Count == 0) return;
        text.Append("\n").Append(ExtractionMessages.DocumentProperties).Append('\n');
        foreach (var value in present) text.Append(value).Append('\n');
    }
}
