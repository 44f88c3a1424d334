using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>What reading one picture out of a file gave.</summary>
public abstract record PictureRead
{
    public sealed record Found(byte[] Bytes) : PictureRead;

    /// <summary>The file has no picture of that number, or this kind of picture cannot be taken out of its file.</summary>
    public sealed record Missing : PictureRead;

    /// <summary>The picture is larger than <see cref="Limit"/> bytes: it is not served, the file is.</summary>
    public sealed record TooLarge(long Limit) : PictureRead;
}

/// <summary>Takes picture <c>number</c> (as <see cref="EmbeddedPicture.Number"/> counts) out of a file, bounded in size.</summary>
public interface IPictureReader
{
    /// <param name="content">The file; read from its current position, not disposed.</param>
    /// <param name="contentType">The canonical content type detected at intake.</param>
    Task<PictureRead> ReadAsync(Stream content, string contentType, int number, CancellationToken cancellationToken);
}

/// <summary>
/// The picture formats a browser may be given as images. Anything else a file holds (an EMF, a JPEG 2000, bytes that
/// only claim to be a picture) is handed over as a download, never rendered: the type is read from the bytes, not
/// taken from a part's name or a PDF's dictionary.
/// </summary>
public static class PictureFormats
{
    public const string Download = "application/octet-stream";

    public static string? MediaTypeOf(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.StartsWith("BM"u8) && head.Length >= 14) return "image/bmp";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A])) return "image/tiff";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>The content types detected at intake that are pictures a browser may show (JPEG and PNG attachments).</summary>
    public static bool IsShownInline(string contentType) =>
        contentType == AttachmentTypes.Jpeg.ContentType || contentType == AttachmentTypes.Png.ContentType;
}

/// <summary>What a member of staff asked to see from the review queue, and whether they may.</summary>
public abstract record ReviewFile
{
    public sealed record Refused : ReviewFile;

    public sealed record NotFound(string Detail) : ReviewFile;

    /// <summary>The whole attachment, with its length; the caller disposes <see cref="Content"/>.</summary>
    public sealed record File(Stream Content, Items.Attachment Details) : ReviewFile;

    public sealed record Picture(byte[] Bytes, string? MediaType, string DownloadName) : ReviewFile;

    public sealed record TooLarge(long Limit) : ReviewFile;
}

/// <summary>
/// The files behind the review queue: every attachment of an item and every picture inside one, for the people who
/// decide on the item (reviewers, administrators) and the department that owns it (Art. 17: the reviewer must be able
/// to see what will be published). Read from the content store, never from the portal: an item under review is not
/// public, and nothing here writes anywhere.
/// </summary>
public sealed class ReviewAttachments(IItemStore items, IContentStore content, IPictureReader pictures)
{
    public const string NoSuchAttachment = "找不到该附件。";
    public const string NoSuchPicture = "该附件中没有这张图片，或这种图片无法单独打开，请打开附件查看。";

    public static string AttachmentLink(string itemId, string attachmentId)
        => $"/api/reviews/{Uri.EscapeDataString(itemId)}/attachments/{Uri.EscapeDataString(attachmentId)}";

    public static string PictureLink(string itemId, string attachmentId, int number)
        => $"{AttachmentLink(itemId, attachmentId)}/pictures/{number}";

    public async Task<ReviewFile> OpenAttachmentAsync(Principal who, string itemId, string attachmentId, CancellationToken ct)
    {
        var (refusal, attachment) = await FindAsync(who, itemId, attachmentId, ct);
        if (refusal is not null) return refusal;
        return new ReviewFile.File(await content.OpenAsync(itemId, attachment!.Id, ct), attachment);
    }

    public async Task<ReviewFile> ReadPictureAsync(Principal who, string itemId, string attachmentId, int number, CancellationToken ct)
    {
        var (refusal, attachment) = await FindAsync(who, itemId, attachmentId, ct);
        if (refusal is not null) return refusal;
        PictureRead read;
        await using (var stream = await content.OpenAsync(itemId, attachment!.Id, ct))
            read = await pictures.ReadAsync(stream, attachment.ContentType, number, ct);
        return read switch
        {
            PictureRead.Found found => new ReviewFile.Picture(found.Bytes, PictureFormats.MediaTypeOf(found.Bytes),
                $"{Path.GetFileNameWithoutExtension(attachment.FileName)}-图片{number}.bin"),
            PictureRead.TooLarge large => new ReviewFile.TooLarge(large.Limit),
            _ => new ReviewFile.NotFound(NoSuchPicture),
        };
    }

    /// <summary>An attachment of any version of the item (a reviewer compares versions), for someone who may see the item.</summary>
    private async Task<(ReviewFile? Refusal, Items.Attachment? Attachment)> FindAsync(Principal who, string itemId, string attachmentId, CancellationToken ct)
    {
        var stored = await items.GetAsync(itemId, ct);
        if (stored is null) return (new ReviewFile.NotFound(NoSuchAttachment), null);
        if (!who.MaySee(stored.Item.DepartmentCode)) return (new ReviewFile.Refused(), null);
        var attachment = stored.Item.Attachments.FirstOrDefault(a => a.Id == attachmentId)
                         ?? (await items.GetVersionsAsync(itemId, ct)).SelectMany(v => v.Attachments).FirstOrDefault(a => a.Id == attachmentId);
        return attachment is null ? (new ReviewFile.NotFound(NoSuchAttachment), null) : (null, attachment);
    }
}
