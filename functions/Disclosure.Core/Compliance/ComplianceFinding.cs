namespace Disclosure.Compliance;

/// <summary>How much a finding weighs in the review (validation.md): Block returns the item, Review sends it to a person.</summary>
public enum Severity
{
    Info,
    Review,
    Block,
}

/// <summary>
/// One thing a check found. <see cref="Source"/> is the field or attachment as people know it ("标题", "正文",
/// "附件：通知.pdf"); <see cref="Offset"/> and <see cref="Length"/> are UTF-16 positions in that source's ORIGINAL
/// text, even though matching ran on its NFKC form, so an editor can highlight exactly what was typed.
/// <see cref="MaskedExcerpt"/> never shows the full personal data; <see cref="Message"/> and <see cref="Advice"/> are
/// shown to departments and reviewers.
/// </summary>
public sealed record ComplianceFinding(
    string RuleId,
    Severity Severity,
    string Source,
    int Offset,
    int Length,
    string MaskedExcerpt,
    string Message,
    string Advice);

/// <summary>An attachment (or body) whose text could not be extracted: it cannot be checked, so a person must look at it.</summary>
public sealed record UnextractableSource(string Name, string Reason);
