using System.Net;
using System.Text.RegularExpressions;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Templating;

namespace Disclosure.Publishing.Search;

/// <summary>
/// What the search index knows of one published item. <see cref="Title"/>, <see cref="DocumentNumber"/> and
/// <see cref="IndexNumber"/> are matched exactly and shown in results; <see cref="Body"/> (with 内容概述 and 主题词) is
/// matched by bigram positions and is not stored in the index. <see cref="Attachments"/>: the text extracted from the
/// published attachments for the compliance check, searchable like the body; a result found only there names the file.
/// </summary>
public sealed partial record SearchDocument(
    string ItemId,
    string Title,
    string? DocumentNumber,
    string IndexNumber,
    DateOnly? PublishedOn,
    string ColumnName,
    string Url,
    string Body)
{
    public IReadOnlyList<SearchAttachment> Attachments { get; init; } = [];

    /// <summary>Builds the search view of an item; an HTML body is reduced to its text so that markup is not searchable.</summary>
    public static SearchDocument From(DisclosureItem item, CatalogueSettings catalogue, string body,
        IReadOnlyList<SearchAttachment>? attachments = null)
    {
        var text = item.BodyFormat == BodyFormat.Html ? HtmlToText(body) : body;
        var extra = string.Join("\n", [item.Summary, .. item.Keywords]);
        return new SearchDocument(
            item.Id,
            // Shown on the results page like on the item's page, where control characters are dropped.
            ControlCharacters.Drop(item.Title),
            item.DocumentNumber,
            item.IndexNumber.ToString(),
            item.PublishedOn,
            catalogue.FindColumn(item.ColumnCode)?.Name ?? item.ColumnCode,
            SiteUrls.Item(item),
            extra + "\n" + text) { Attachments = attachments ?? [] };
    }

    private static string HtmlToText(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(NonText().Replace(html, " "), " "));

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex NonText();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}

/// <summary>The text of one published attachment, as the compliance check extracted it, under its file name.</summary>
public sealed record SearchAttachment(string FileName, string Text);
