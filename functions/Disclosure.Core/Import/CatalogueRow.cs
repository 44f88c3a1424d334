using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Disclosure.Catalogue;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Import;

/// <summary>
/// One row of a catalogue export in the terms of intake: the fields a <see cref="SubmissionDraft"/> takes (so the intake
/// rules check it), plus what only an import has: the 索引号 and 发布日期 the item keeps, the body file and attachment
/// names, and the old web address.
/// </summary>
public sealed partial record CatalogueRow(int Number, IReadOnlyDictionary<CatalogueField, string> Values)
{
    public string Get(CatalogueField field) => Values.TryGetValue(field, out var value) ? InputText.Clean(value) : "";

    public static CatalogueRow From(SourceRow row, IReadOnlyDictionary<CatalogueField, int> map)
        => new(row.Number, map.ToDictionary(m => m.Key, m => m.Value < row.Cells.Count ? row.Cells[m.Value] : ""));

    public string IndexNumberText => Get(CatalogueField.IndexNumber);
    public string Title => Get(CatalogueField.Title);
    public string? OriginalUrl => Get(CatalogueField.OriginalUrl) is { Length: > 0 } url ? url : null;
    public string BodyFile => Get(CatalogueField.BodyFile);

    /// <summary>The attachment names, separated as exports separate them (；, ;, |, 、 or one per line).</summary>
    public IReadOnlyList<string> AttachmentNames => Get(CatalogueField.Attachments)
        .Split([';', '；', '|', '、', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// 废止/修订关系 as a link intake understands: "废止 {索引号}" or "修订：{索引号}" (this document repeals or amends that
    /// one). Anything else (e.g. "已被…废止", written on the repealed document) is kept as a note on the item.
    /// </summary>
    public (string? Relation, string? Related, string? Note) Relation()
    {
        var text = Get(CatalogueField.Relation);
        if (text.Length == 0) return (null, null, null);
        var m = RelationPattern().Match(text);
        return m.Success ? (m.Groups[1].Value == "修订" ? "已修订" : m.Groups[1].Value, m.Groups[2].Value, null) : (null, null, text);
    }

    /// <summary>
    /// The row as intake's draft: a date however the export wrote it (an Excel date serial, with a time, with dots), a
    /// column by its code or its name, 有效性 in the words other systems use, and 主动公开 (it was on the public site).
    /// </summary>
    public SubmissionDraft ToDraft(CatalogueSettings catalogue, string body, string bodyFormat, IReadOnlyList<UploadedFile> attachments)
    {
        var (relation, related, _) = Relation();
        var relationWord = relation switch { "废止" => nameof(Items.Relation.Repeals), "已修订" => nameof(Items.Relation.Amends), _ => null };
        return new SubmissionDraft
        {
            Title = Title,
            Column = ColumnCode(catalogue, Get(CatalogueField.Column)),
            Genre = Get(CatalogueField.Genre),
            Publisher = Get(CatalogueField.Publisher),
            Department = Get(CatalogueField.Department),
            DocumentNumber = Get(CatalogueField.DocumentNumber),
            FormedOn = DateText(Get(CatalogueField.FormedOn)),
            Attribute = DisclosureAttribute.Proactive.ToChinese(),
            Validity = ValidityText(Get(CatalogueField.Validity)),
            Keywords = Get(CatalogueField.Keywords),
            Summary = Get(CatalogueField.Summary),
            Body = body,
            BodyFormat = bodyFormat,
            Relation = relationWord,
            RelatedItem = related,
            Attachments = attachments,
        };
    }

    public string Body => Values.TryGetValue(CatalogueField.Body, out var body) ? body : "";

    public DateOnly? PublishedOn => ParseDate(DateText(Get(CatalogueField.PublishedOn)));

    public string PublishedOnText => Get(CatalogueField.PublishedOn);

    private static string ColumnCode(CatalogueSettings catalogue, string value)
        => catalogue.FindColumn(value)?.Code ?? catalogue.Columns.FirstOrDefault(c => c.Name == value)?.Code ?? value;

    private static string ValidityText(string value) => value switch
    {
        "现行有效" or "有效的" or "是" => "有效",
        "已失效" or "失效的" => "失效",
        "已废止" => "废止",
        "修订" or "已被修订" => "已修订",
        _ => value,
    };

    /// <summary>The date as YYYY-MM-DD when it can be read; otherwise the text as written, for intake's own message.</summary>
    public static string DateText(string value)
    {
        if (value.Length == 0) return value;
        // Excel keeps a date as the days since 1899-12-30; a catalogue's dates are after 1950 (serial 18,264).
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 18_264 and < 2_958_466)
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var datePart = value.Split(' ', 'T')[0].Replace('.', '-').Replace('/', '-');
        return DateOnly.TryParseExact(datePart, ["yyyy-M-d", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;
    }

    public static DateOnly? ParseDate(string text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A body file's text: UTF-8 when it is valid UTF-8, else GB18030.</summary>
    public static string DecodeText(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    [GeneratedRegex(@"^(废止|修订)\s*[：:]?\s*(\S+/\d{4}-\d{5})$", RegexOptions.NonBacktracking)]
    private static partial Regex RelationPattern();
}
