using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Disclosure.Notifications;

/// <summary>
/// Builds one message in the three forms the channels take — plain text (e-mail), HTML (e-mail), markdown (group
/// robots) — side by side, so they cannot drift apart. Used by reminder digests and compliance notices alike.
/// </summary>
public sealed class NotificationBuilder(string subject)
{
    // Encodes markup characters but leaves Chinese readable.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _markdown = new();

    public void Paragraph(string s)
    {
        _text.Append(s).Append("\n\n");
        _html.Append("<p>").Append(Html.Encode(s)).Append("</p>\n");
        _markdown.Append(MarkdownEscape(s)).Append("\n\n");
    }

    public void Heading(string s)
    {
        _text.Append(s).Append('\n');
        _html.Append("<h2>").Append(Html.Encode(s)).Append("</h2>\n");
        _markdown.Append("### ").Append(MarkdownEscape(s)).Append('\n');
    }

    public void List(IEnumerable<string> lines) => List(lines.Select(l => ((string?)null, l)));

    /// <summary>A numbered list; an item's <c>Mark</c> (e.g. 【新】) is emphasised before its text.</summary>
    public void List(IEnumerable<(string? Mark, string Text)> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        _html.Append("<ol>\n");
        for (var i = 0; i < list.Count; i++)
        {
            var (mark, text) = list[i];
            _text.Append(i + 1).Append(". ").Append(mark).Append(text).Append('\n');
            _html.Append("<li>");
            if (mark is not null) _html.Append("<strong>").Append(Html.Encode(mark)).Append("</strong>");
            _html.Append(Html.Encode(text)).Append("</li>\n");
            _markdown.Append(i + 1).Append(". ").Append(mark is null ? "" : $"**{mark}**").Append(MarkdownEscape(text)).Append('\n');
        }
        _text.Append('\n');
        _html.Append("</ol>\n");
        _markdown.Append('\n');
    }

    public void Link(string label, string url)
    {
        _text.Append(label).Append('：').Append(url).Append("\n\n");
        _html.Append("<p><a href=\"").Append(Html.Encode(url)).Append("\">").Append(Html.Encode(label)).Append("</a></p>\n");
        _markdown.Append('[').Append(MarkdownEscape(label)).Append("](").Append(url.Replace(")", "%29", StringComparison.Ordinal)).Append(")\n\n");
    }

    public Notification Build(string id, string recipientCode, string recipientName, IReadOnlyList<ChannelAddress> channels, IReadOnlyList<string>? keys = null)
    {
        var notification = new Notification
        {
            Id = id,
            RecipientCode = recipientCode,
            RecipientName = recipientName,
            Channels = channels,
            Subject = subject,
            Text = _text.ToString().TrimEnd() + "\n",
            Html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>" + Html.Encode(subject)
                + "</title></head>\n<body>\n<h1>" + Html.Encode(subject) + "</h1>\n" + _html + "</body>\n</html>\n",
            Markdown = $"## {MarkdownEscape(subject)}\n\n" + _markdown.ToString().TrimEnd() + "\n",
        };
        return keys is null ? notification : notification with { ReminderKeys = keys };
    }

    /// <summary>Robot markdown has no escaping rules worth relying on; neutralise the characters that start markup (masks' * included).</summary>
    public static string MarkdownEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '*' or '_' or '`' or '[' or ']' or '#' or '<' or '>') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
