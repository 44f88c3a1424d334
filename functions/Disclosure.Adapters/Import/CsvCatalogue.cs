using System.Text;
using Disclosure.Import;

namespace Disclosure.Adapters.Import;

/// <summary>
/// A CSV catalogue (RFC 4180: quoted fields may hold commas, quotes and line breaks) in UTF-8, with or without a BOM, or
/// in GB18030, the encoding Chinese office software writes by default. The encoding is decided once for the whole file:
/// UTF-8 when every byte sequence in it is valid UTF-8, GB18030 otherwise (text in GB18030 is almost never valid UTF-8,
/// while the reverse guess would turn every UTF-8 file into mojibake).
/// </summary>
public sealed class CsvCatalogue : ICatalogueTable
{
    private readonly Func<Stream> _open;
    private readonly Encoding _encoding;

    static CsvCatalogue() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public CsvCatalogue(string fileName, Func<Stream> open)
    {
        FileName = fileName;
        _open = open;
        _encoding = Detect(open, fileName);
        Headers = ReadAll().FirstOrDefault()?.Cells ?? throw new ImportFileException($"“{fileName}”是空文件：第一行应为表头。");
    }

    public string FileName { get; }
    public IReadOnlyList<string> Headers { get; }
    public IEnumerable<SourceRow> Rows => ReadAll().Skip(1);

    /// <summary>The encoding the file is read in (UTF-8 or GB18030).</summary>
    public string EncodingName => _encoding.WebName;

    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    private static Encoding Detect(Func<Stream> open, string fileName)
    {
        using var stream = open();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        long total = 0;
        int read;
        try
        {
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                total += read;
                if (total > ImportLimits.MaxCsvBytes) throw new ImportFileException($"“{fileName}”超过 {ImportLimits.MaxCsvBytes / 1024 / 1024} MB，请分成几个文件导入。");
                strict.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            strict.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
    }

    private IEnumerable<SourceRow> ReadAll()
    {
        // detectEncodingFromByteOrderMarks drops a UTF-8 BOM; GB18030 files carry none.
        using var reader = new StreamReader(_open(), _encoding, detectEncodingFromByteOrderMarks: true);
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        long rowChars = 0;
        var quoted = false;
        var afterQuote = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (++rowChars > ImportLimits.MaxRowChars)
                throw new ImportFileException($"“{FileName}”第 {rowStart} 行超过 {ImportLimits.MaxRowChars} 个字符（可能缺少一个结束引号）。");
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { quoted = false; afterQuote = true; }
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0 && !afterQuote:
                    quoted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r':
                    break; // a CRLF ends the row at its LF; a lone CR inside a field is kept by the quoted branch
                case '\n':
                    EndField();
                    if (cells.Any(v => v.Length > 0)) yield return new SourceRow(rowStart, [.. cells]);
                    cells.Clear();
                    rowChars = 0;
                    rowStart = ++line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (quoted) throw new ImportFileException($"“{FileName}”第 {rowStart} 行的引号没有结束。");
        EndField();
        if (cells.Any(v => v.Length > 0)) yield return new SourceRow(rowStart, [.. cells]);

        void EndField()
        {
            if (cells.Count >= ImportLimits.MaxCells)
                throw new ImportFileException($"“{FileName}”第 {rowStart} 行超过 {ImportLimits.MaxCells} 列。");
            cells.Add(field.ToString());
            field.Clear();
            afterQuote = false;
        }
    }
}
