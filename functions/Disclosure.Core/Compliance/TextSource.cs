namespace Disclosure.Compliance;

/// <summary>A piece of text to scan, named as people know it ("标题", "正文", "附件：通知.pdf").</summary>
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
