using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Disclosure.Publishing.Search;

/// <summary>
/// A meta page (<c>search/meta/{page}.json</c>, since format 3): what the results on one page of ordinals show, in as few
/// bytes as a visitor can afford to download 20 results' worth of (issue 19: a query ≤ 40 KiB). A page is
/// <c>{"c": [column names], "p": "索引号 prefix", "u": "URL prefix", "d": "first date", "e": [entry or null per ordinal]}</c>;
/// an entry is an array <c>[title, url after the prefix, 索引号 after the prefix, date, column index, 文号 or "",
/// attachments]</c> whose last two are left out when empty. The names of the columns, the issuer code that starts every
/// 索引号 and what the page's URLs start with are stored once a page, not once an item; a URL of the form
/// <c>/items/{x}.html</c> is stored as <c>x</c> (<c>assets/search.js</c> puts it back); a date is a number of days from
/// the page's <c>d</c> (format 7: "2024-12-07" took 12 bytes an entry, an offset 1–3), "" when there is none.
/// </summary>
public static class SearchMetaPage
{
    private const string ItemUrlStart = "/items/";
    private const string ItemUrlEnd = ".html";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode(IReadOnlyList<SearchMeta?> entries)
    {
        var present = entries.Where(e => e is not null).Select(e => e!).ToList();
        var columns = present.Select(e => e.Column).Distinct(StringComparer.Ordinal).ToList();
        var prefix = CommonPrefix(present.Select(e => e.IndexNumber).ToList());
        var urlPrefix = CommonPrefix(present.Select(e => ShortUrl(e.Url)).ToList());
        var baseDay = present.Select(e => Day(e.PublishedOn)).FirstOrDefault(d => d is not null);
        var buffer = new ArrayBufferWriter<byte>(256 + entries.Count * 128);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("c");
            foreach (var column in columns) json.WriteStringValue(column);
            json.WriteEndArray();
            json.WriteString("p", prefix);
            json.WriteString("u", urlPrefix);
            if (baseDay is { } day) json.WriteString("d", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteStartArray("e");
            foreach (var entry in entries)
            {
                if (entry is null)
                {
                    json.WriteNullValue();
                    continue;
                }
                json.WriteStartArray();
                json.WriteStringValue(entry.Title);
                json.WriteStringValue(ShortUrl(entry.Url)[urlPrefix.Length..]);
                json.WriteStringValue(entry.IndexNumber[prefix.Length..]);
                if (Day(entry.PublishedOn) is { } published && baseDay is { } from) json.WriteNumberValue(published.DayNumber - from.DayNumber);
                else json.WriteStringValue(entry.PublishedOn ?? "");
                json.WriteNumberValue(columns.IndexOf(entry.Column));
                if (entry.DocumentNumber is not null || entry.Attachments is { Count: > 0 })
                    json.WriteStringValue(entry.DocumentNumber ?? "");
                if (entry.Attachments is { Count: > 0 } attachments)
                {
                    json.WriteStartArray();
                    foreach (var a in attachments)
                    {
                        json.WriteStartArray();
                        json.WriteStringValue(a.Name);
                        json.WriteNumberValue(a.Start);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static List<SearchMeta?> Decode(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("检索结果信息页格式不正确");
        var columns = root.GetProperty("c").EnumerateArray().Select(c => c.GetString()!).ToList();
        var prefix = root.GetProperty("p").GetString()!;
        var urlPrefix = root.GetProperty("u").GetString()!;
        var baseDay = root.TryGetProperty("d", out var d) ? DateOnly.ParseExact(d.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
        var entries = new List<SearchMeta?>();
        foreach (var e in root.GetProperty("e").EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Null)
            {
                entries.Add(null);
                continue;
            }
            var length = e.GetArrayLength();
            var documentNumber = length > 5 ? e[5].GetString() : null;
            var date = e[3].ValueKind == JsonValueKind.Number && baseDay is { } from
                ? from.AddDays(e[3].GetInt32()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : e[3].GetString();
            entries.Add(new SearchMeta(e[0].GetString()!, LongUrl(urlPrefix + e[1].GetString()!), prefix + e[2].GetString(),
                string.IsNullOrEmpty(documentNumber) ? null : documentNumber, string.IsNullOrEmpty(date) ? null : date, columns[e[4].GetInt32()])
            {
                Attachments = length > 6 ? e[6].EnumerateArray().Select(a => new SearchMetaAttachment(a[0].GetString()!, a[1].GetInt32())).ToList() : null,
            });
        }
        return entries;
    }

    /// <summary>An item page's URL without what every item page's URL has; any other URL as it is (it starts with "/").</summary>
    public static string ShortUrl(string url) =>
        !url.StartsWith('/') ? throw new ArgumentException($"检索结果的链接必须是站内路径：{url}", nameof(url))
        : url.Length > ItemUrlStart.Length + ItemUrlEnd.Length && url.StartsWith(ItemUrlStart, StringComparison.Ordinal)
        && url.EndsWith(ItemUrlEnd, StringComparison.Ordinal) && !url.AsSpan(ItemUrlStart.Length, url.Length - ItemUrlStart.Length - ItemUrlEnd.Length).Contains('/')
            ? url[ItemUrlStart.Length..^ItemUrlEnd.Length]
            : url;

    public static string LongUrl(string stored) =>
        stored.StartsWith('/') ? stored : ItemUrlStart + stored + ItemUrlEnd;

    /// <summary>A 发布日期 as a day, or null when there is none or it is not a plain date.</summary>
    private static DateOnly? Day(string? date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The longest start all the strings share, never ending inside a surrogate pair.</summary>
    private static string CommonPrefix(IReadOnlyList<string> values)
    {
        if (values.Count == 0) return "";
        var length = values.Min(v => v.Length);
        foreach (var value in values.Skip(1))
        {
            var same = 0;
            while (same < length && value[same] == values[0][same]) same++;
            length = same;
        }
        if (length > 0 && char.IsHighSurrogate(values[0][length - 1])) length--;
        return values[0][..length];
    }
}
