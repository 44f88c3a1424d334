using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Adapters.Tests.Documents;

/// <summary>Real files written with the same libraries a department's tools would use, for extraction round trips.</summary>
internal static class DocumentBuilders
{
    /// <summary>A PDF whose pages carry the given lines in Helvetica; a null page is a scan (one image, no text).</summary>
    public static byte[] Pdf(params string[]?[] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            if (lines is null)
            {
                page.AddPng(Png(8, 8), new PdfRectangle(0, 0, 595, 842));
                continue;
            }
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 12, new PdfPoint(50, y), font);
                y -= 20;
            }
        }
        return builder.Build();
    }

    /// <summary>A grey RGB PNG, with real CRCs and zlib data, as a stand-in for a scanned page.</summary>
    public static byte[] Png(int width, int height)
    {
        var raw = new byte[height * (1 + width * 3)];
        for (var i = 0; i < raw.Length; i++) raw[i] = (byte)(i % (1 + width * 3) == 0 ? 0 : 0x80);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);

        return PngFile.Rgb(width, height, compressed.ToArray());
    }

    /// <summary>
    /// A one-page PDF with a standard security handler whose owner and user keys match no password, as a file
    /// protected with an open password looks to a reader that does not know it.
    /// </summary>
    public static byte[] EncryptedPdf()
    {
        var key = new string('A', 64);
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -4 >>",
        ];
        return PdfFile.Write(objects, "/Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]");
    }

    public static byte[] Docx(Action<W.Body> body, Action<MainDocumentPart>? parts = null, string? author = null)
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body());
            body(main.Document.Body!);
            parts?.Invoke(main);
            if (author is not null) document.PackageProperties.Creator = author;
        }
        return stream.ToArray();
    }

    public static W.Paragraph Paragraph(params OpenXmlElement[] runs) => new(runs);

    public static W.Run Run(string text) => new(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>Sheets by name; a cell is a string (shared string), an (inline) tuple, or a number.</summary>
    public static byte[] Xlsx(params (string Name, bool Hidden, object[][] Rows)[] sheets)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            uint sheetId = 1;
            foreach (var (name, hidden, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var row in rows)
                {
                    var xmlRow = new Row();
                    foreach (var value in row) xmlRow.Append(CellFor(value, shared.SharedStringTable));
                    data.Append(xmlRow);
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet
                {
                    Name = name,
                    SheetId = sheetId++,
                    Id = workbook.GetIdOfPart(part),
                    State = hidden ? SheetStateValues.Hidden : null,
                });
            }
        }
        return stream.ToArray();
    }

    public sealed record Inline(string Text);

    private static Cell CellFor(object value, SharedStringTable table) => value switch
    {
        string s => new Cell
        {
            DataType = CellValues.SharedString,
            CellValue = new CellValue(AddShared(table, s).ToString()),
        },
        Inline inline => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(inline.Text)) },
        bool b => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
        _ => new Cell { CellValue = new CellValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!) },
    };

    private static int AddShared(SharedStringTable table, string text)
    {
        table.Append(new SharedStringItem(new Text(text)));
        return table.ChildElements.Count - 1;
    }

    /// <summary>An OFD package: OFD.xml → Doc_0/Document.xml → one Content.xml per page; a null page holds only an image.</summary>
    public static byte[] Ofd(params string[]?[] pages)
    {
        const string Ns = "http://www.ofdspec.org/2016";
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Add("OFD.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{Ns}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>""");
            var pageList = string.Concat(pages.Select((_, i) => $"""<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>"""));
            Add("Doc_0/Document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{Ns}"><ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{pageList}</ofd:Pages></ofd:Document>""");
            for (var i = 0; i < pages.Length; i++)
            {
                var objects = pages[i] is { } lines
                    ? string.Concat(lines.Select((line, j) =>
                        $"""<ofd:TextObject ID="{j + 20}" Boundary="20 {30 + j * 10} 170 8" Font="3" Size="4.2"><ofd:TextCode X="0" Y="4" DeltaX="g {Math.Max(line.Length - 1, 1)} 4.2">{System.Security.SecurityElement.Escape(line)}</ofd:TextCode></ofd:TextObject>"""))
                    : """<ofd:ImageObject ID="50" Boundary="0 0 210 297" ResourceID="60"/>""";
                Add($"Doc_0/Pages/Page_{i}/Content.xml", $"""<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{Ns}"><ofd:Content><ofd:Layer ID="{i + 90}">{objects}</ofd:Layer></ofd:Content></ofd:Page>""");
            }
        }
        return buffer.ToArray();
    }
}
