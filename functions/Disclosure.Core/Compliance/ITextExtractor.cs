namespace Disclosure.Compliance;

/// <summary>
/// The words of an attachment, for the compliance checks. <see cref="IsComplete"/> is false when some or all of the
/// content could not be read as text (a photograph, a scanned page, an encrypted file): nothing was found there
/// because nothing could be looked at, so <see cref="IncompleteReason"/> tells the reviewer, in Chinese, what a
/// person has to examine by eye.
/// </summary>
public sealed record ExtractedText(string Text, bool IsComplete, string? IncompleteReason)
{
    /// <summary>
    /// The pictures the file carries (embedded media, image-bearing pages, or the file itself). Text read around a
    /// picture says nothing about what the picture shows (an ID card, a signed form), so a file with pictures is never
    /// fully checked by the rules: <see cref="IsFullyChecked"/>.
    /// </summary>
    public PictureInventory Pictures { get; init; } = PictureInventory.None;

    /// <summary>All the text was read and there is no picture for a person to look at.</summary>
    public bool IsFullyChecked => IsComplete && !Pictures.HasPictures;

    public static ExtractedText Complete(string text) => new(text, true, null);

    /// <summary>Some text was read, but part of the file (named in <paramref name="reason"/>) was not.</summary>
    public static ExtractedText Partial(string text, string reason) => new(text, false, reason);

    public static ExtractedText NotExtractable(string reason) => new("", false, reason);
}

/// <summary>Reads the text layer of an attachment whose type was established by <see cref="Intake.AttachmentTypes"/>.</summary>
public interface ITextExtractor
{
    /// <param name="content">The file; read from its current position, not disposed.</param>
    /// <param name="contentType">The canonical content type detected at intake (not the browser's claim).</param>
    Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken);
}
