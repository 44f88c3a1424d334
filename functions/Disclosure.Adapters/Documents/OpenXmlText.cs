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
    private static readonly OpenSettings ReadOnly = new() { AutoSave = false };

    public static ExtractedText ExtractWord(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            using var document = WordprocessingDocument.Open(content, false, ReadOnly);
            var text = new StringBuilder();
            var main = document.MainDocumentPart;
            if (main?.Document?.Body is { } body) AppendWord(body, text);
            cancellationToken.ThrowIfCancellationRequested();
            if (main is not null)
            {
                foreach (var header in main.HeaderParts) if (header.Header is { } h) AppendWord(h, text);
                foreach (var footer in main.FooterParts) if (footer.Footer is { } f) AppendWord(f, text);
                if (main.FootnotesPart?.Footnotes is { } footnotes) AppendWord(footnotes, text);
                if (main.EndnotesPart?.Endnotes is { } endnotes) AppendWord(endnotes, text);
                if (main.WordprocessingCommentsPart?.Comments is { } comments)
                {
                    text.Append(ExtractionMessages.Comments).Append('\n');
                    AppendWord(comments, text);
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

    /// <summary>Walks the tree once, so text in a text box is read once even though it sits inside another paragraph.</summary>
    private static void AppendWord(OpenXmlElement element, StringBuilder text)
    {
        switch (element)
        {
            case W.Text t:
                text.Append(t.Text);
                TextBudget.Check(text);
                return;
            // A tracked deletion is still in the file, and anyone who opens it with Word can read it.
            case W.DeletedText d:
                text.Append(d.Text);
                return;
            case W.TabChar:
                text.Append('\t');
                return;
            case W.Break or W.CarriageReturn:
                text.Append('\n');
                return;
            // Drawings and text boxes come twice, as the modern choice and a VML fallback: read the choice only.
            case AlternateContentFallback:
                return;
        }
        foreach (var child in element.ChildElements) AppendWord(child, text);
        if (element is W.Paragraph) text.Append('\n');
        else if (element is W.TableCell && text.Length > 0 && text[^1] == '\n') text[^1] = '\t';
        else if (element is W.TableRow) text.Append('\n');
    }

    public static ExtractedText ExtractExcel(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(content, false, ReadOnly);
            var text = new StringBuilder();
            var workbook = document.WorkbookPart;
            if (workbook?.Workbook?.Sheets is { } sheets)
            {
                var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
                // Every sheet, hidden or not: a hidden sheet of the full applicant list is a classic leak.
                foreach (var sheet in sheets.Elements<Sheet>())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) continue;
                    text.Append(string.Format(ExtractionMessages.Sheet, sheet.Name?.Value ?? "")).Append('\n');
                    AppendWorksheet(part, sharedStrings, text, cancellationToken);
                    if (part.WorksheetCommentsPart?.Comments?.CommentList is { } comments)
                    {
                        text.Append(ExtractionMessages.Comments).Append('\n');
                        foreach (var comment in comments.Elements<Comment>()) text.Append(comment.InnerText).Append('\n');
                    }
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

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null) return strings;
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
            }
        }
        return strings;
    }

    /// <summary>Streams the sheet (a large register can be hundreds of megabytes of XML), one line per row, cells tab-separated.</summary>
    private static void AppendWorksheet(WorksheetPart part, List<string> sharedStrings, StringBuilder text, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(part);
        var rowHasCells = false;
        var rows = 0;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsEndElement && rowHasCells) { text[^1] = '\n'; rowHasCells = false; }
                if (reader.IsStartElement && ++rows % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
                continue;
            }
            if (reader.ElementType != typeof(Cell) || !reader.IsStartElement) continue;
            var cell = (Cell)reader.LoadCurrentElement()!;
            var value = CellText(cell, sharedStrings);
            if (value.Length == 0) continue;
            text.Append(value).Append('\t');
            TextBudget.Check(text);
            rowHasCells = true;
        }
        if (rowHasCells) text[^1] = '\n';
    }

    private static string CellText(Cell cell, List<string> sharedStrings)
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
