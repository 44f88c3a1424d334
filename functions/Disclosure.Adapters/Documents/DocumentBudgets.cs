namespace Disclosure.Adapters.Documents;

/// <summary>
/// Settings section <c>Documents</c> (environment: <c>Documents__MaxPartBytes</c>, …): how much one attachment may cost
/// the text extraction. A 20 MB upload can inflate to gigabytes (a zip bomb, a PDF stream of zeros, one page part
/// referenced a hundred thousand times), and the check runs in the request of a preflight and, five times over, from the
/// check queue. Past any of these limits the file goes to a person ("附件过大或结构异常，无法自动检查") instead of into
/// memory; nothing is retried.
/// </summary>
public sealed class DocumentBudgets
{
    public const string Section = "Documents";

    private const long MiB = 1024 * 1024;

    /// <summary>Bytes one part may inflate to: a zip entry of a DOCX, XLSX or OFD, or one decoded PDF stream.</summary>
    public long MaxPartBytes { get; set; } = 64 * MiB;

    /// <summary>Bytes all the parts of one file may inflate to together, each reading counted (a part read twice counts twice).</summary>
    public long MaxTotalBytes { get; set; } = 512 * MiB;

    /// <summary>Characters of text taken from one file; a real register of a million rows is for a person to open.</summary>
    public int MaxChars { get; set; } = 10_000_000;

    /// <summary>Pages read from one PDF or OFD.</summary>
    public int MaxPages { get; set; } = 2_000;

    /// <summary>Nesting depth of XML elements and PDF objects; real documents stay far below, parsers recurse on it.</summary>
    public int MaxDepth { get; set; } = 256;

    /// <summary>Bytes of one picture served to a reviewer from the review queue (a picture part, a PDF image); larger ones are opened with their file.</summary>
    public long MaxPictureBytes { get; set; } = 20 * MiB;

    /// <summary>Wall-clock time for one file, checked between pages, parts, rows and decoded streams.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(10);
}
