using System.Text;
using Disclosure.Items;

namespace Disclosure.Compliance;

/// <summary>
/// A finding with a little of the text around it, for the reviewer's queue. <see cref="Before"/> and <see cref="After"/>
/// are already masked: every finding's own span in the same source is starred out and so is every run of five or more
/// digits, so the context around one number never shows another in full.
/// </summary>
public sealed record FindingInContext(ComplianceFinding Finding, string Before, string After);

/// <summary>
/// What the check of one version of an item found and decided. Stored as its own document (<see cref="IComplianceRecords"/>),
/// not in the item's table row: an attachment full of telephone numbers gives hundreds of findings, more than a table
/// property may hold.
/// </summary>
public sealed record ComplianceRecord(
    string ItemId,
    int Version,
    ReviewDecision Decision,
    DateTimeOffset CheckedAt,
    IReadOnlyList<FindingInContext> Findings,
    bool CloudDetectorUsed)
{
    public int Count(Severity severity) => Findings.Count(f => f.Finding.Severity == severity);

    /// <summary>Where the checked version stands in the review queue (see <see cref="ReviewRank"/>).</summary>
    public ReviewRank Rank => new(Count(Severity.Block), Count(Severity.Review), Findings.Count, CheckedAt);

    /// <summary>The pictures of each attachment that has any, so the review queue can link to them (absent in older records).</summary>
    public IReadOnlyList<AttachmentPictures> Pictures { get; init; } = [];

    /// <summary>
    /// The text extracted from the attachments, up to <see cref="KeptAttachmentCharacters"/> per version: the portal's
    /// search indexes it when the version is published, without extracting the files again (absent in older records).
    /// </summary>
    public IReadOnlyList<AttachmentText> AttachmentTexts { get; init; } = [];

    public const int KeptAttachmentCharacters = 20_000;

    /// <summary>The attachments' texts in order, the last one cut so that together they stay within the budget.</summary>
    public static IReadOnlyList<AttachmentText> Keep(IEnumerable<AttachmentText> texts)
    {
        var kept = new List<AttachmentText>();
        var left = KeptAttachmentCharacters;
        foreach (var text in texts)
        {
            if (left <= 0) break;
            if (text.Text.Length == 0) continue;
            var cut = text.Text.Length <= left ? text.Text : text.Text[..(char.IsHighSurrogate(text.Text[left - 1]) ? left - 1 : left)];
            kept.Add(text with { Text = cut });
            left -= cut.Length;
        }
        return kept;
    }
}

/// <summary>The text the check read from one attachment (<see cref="AttachmentId"/> as in the item's attachment list).</summary>
public sealed record AttachmentText(string AttachmentId, string FileName, string Text);

/// <summary>
/// Where compliance records are kept: one per item version, overwritten by a repeated check. Not the content store —
/// its orphan sweep removes whatever no item version names as body or attachment.
/// </summary>
public interface IComplianceRecords
{
    Task SaveAsync(ComplianceRecord record, CancellationToken ct);

    /// <summary>The record of a checked version; null when that version was never checked.</summary>
    Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct);
}

/// <summary>Cuts the context around each finding out of its source text, masked.</summary>
public static class FindingContext
{
    public const int Width = 24;
    private const char MaskChar = '＊';

    public static IReadOnlyList<FindingInContext> For(IReadOnlyList<ComplianceFinding> findings, IReadOnlyList<TextSource> sources)
    {
        var masked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (masked.ContainsKey(source.Name)) continue;
            masked[source.Name] = MaskedText(source.Text, findings.Where(f => f.Source == source.Name));
        }
        return findings.Select(f =>
        {
            if (!masked.TryGetValue(f.Source, out var text) || f.Offset < 0 || f.Offset > text.Length)
                return new FindingInContext(f, "", "");
            var end = Math.Min(text.Length, f.Offset + Math.Max(0, f.Length));
            var start = Math.Max(0, f.Offset - Width);
            return new FindingInContext(f, OneLine(text[start..f.Offset]), OneLine(text[end..Math.Min(text.Length, end + Width)]));
        }).ToList();
    }

    private static string MaskedText(string text, IEnumerable<ComplianceFinding> findings)
    {
        var chars = text.ToCharArray();
        foreach (var f in findings)
        {
            for (var i = Math.Max(0, f.Offset); i < Math.Min(chars.Length, f.Offset + f.Length); i++)
                if (!char.IsWhiteSpace(chars[i])) chars[i] = MaskChar;
        }
        // Long digit runs (ASCII or full-width) are starred even where no rule fired: context must not leak a number.
        var runStart = -1;
        for (var i = 0; i <= chars.Length; i++)
        {
            var isDigit = i < chars.Length && (chars[i] is >= '0' and <= '9' or >= '０' and <= '９');
            if (isDigit && runStart < 0) runStart = i;
            if (!isDigit && runStart >= 0)
            {
                if (i - runStart >= 5) Array.Fill(chars, MaskChar, runStart, i - runStart);
                runStart = -1;
            }
        }
        return new string(chars);
    }

    private static string OneLine(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s) sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        return sb.ToString();
    }
}
