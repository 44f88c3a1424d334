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

    /// <summary>Lenient, as real files need, with every decoded stream counted by the budget.</summary>
    public static PdfDocument Open(Stream content, ExtractionBudget budget) => PdfDocument.Open(content, new ParsingOptions
    {
        UseLenientParsing = true,
        SkipMissingFonts = true,
        MaxStackDepth = budget.Limits.MaxDepth,
        FilterProvider = new BudgetedPdfFilters(DefaultFilterProvider.Instance, budget),
    });

    public static ExtractedText Extract(Stream content, ExtractionBudget budget)
    {
        try
        {
            using var document = Open(content, budget);
            var text = new StringBuilder();
            var scannedPages = new List<int>();
            // Every page that draws an image (an XObject or an inline image), however much text it also has: a scan
            // with a typed caption is still a picture of a paper. Counted, never decoded.
            var pictures = new PictureTally(canOpen: true);
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
                var images = page.GetImages().Count();
                pictures.AddOnPage(number, images);
                if (letters < ScannedPageLetterThreshold && images > 0)
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
            var result = scannedPages.Count == 0 ? ExtractedText.Complete(extracted)
                : pagesWithText == 0 || scannedPages.Count == document.NumberOfPages ? ExtractedText.Partial(extracted, ExtractionMessages.ScannedPdf)
                : ExtractedText.Partial(extracted, string.Format(ExtractionMessages.ScannedPdfPages, string.Join("、", scannedPages)));
            return result with { Pictures = pictures.ToInventory() };
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
