using System.Globalization;
using System.Text;
using Disclosure.Compliance;
using UglyToad.PdfPig;
using UglyToad.PdfPig.AcroForms.Fields;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Filters;

namespace Disclosure.Adapters.Documents;

internal static class PdfText
{
    /// <summary>
    /// A page with fewer letters than this but with an image is treated as a scan: scanned pages often carry only a
    /// printed page number or a stamp caption as real text.
    /// </summary>
    private const int ScannedPageLetterThreshold = 10;

    private static void AppendField(AcroFieldBase field, StringBuilder text)
    {
        if (field is AcroTextField { Value: { Length: > 0 } value }) text.Append(value).Append('\n');
        if (field is AcroNonTerminalField parent)
            foreach (var child in parent.Children) AppendField(child, text);
    }

    public static ExtractedText Extract(Stream content, ExtractionBudget budget)
    {
        try
        {
            using var document = PdfDocument.Open(content, new ParsingOptions
            {
                UseLenientParsing = true,
                SkipMissingFonts = true,
                MaxStackDepth = budget.Limits.MaxDepth,
                FilterProvider = new BudgetedPdfFilters(DefaultFilterProvider.Instance, budget),
            });
            var text = new StringBuilder();
            var scannedPages = new List<int>();
            var pagesWithText = 0;
            // One page object may be listed any number of times in the page tree: each listing costs a page.
            var pages = Math.Min(document.NumberOfPages, budget.Limits.MaxPages);
            for (var number = 1; number <= pages; number++)
            {
                budget.CheckTime();
                var page = document.GetPage(number);
                // Lenient parsing replaces a page object it cannot parse (nested past MaxStackDepth, or broken) with an
                // empty dictionary: no text, no images, "complete". What that page shows is unknown, so a person looks.
                if (page.Dictionary.Data.Count == 0)
                    throw budget.Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetPdfPage, number), text.ToString().TrimEnd());
                var pageText = ContentOrderTextExtractor.GetText(page);
                var letters = pageText.Count(c => !char.IsWhiteSpace(c));
                if (letters < ScannedPageLetterThreshold && page.GetImages().Any())
                    scannedPages.Add(page.Number);
                if (letters > 0) pagesWithText++;
                if (pageText.Length > 0) text.Append(pageText.TrimEnd()).Append("\n\n");
                budget.CheckText(text);
            }
            if (document.NumberOfPages > pages)
                throw budget.Exceed(string.Format(CultureInfo.InvariantCulture, ExtractionMessages.BudgetPages, pages), text.ToString().TrimEnd());

            // Filled-in form fields are part of what a reader sees and copies, and often hold names and numbers.
            if (document.TryGetForm(out var form))
            {
                foreach (var field in form.Fields) AppendField(field, text);
            }

            var extracted = text.ToString().TrimEnd();
            if (scannedPages.Count == 0) return ExtractedText.Complete(extracted);
            if (pagesWithText == 0 || scannedPages.Count == document.NumberOfPages)
                return ExtractedText.Partial(extracted, ExtractionMessages.ScannedPdf);
            return ExtractedText.Partial(extracted, string.Format(ExtractionMessages.ScannedPdfPages, string.Join("、", scannedPages)));
        }
        catch (PdfDocumentEncryptedException)
        {
            return ExtractedText.NotExtractable(ExtractionMessages.EncryptedPdf);
        }
        catch (Exception e) when (Parsing.IsUnreadableFile(e))
        {
            return ExtractedText.NotExtractable(ExtractionMessages.DamagedPdf);
        }
    }
}
