using System.Text;

namespace Disclosure.Redirects;

/// <summary>
/// Reads the 旧网址,索引号 table an agency exports from its old CMS or types in a spreadsheet: RFC 4180 CSV (quoted
/// fields, doubled quotes, CRLF or LF), columns found by their header names in any order (others are ignored), in UTF-8
/// (with or without BOM) or GB18030, the encoding Chinese editions of Excel and WPS save CSV in.
/// </summary>
public static class LegacyAddressCsv
{
    static LegacyAddressCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of the file: UTF-8 when it is valid UTF-8, otherwise GB18030 (which also reads GBK and GB2312).</summary>
    public static string Decode(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    public static IReadOnlyList<LegacyAddressRow> Read(byte[] bytes)
    {
        var records = Parse(Decode(bytes));
        if (records.Count == 0) throw new LegacyAddressLoadRefusedException("文件是空的：第一行应为表头“旧网址,索引号”。");
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var url = header.IndexOf(LegacyAddressLoad.OldUrlColumn);
        var number = header.IndexOf(LegacyAddressLoad.IndexNumberColumn);
        if (url < 0 || number < 0)
            throw new LegacyAddressLoadRefusedException("第一行应为表头，含“旧网址”和“索引号”两列（文件应为 UTF-8 或 GB18030 编码的 CSV）。");
        var rows = new List<LegacyAddressRow>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(new LegacyAddressRow(line, Field(fields, url), Field(fields, number)));
        }
        return rows;
    }

    private static string Field(IReadOnlyList<string> fields, int index) => index < fields.Count ? fields[index].Trim() : "";

    /// <summary>Records with the line each starts on (a quoted field may span lines).</summary>
    private static List<(int Line, IReadOnlyList<string> Fields)> Parse(string text)
    {
        var records = new List<(int, IReadOnlyList<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    any = false;
                    recordLine = ++line;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }
        if (quoted) throw new LegacyAddressLoadRefusedException($"第 {recordLine} 行的引号没有配对，文件可能不完整。");
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }
        return records;
    }
}
