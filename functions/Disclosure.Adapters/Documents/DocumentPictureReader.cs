using System.IO.Compression;
using Disclosure.Compliance;
using Disclosure.Intake;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace Disclosure.Adapters.Documents;

/// <summary>
/// Takes one picture out of an attachment for a reviewer, numbered as the extraction counted it
/// (<see cref="EmbeddedPicture.Number"/>): a media part of an Open XML package as it is stored, an image of a PDF page
/// (a JPEG as it is stored, anything else PdfPig can convert as PNG), the media file of an OFD ImageObject, or a
/// picture attachment itself. Read under the
/// same <see cref="DocumentBudgets"/> as the extraction, and never more than <see cref="DocumentBudgets.MaxPictureBytes"/>.
/// </summary>
public sealed class DocumentPictureReader(DocumentBudgets budgets) : IPictureReader
{
    public async Task<PictureRead> ReadAsync(Stream content, string contentType, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (number < 1) return new PictureRead.Missing();
        var mediaType = (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();
        if (mediaType.StartsWith("image/", StringComparison.Ordinal))
            return number == 1 ? await ReadBoundedAsync(content, cancellationToken) : new PictureRead.Missing();

        var seekable = content.CanSeek ? content : await BufferAsync(content, cancellationToken);
        var budget = new ExtractionBudget(budgets, cancellationToken);
        try
        {
            if (mediaType == AttachmentTypes.Docx.ContentType || mediaType == AttachmentTypes.Xlsx.ContentType
                || mediaType == DocumentTextExtractor.PresentationContentType)
                return await PackagePictureAsync(seekable, number, budget, cancellationToken);
            if (mediaType == AttachmentTypes.Pdf.ContentType) return PdfPicture(seekable, number, budget);
            if (mediaType == AttachmentTypes.Ofd.ContentType) return await OfdPictureAsync(seekable, number, budget, cancellationToken);
            return new PictureRead.Missing();
        }
        catch (Exception e) when (e is BudgetExceededException || Parsing.IsUnreadableFile(e))
        {
            // A file the extraction could not read either: the finding already tells the reviewer to open the file.
            return new PictureRead.Missing();
        }
        finally
        {
            if (!ReferenceEquals(seekable, content)) await seekable.DisposeAsync();
        }
    }

    private async Task<PictureRead> PackagePictureAsync(Stream content, int number, ExtractionBudget budget, CancellationToken ct)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var parts = PackagePictures.Parts(zip, budget);
        if (number > parts.Count || zip.GetEntry(parts[number - 1]) is not { } entry) return new PictureRead.Missing();
        await using var part = budget.Count(entry.Open(), entry.FullName);
        return await ReadBoundedAsync(part, ct);
    }

    private async Task<PictureRead> OfdPictureAsync(Stream content, int number, ExtractionBudget budget, CancellationToken ct)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        if (OfdText.FindPicture(zip, number, budget) is not { } entry) return new PictureRead.Missing();
        await using var part = budget.Count(entry.Open(), entry.FullName);
        return await ReadBoundedAsync(part, ct);
    }

    private PictureRead PdfPicture(Stream content, int number, ExtractionBudget budget)
    {
        using var document = PdfText.Open(content, budget);
        var seen = 0;
        var pages = Math.Min(document.NumberOfPages, budget.Limits.MaxPages);
        for (var pageNumber = 1; pageNumber <= pages; pageNumber++)
        {
            budget.CheckTime();
            var page = document.GetPage(pageNumber);
            foreach (var image in page.GetImages())
            {
                if (++seen < number) continue;
                return PdfImage(image);
            }
        }
        return new PictureRead.Missing();
    }

    /// <summary>
    /// A DCT (JPEG) image is a JPEG file as stored; other images are converted to PNG when PdfPig can (its decoding
    /// runs through the budgeted filters); what it cannot convert is handed over as stored, and served as a download.
    /// </summary>
    private PictureRead PdfImage(IPdfImage image)
    {
        if (image.RawMemory.Length > budgets.MaxPictureBytes) return new PictureRead.TooLarge(budgets.MaxPictureBytes);
        // The conversion works on the pixels the dictionary declares; a picture past the limit in pixels is handed
        // over as stored rather than converted (the data of a declared 100000×100000 image would be gigabytes).
        var pixelBytes = (long)Math.Max(0, image.WidthInSamples) * Math.Max(0, image.HeightInSamples) * 4;
        if (!IsJpeg(image.ImageDictionary) && pixelBytes <= budgets.MaxPictureBytes && image.TryGetPng(out var png)) return Bounded(png);
        return new PictureRead.Found(image.RawMemory.ToArray());
    }

    private static bool IsJpeg(DictionaryToken dictionary)
    {
        if (!dictionary.TryGet(NameToken.Filter, out var filter)) return false;
        return filter switch
        {
            NameToken name => name.Data == "DCTDecode",
            ArrayToken { Length: > 0 } array => array.Data[^1] is NameToken { Data: "DCTDecode" },
            _ => false,
        };
    }

    private PictureRead Bounded(byte[] bytes) =>
        bytes.LongLength > budgets.MaxPictureBytes ? new PictureRead.TooLarge(budgets.MaxPictureBytes) : new PictureRead.Found(bytes);

    /// <summary>Reads at most one byte past the limit, so a picture that would be too large is never held whole.</summary>
    private async Task<PictureRead> ReadBoundedAsync(Stream source, CancellationToken ct)
    {
        var limit = budgets.MaxPictureBytes;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return new PictureRead.TooLarge(limit);
        }
        return new PictureRead.Found(buffer.ToArray());
    }

    private static async Task<Stream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }
}
