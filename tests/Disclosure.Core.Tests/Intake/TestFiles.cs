using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Disclosure.Tests.Intake;

/// <summary>Small but structurally real files of each accepted kind, built byte by byte for the detection tests.</summary>
internal static class TestFiles
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
        "trailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE,
    ];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static string ContentTypes(string mainContentType) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="{mainContentType}"/></Types>""";

    public static byte[] Docx(string mainContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") => Zip(
        ("[Content_Types].xml", ContentTypes(mainContentType)),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:body></w:document>"""));

    public static byte[] Xlsx() => Zip(
        ("[Content_Types].xml", ContentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")),
        ("_rels/.rels", "<Relationships/>"),
        ("xl/workbook.xml", "<workbook/>"),
        ("xl/worksheets/sheet1.xml", "<worksheet/>"));

    public static byte[] Ofd() => Zip(
        ("OFD.xml", """<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"""),
        ("Doc_0/Document.xml", "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"/>"));

    /// <summary>
    /// A version 3 compound file (MS-CFB) with 512-byte sectors: sector 0 holds the FAT, sector 1 the directory with a
    /// root entry and one empty stream per name given.
    /// </summary>
    public static byte[] CompoundFile(params string[] streamNames)
    {
        const uint Free = 0xFFFFFFFF, EndOfChain = 0xFFFFFFFE, FatSector = 0xFFFFFFFD;
        var file = new byte[512 * 3];
        var header = file.AsSpan(0, 512);
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1);          // one FAT sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1);          // directory starts at sector 1
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], EndOfChain); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain); // no DIFAT sectors
        for (var i = 0; i < 109; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + i * 4)..], i == 0 ? 0 : Free);

        var fat = file.AsSpan(512, 512);
        for (var i = 0; i < 128; i++) BinaryPrimitives.WriteUInt32LittleEndian(fat[(i * 4)..], Free);
        BinaryPrimitives.WriteUInt32LittleEndian(fat, FatSector);
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], EndOfChain);

        var directory = file.AsSpan(1024, 512);
        string[] names = ["Root Entry", .. streamNames];
        if (names.Length > 4) throw new ArgumentException("one directory sector holds four entries");
        for (var i = 0; i < names.Length; i++)
        {
            var entry = directory.Slice(i * 128, 128);
            var name = Encoding.Unicode.GetBytes(names[i]);
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(name.Length + 2));
            entry[0x42] = (byte)(i == 0 ? 5 : 2);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], Free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], Free);
            // The root's child is the first stream; the streams are chained as right siblings.
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], i == 0 && names.Length > 1 ? 1u : Free);
            if (i > 0 && i + 1 < names.Length) BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], (uint)(i + 1));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], EndOfChain);
        }
        for (var i = names.Length; i < 4; i++) BinaryPrimitives.WriteUInt32LittleEndian(directory[(i * 128 + 0x44)..], Free);
        return file;
    }
}
