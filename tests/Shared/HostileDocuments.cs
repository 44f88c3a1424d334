using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Disclosure.Tests.Shared;

/// <summary>
/// Files an attacker (or an unlucky export) would upload, generated on demand so no large binary is committed: each is
/// small on the wire and expensive to read naively. Written by hand, without the document libraries, because a library
/// will not write a broken or malicious file.
/// </summary>
public static class HostileDocuments
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The generated hostile files by name, with the content type intake gives them (for the benchmark's measured run).</summary>
    public static IReadOnlyDictionary<string, (Func<byte[]> File, string ContentType)> Corpus { get; } =
        new Dictionary<string, (Func<byte[]>, string)>
        {
            ["zip bomb docx"] = (() => ZipBombDocx(), DocxContentType),
            ["billion laughs docx"] = (EntityExpansionDocx, DocxContentType),
            ["deeply nested docx"] = (() => DeeplyNestedDocx(), DocxContentType),
            ["zip bomb xlsx"] = (() => ZipBombXlsx(), XlsxContentType),
            ["huge shared strings xlsx"] = (() => HugeSharedStringsXlsx(), XlsxContentType),
            ["ofd page referenced many times"] = (() => OfdWithOnePageReferencedManyTimes(), "application/ofd"),
            ["ofd part lying about its size"] = (() => OfdWithLyingPartSize(), "application/ofd"),
            ["pdf with a huge page count"] = (() => PdfWithHugePageCount(), "application/pdf"),
            ["pdf with a huge content stream"] = (() => PdfWithHugeContentStream(), "application/pdf"),
            ["pdf nested deeply"] = (() => PdfWithDeepNesting(), "application/pdf"),
            ["png decompression bomb"] = (PngDecompressionBomb, "image/png"),
            ["jpeg decompression bomb"] = (JpegDecompressionBomb, "image/jpeg"),
        };

    private const string WordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string OfdNs = "http://www.ofdspec.org/2016";
    private const string RelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A DOCX whose document.xml inflates to <paramref name="decompressedBytes"/> of ordinary paragraphs (a zip bomb).</summary>
    public static byte[] ZipBombDocx(long decompressedBytes = 256L * 1024 * 1024) =>
        Docx(zip => Repeated(zip, "word/document.xml",
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WordNs}"><w:body>""",
            "<w:p><w:r><w:t>通知</w:t></w:r></w:p>", "</w:body></w:document>", decompressedBytes));

    /// <summary>A DOCX whose document.xml declares nested entities that expand to gigabytes ("billion laughs").</summary>
    public static byte[] EntityExpansionDocx()
    {
        var dtd = new StringBuilder("<!DOCTYPE w:document [<!ENTITY lol0 \"lollollollollol\">");
        for (var i = 1; i <= 9; i++)
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        dtd.Append("]>");
        return Docx(zip => Entry(zip, "word/document.xml",
            $"""<?xml version="1.0" encoding="UTF-8"?>{dtd}<w:document xmlns:w="{WordNs}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""));
    }

    /// <summary>A DOCX whose body nests <paramref name="depth"/> structured-document tags, each in the next.</summary>
    public static byte[] DeeplyNestedDocx(int depth = 100_000) =>
        Docx(zip =>
        {
            using var writer = Writer(zip, "word/document.xml");
            writer.Write($"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WordNs}"><w:body>""");
            for (var i = 0; i < depth; i++) writer.Write("<w:sdt><w:sdtContent>");
            writer.Write("<w:p><w:r><w:t>深处</w:t></w:r></w:p>");
            for (var i = 0; i < depth; i++) writer.Write("</w:sdtContent></w:sdt>");
            writer.Write("</w:body></w:document>");
        });

    /// <summary>An XLSX whose only sheet inflates to <paramref name="decompressedBytes"/> of empty cells (no text, all parsing).</summary>
    public static byte[] ZipBombXlsx(long decompressedBytes = 256L * 1024 * 1024) =>
        Xlsx(
            zip => Repeated(zip, "xl/worksheets/sheet1.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SheetNs}"><sheetData>""",
                """<row><c t="s"/><c t="s"/><c t="s"/><c t="s"/></row>""", "</sheetData></worksheet>", decompressedBytes),
            zip => Entry(zip, "xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SheetNs}"/>"""));

    private const string SharedString = "<si><t>关于印发科技项目管理办法的通知（第一批）关于印发科技项目管理办法的通知</t></si>";

    /// <summary>
    /// An XLSX with a shared-strings table of <paramref name="strings"/> entries (36 characters each: 14 M characters in
    /// under 64 MiB of XML by default) that only one cell uses.
    /// </summary>
    public static byte[] HugeSharedStringsXlsx(int strings = 400_000) =>
        Xlsx(
            zip => Entry(zip, "xl/worksheets/sheet1.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SheetNs}"><sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>"""),
            zip => Repeated(zip, "xl/sharedStrings.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SheetNs}">""",
                SharedString, "</sst>",
                strings * (long)Encoding.UTF8.GetByteCount(SharedString)));

    private const string PageReference = """<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>""";
    private const string TextObject = """<ofd:TextObject ID="3"><ofd:TextCode X="0" Y="4">科技项目</ofd:TextCode></ofd:TextObject>""";

    /// <summary>
    /// An OFD whose document lists <paramref name="references"/> pages that all point at one page part of
    /// <paramref name="pageTextObjects"/> text objects (4 characters each).
    /// </summary>
    public static byte[] OfdWithOnePageReferencedManyTimes(int references = 200_000, int pageTextObjects = 1)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "OFD.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OfdNs}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>""");
            Repeated(zip, "Doc_0/Document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OfdNs}"><ofd:Pages>""",
                PageReference, "</ofd:Pages></ofd:Document>", references * (long)Encoding.UTF8.GetByteCount(PageReference));
            Repeated(zip, "Doc_0/Pages/Page_0/Content.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OfdNs}"><ofd:Content><ofd:Layer ID="2">""",
                TextObject, "</ofd:Layer></ofd:Content></ofd:Page>", pageTextObjects * (long)Encoding.UTF8.GetByteCount(TextObject));
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// An OFD whose page part inflates to <paramref name="decompressedBytes"/>, with the zip's local and central headers
    /// claiming 100 bytes: a reader that trusts the declared size reads on.
    /// </summary>
    public static byte[] OfdWithLyingPartSize(long decompressedBytes = 256L * 1024 * 1024)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "OFD.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OfdNs}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>""");
            Entry(zip, "Doc_0/Document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OfdNs}"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>""");
            Repeated(zip, "Doc_0/Pages/Page_0/Content.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OfdNs}"><ofd:Content><ofd:Layer ID="2">""",
                """<ofd:PathObject ID="3" Boundary="0 0 1 1"/>""", "</ofd:Layer></ofd:Content></ofd:Page>", decompressedBytes);
        }
        var bytes = buffer.ToArray();
        DeclareUncompressedSize(bytes, "Doc_0/Pages/Page_0/Content.xml", 100);
        return bytes;
    }

    /// <summary>A PDF whose page tree lists one page object <paramref name="pages"/> times (a huge page count by repeated reference).</summary>
    public static byte[] PdfWithHugePageCount(int pages = 150_000)
    {
        var kids = new StringBuilder();
        for (var i = 0; i < pages; i++) kids.Append("3 0 R ");
        return Pdf(
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
            PdfFile.Stream(Ascii("BT /F1 12 Tf 50 780 Td (Page text) Tj ET")),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
    }

    /// <summary>A one-page PDF whose content stream is Flate-compressed and inflates to <paramref name="decompressedBytes"/>.</summary>
    public static byte[] PdfWithHugeContentStream(long decompressedBytes = 512L * 1024 * 1024)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0 0 m ", 10_000)));
            for (long written = 0; written < decompressedBytes; written += chunk.Length) zlib.Write(chunk);
        }
        return Pdf(
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            PdfFile.Stream(compressed.ToArray(), "/Filter /FlateDecode"));
    }

    /// <summary>A PDF whose page dictionary holds an array nested <paramref name="depth"/> deep, and whose content stream does too.</summary>
    public static byte[] PdfWithDeepNesting(int depth = 100_000)
    {
        var nested = new string('[', depth) + new string(']', depth);
        return Pdf(
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Deep {nested} >>"),
            PdfFile.Stream(Ascii($"BT {nested} TJ ET")));
    }

    /// <summary>A PNG that declares 100,000 × 100,000 pixels (30 GB decoded) over a few bytes of image data.</summary>
    public static byte[] PngDecompressionBomb()
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[1024 * 1024]);
        return PngFile.Rgb(100_000, 100_000, compressed.ToArray());
    }

    /// <summary>A JPEG whose frame header declares 65,535 × 65,535 pixels.</summary>
    public static byte[] JpegDecompressionBomb() =>
    [
        0xFF, 0xD8, // SOI
        0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, // SOF0: 8 bits, 65535 × 65535, 3 components
        0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00,
        0xFF, 0xD9, // EOI
    ];

    /// <summary>Bytes that start like the file type but are noise after the first <paramref name="keep"/> bytes.</summary>
    public static byte[] Corrupt(byte[] file, int keep = 64)
    {
        var corrupt = (byte[])file.Clone();
        var random = new Random(14);
        for (var i = Math.Min(keep, corrupt.Length); i < corrupt.Length; i++) corrupt[i] = (byte)random.Next(256);
        return corrupt;
    }

    private static byte[] Docx(Action<ZipArchive> document)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Entry(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RelNs}"><Relationship Id="rId1" Type="{OfficeRel}/officeDocument" Target="word/document.xml"/></Relationships>""");
            document(zip);
        }
        return buffer.ToArray();
    }

    private static byte[] Xlsx(Action<ZipArchive> sheet, Action<ZipArchive> sharedStrings)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Entry(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RelNs}"><Relationship Id="rId1" Type="{OfficeRel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SheetNs}" xmlns:r="{OfficeRel}"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry(zip, "xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RelNs}"><Relationship Id="rId1" Type="{OfficeRel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{OfficeRel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            sheet(zip);
            sharedStrings(zip);
        }
        return buffer.ToArray();
    }

    private static StreamWriter Writer(ZipArchive zip, string name) =>
        new(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 1 << 16);

    private static void Entry(ZipArchive zip, string name, string xml)
    {
        using var writer = Writer(zip, name);
        writer.Write(xml);
    }

    /// <summary>An entry of <paramref name="head"/>, then <paramref name="unit"/> for <paramref name="bytes"/> (rounded up to whole units), then <paramref name="tail"/>.</summary>
    private static void Repeated(ZipArchive zip, string name, string head, string unit, string tail, long bytes)
    {
        var unitBytes = Encoding.UTF8.GetBytes(unit);
        var units = (bytes + unitBytes.Length - 1) / unitBytes.Length;
        using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        stream.Write(Encoding.UTF8.GetBytes(head));
        var perChunk = Math.Max(1, 65_536 / unitBytes.Length);
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, perChunk)));
        for (; units >= perChunk; units -= perChunk) stream.Write(chunk);
        for (; units > 0; units--) stream.Write(unitBytes);
        stream.Write(Encoding.UTF8.GetBytes(tail));
    }

    /// <summary>Overwrites the uncompressed size of <paramref name="name"/> in its local header and its central directory record.</summary>
    private static void DeclareUncompressedSize(byte[] zip, string name, uint size)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Pdf(params byte[][] objects) => PdfFile.Write(objects);
}
