using System.Text;
using Disclosure.Templating;

namespace Disclosure.Notifications;

/// <summary>
/// Builds one message in the three forms the channels take — plain text (e-mail), HTML (e-mail), markdown (group
/// robots) — side by side, so they cannot drift apart. Used by reminder digests, compliance notices and operator alerts.
/// The HTML is <c>Templates/message.liquid</c> over the blocks recorded here (<see cref="MailView"/>), so it is encoded
/// by the template, never by hand.
/// </summary>
public sealed class NotificationBuilder(string subject)
{
    private const string Template = "Notifications/Templates/message";
    private static readonly EmbeddedTemplates Templates = new(TemplateEncoders.Html, [typeof(MailView), typeof(MailBlockView), typeof(MailListItemView)]);

    private readonly StringBuilder _text = new();
    private readonly List<MailBlockView> _blocks = []; // the HTML form, rendered by the template in Build
    private readonly StringBuilder _markdown = new();

    public void Paragraph(string s)
    {
        _text.Append(s).Append("\n\n");
        _blocks.Add(new MailBlockView(MailBlockView.Paragraph, s));
        _markdown.Append(MarkdownEscape(s)).Append("\n\n");
    }

    public void Heading(string s)
    {
        _text.Append(s).Append('\n');
        _blocks.Add(new MailBlockView(MailBlockView.Heading, s));
        _markdown.Append("### ").Append(MarkdownEscape(s)).Append('\n');
    }

    public void List(IEnumerable<string> lines) => List(lines.Select(l => ((string?)null, l)));

    /// <summary>A numbered list; an item's <c>Mark</c> (e.g. 【新】) is emphasised before its text.</summary>
    public void List(IEnumerable<(string? Mark, string Text)> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        for (var i = 0; i < list.Count; i++)
        {
            var (mark, text) = list[i];
            _text.Append(i + 1).Append(". ").Append(mark).Append(text).Append('\n');
            _markdown.Append(i + 1).Append(". ").Append(mark is null ? "" : $"**{mark}**").Append(MarkdownEscape(text)).Append('\n');
        }
        _text.Append('\n');
        _blocks.Add(new MailBlockView(MailBlockView.List, "") { Items = list.Select(i => new MailListItemView(i.Mark, i.Text)).ToList() });
        _markdown.Append('\n');
    }

    public void Link(string label, string url)
    {
        _text.Append(label).Append('：').Append(url).Append("\n\n");
        _blocks.Add(new MailBlockView(MailBlockView.Link, label) { Url = url });
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
            Html = Templates.Render(Template, new MailView(subject, _blocks)),
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

/// <summary>The e-mail's template model: the subject (title and h1) and the body's blocks in order.</summary>
internal sealed record MailView(string Subject, IReadOnlyList<MailBlockView> Blocks);

/// <param name="Kind"><see cref="Paragraph"/>, <see cref="Heading"/>, <see cref="List"/> or <see cref="Link"/>.</param>
/// <param name="Text">The paragraph's or heading's text, or the link's label.</param>
internal sealed record MailBlockView(string Kind, string Text)
{
    public const string Paragraph = "paragraph";
    public const string Heading = "heading";
    public const string List = "list";
    public const string Link = "link";

    public IReadOnlyList<MailListItemView> Items { get; init; } = [];
    public string Url { get; init; } = "";
}

/// <param name="Mark">Emphasised before the text (【新】), or null.</param>
internal sealed record MailListItemView(string? Mark, string Text);
