using System.Globalization;
using System.Text;
using Disclosure.Compliance;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// Reads the text layer of the attachment types accepted at intake, so the compliance rules see what the public will
/// be able to read (and copy) from the published file. Anything without a text layer comes back incomplete with the
/// reason, because an unchecked file must go to a person rather than pass silently. Every file is read under the
/// <see cref="DocumentBudgets"/>: one past a limit comes back incomplete with the limit named, never as an exception
/// that would fail the check (and be retried) or as memory the process does not have.
/// </summary>
public sealed class DocumentTextExtractor(DocumentBudgets budgets) : ITextExtractor
{
    /// <summary>PowerPoint (.pptx).</summary>
    public const string PresentationContentType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    public DocumentTextExtractor() : this(new DocumentBudgets())
    {
    }

    static DocumentTextExtractor()
    {
        // GB18030 / GBK text files from older Chinese Windows systems need the code-page encodings.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var mediaType = (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

        if (mediaType.StartsWith("image/", StringComparison.Ordinal))
            return ExtractedText.NotExtractable(ExtractionMessages.Image) with { Pictures = PictureInventory.WholeFile };
        if (mediaType == AttachmentTypes.Doc.ContentType || mediaType == AttachmentTypes.Xls.ContentType)
            return ExtractedText.NotExtractable(ExtractionMessages.LegacyOffice);

        // The readers below need random access (zip central directory, PDF cross-reference table at the end).
        var seekable = content.CanSeek ? content : await BufferAsync(content, cancellationToken);
        var budget = new ExtractionBudget(budgets, cancellationToken);
        try
        {
            var result = mediaType switch
            {
                "application/pdf" => PdfText.Extract(seekable, budget),
                "application/ofd" => OfdText.Extract(seekable, budget),
                _ when mediaType == AttachmentTypes.Docx.ContentType => OpenXmlText.ExtractWord(seekable, budget) with { Pictures = PackagePictures.Find(seekable, budget) },
                _ when mediaType == AttachmentTypes.Xlsx.ContentType => OpenXmlText.ExtractExcel(seekable, budget) with { Pictures = PackagePictures.Find(seekable, budget) },
                // Not accepted at intake today; its pictures are found all the same, so one never passes unseen.
                PresentationContentType => ExtractedText.NotExtractable(ExtractionMessages.Unsupported) with { Pictures = PackagePictures.Find(seekable, budget) },
                "text/plain" or "text/csv" => ExtractedText.Complete(PlainText.Decode(seekable)),
                "text/html" => ExtractedText.Complete(BodySanitizer.ToPlainText(PlainText.Decode(seekable))),
                _ => ExtractedText.NotExtractable(ExtractionMessages.Unsupported),
            };
            // A library may have swallowed the budget's exception and read on past the part it stopped.
            if (budget.ExceededBy is { } exceeded) return OverBudget(result.Text, exceeded);
            if (result.Text.Length <= budgets.MaxChars) return result;
            return OverBudget(result.Text[..budgets.MaxChars], budget.CharsDetail);
        }
        catch (BudgetExceededException e)
        {
            return OverBudget(e.TextSoFar, e.Detail);
        }
        finally
        {
            if (!ReferenceEquals(seekable, content)) await seekable.DisposeAsync();
        }
    }

    private static ExtractedText OverBudget(string textSoFar, string detail) =>
        ExtractedText.Partial(textSoFar, string.Format(CultureInfo.InvariantCulture, ExtractionMessages.OverBudget, detail));

    private static async Task<Stream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }
}

internal static class PlainText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 (with or without BOM) or UTF-16 with a BOM; bytes that are not valid UTF-8 are read as GB18030.</summary>
    public static string Decode(Stream content)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) return StrictUtf8Or(bytes[3..]);
        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE })) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith(new byte[] { 0xFE, 0xFF })) return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        return StrictUtf8Or(bytes);
    }

    private static string StrictUtf8Or(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // GB18030 is a superset of GBK and GB2312, the encodings of text saved by Chinese editions of Windows.
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }
}
