namespace Disclosure.Compliance;

/// <summary>
/// A piece of text to scan, named as people know it ("标题", "正文", "附件：通知.pdf").
/// The compliance-rules branch defines the same record with helpers; when both are merged, keep that one.
/// </summary>
public sealed record TextSource(string Name, string Text);
