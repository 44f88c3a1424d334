using System.Text;
using Disclosure.Compliance;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// Reads the text layer of the attachment types accepted at intake, so the compliance rules see what the public will
/// be able to read (and copy) from the published file. Anything without a text layer comes back incomplete with the
/// reason, because an unchecked file must go to a person rather than pass silently.
/// </summary>
public sealed class DocumentTextExtractor : ITextExtractor
{
    static DocumentTextExtractor()
    {
        // GB18030 / GBK text files from older Chinese Windows systems need the code-page encodings.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var mediaType = (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

        if (mediaType.StartsWith("image/", StringComparison.Ordinal)) return ExtractedText.NotExtractable(ExtractionMessages.Image);
        if (mediaType == AttachmentTypes.Doc.ContentType || mediaType == AttachmentTypes.Xls.ContentType)
            return ExtractedText.NotExtractable(ExtractionMessages.LegacyOffice);

        // The readers below need random access (zip central directory, PDF cross-reference table at the end).
        var seekable = content.CanSeek ? content : await BufferAsync(content, cancellationToken);
        try
        {
            var result = mediaType switch
            {
                "application/pdf" => PdfText.Extract(seekable, cancellationToken),
                "application/ofd" => OfdText.Extract(seekable, cancellationToken),
                _ when mediaType == AttachmentTypes.Docx.ContentType => OpenXmlText.ExtractWord(seekable, cancellationToken),
                _ when mediaType == AttachmentTypes.Xlsx.ContentType => OpenXmlText.ExtractExcel(seekable, cancellationToken),
                "text/plain" or "text/csv" => ExtractedText.Complete(PlainText.Decode(seekable)),
                "text/html" => ExtractedText.Complete(BodySanitizer.ToPlainText(PlainText.Decode(seekable))),
                _ => ExtractedText.NotExtractable(ExtractionMessages.Unsupported),
            };
            return result.Text.Length <= TextBudget.MaxChars
                ? result
                : ExtractedText.Partial(result.Text[..TextBudget.MaxChars], ExtractionMessages.TooLarge);
        }
        catch (TextBudget.ExceededException e)
        {
            return ExtractedText.Partial(e.TextSoFar, ExtractionMessages.TooLarge);
        }
        finally
        {
            if (!ReferenceEquals(seekable, content)) await seekable.DisposeAsync();
        }
    }

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

/// <summary>
/// Caps the text taken from one file. A 20 MB upload can inflate to gigabytes of XML (a zip bomb, or a real register
/// of a million rows); past this many characters the rest goes to a person instead of into memory.
/// </summary>
internal static class TextBudget
{
    public const int MaxChars = 5_000_000;

    public static void Check(System.Text.StringBuilder text)
    {
        if (text.Length > MaxChars) throw new ExceededException(text.ToString(0, MaxChars));
    }

    public sealed class ExceededException(string textSoFar) : Exception("extracted text exceeds the budget")
    {
        public string TextSoFar { get; } = textSoFar;
    }
}
