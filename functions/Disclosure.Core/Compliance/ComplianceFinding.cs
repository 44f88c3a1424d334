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

/// <summary>A piece of text to scan, named as people know it.</summary>
public sealed record TextSource(string Name, string Text)
{
    public const string TitleName = "标题";
    public const string BodyName = "正文";
    public const string SummaryName = "内容概述";
    public const string KeywordsName = "主题词";
    public const string AttachmentPrefix = "附件：";

    public static TextSource Body(string text) => new(BodyName, text);

    public static TextSource ForAttachment(string fileName, string text) => new(AttachmentName(fileName), text);

    public static string AttachmentName(string fileName) => AttachmentPrefix + fileName;

    /// <summary>The item's own text fields (名称, 内容概述, 主题词); the body and attachments are extracted elsewhere.</summary>
    public static IReadOnlyList<TextSource> FromItemFields(Items.DisclosureItem item)
    {
        var sources = new List<TextSource> { new(TitleName, item.Title) };
        if (item.Summary.Length > 0) sources.Add(new(SummaryName, item.Summary));
        if (item.Keywords.Count > 0) sources.Add(new(KeywordsName, string.Join("；", item.Keywords)));
        return sources;
    }
}

/// <summary>An attachment (or body) whose text could not be extracted: it cannot be checked, so a person must look at it.</summary>
public sealed record UnextractableSource(string Name, string Reason);
