using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static Disclosure.Adapters.Tests.Documents.DocumentBuilders;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Adapters.Tests.Documents;

/// <summary>Documents that carry pictures the way a department's tools put them there, for the picture inventory.</summary>
internal static class PictureBuilders
{
    private const string PictureRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

    /// <summary>A DOCX with <paramref name="picture"/> drawn inline in its body (an ID card photographed into a letter).</summary>
    public static byte[] DocxWithPicture(byte[] picture, string caption = "附件：申请人身份证复印件") => Docx(
        body => body.Append(Paragraph(Run(caption))),
        main =>
        {
            var image = main.AddImagePart(ImagePartType.Png);
            using (var data = new MemoryStream(picture)) image.FeedData(data);
            main.Document.Body!.Append(Paragraph(new W.Run(InlineDrawing(main.GetIdOfPart(image)))));
        });

    /// <summary>A DOCX whose only picture is in the page header (a scanned letterhead with a signature).</summary>
    public static byte[] DocxWithPictureInHeader(byte[] picture) => Docx(
        body => body.Append(Paragraph(Run("正文"))),
        main =>
        {
            var header = main.AddNewPart<HeaderPart>();
            var image = header.AddImagePart(ImagePartType.Png);
            using (var data = new MemoryStream(picture)) image.FeedData(data);
            header.Header = new W.Header(Paragraph(new W.Run(InlineDrawing(header.GetIdOfPart(image)))));
        });

    /// <summary>A DOCX that links a picture on a web server instead of embedding it.</summary>
    public static byte[] DocxWithLinkedPicture() => Docx(
        body => body.Append(Paragraph(Run("正文"))),
        main => main.AddExternalRelationship(PictureRelationship, new Uri("http://example.invalid/photo.png")));

    /// <summary>An inline DrawingML picture referring to relationship <paramref name="relationshipId"/>, as Word writes it.</summary>
    private static W.Drawing InlineDrawing(string relationshipId) => new()
    {
        InnerXml = $"""
            <wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="990000" cy="792000"/><wp:docPr id="1" name="图片 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{relationshipId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="990000" cy="792000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>
            """,
    };

    /// <summary>An XLSX register with a photograph placed over its cells (a drawing part holding an image part).</summary>
    public static byte[] XlsxWithPicture(byte[] picture)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var drawings = sheet.AddNewPart<DrawingsPart>();
            var image = drawings.AddImagePart(ImagePartType.Png);
            using (var data = new MemoryStream(picture)) image.FeedData(data);
            drawings.WorksheetDrawing = new DocumentFormat.OpenXml.Drawing.Spreadsheet.WorksheetDrawing();
            sheet.Worksheet = new Worksheet(
                new SheetData(new Row(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text("申请人照片")) })),
                new Drawing { Id = sheet.GetIdOfPart(drawings) });
            workbook.Workbook.Sheets!.Append(new Sheet { Name = "名单", SheetId = 1, Id = workbook.GetIdOfPart(sheet) });
        }
        return stream.ToArray();
    }

    /// <summary>A PPTX (written part by part) whose one slide shows <paramref name="picture"/>.</summary>
    public static byte[] PptxWithPicture(byte[] picture) => Zip(new Dictionary<string, byte[]>
    {
        ["[Content_Types].xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/></Types>"""),
        ["_rels/.rels"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>"""),
        ["ppt/presentation.xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"""),
        ["ppt/_rels/presentation.xml.rels"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>"""),
        ["ppt/slides/slide1.xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:cSld><p:spTree><p:pic><p:blipFill><a:blip r:embed="rId3"/></p:blipFill></p:pic></p:spTree></p:cSld></p:sld>"""),
        ["ppt/slides/_rels/slide1.xml.rels"] = Utf8($"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="{PictureRelationship}" Target="../media/image1.png"/></Relationships>"""),
        ["ppt/media/image1.png"] = picture,
    });

    /// <summary>
    /// A DOCX-shaped package with <paramref name="count"/> distinct media parts, each referenced from the document's
    /// relationships: far more pictures than anyone lists one by one.
    /// </summary>
    public static byte[] DocxWithManyPictures(int count, byte[] picture)
    {
        var parts = new Dictionary<string, byte[]>
        {
            ["[Content_Types].xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
            ["_rels/.rels"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
            ["word/document.xml"] = Utf8("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>照片</w:t></w:r></w:p></w:body></w:document>"""),
        };
        var rels = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        for (var i = 1; i <= count; i++)
        {
            rels.Append($"""<Relationship Id="rId{i + 10}" Type="{PictureRelationship}" Target="media/image{i:D5}.png"/>""");
            parts[$"word/media/image{i:D5}.png"] = picture;
        }
        parts["word/_rels/document.xml.rels"] = Utf8(rels.Append("</Relationships>").ToString());
        return Zip(parts);
    }

    /// <summary>A one-page PDF of typed text with a picture on it: a scanned form that someone captioned.</summary>
    public static byte[] PdfScanWithText(string[] lines, byte[] png)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var first = builder.AddPage(PageSize.A4);
        first.AddText("Cover page without pictures", 12, new PdfPoint(50, 780), font);
        var page = builder.AddPage(PageSize.A4);
        page.AddPng(png, new PdfRectangle(50, 100, 545, 700));
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 12, new PdfPoint(50, y), font);
            y -= 20;
        }
        return builder.Build();
    }

    /// <summary>A one-page PDF, written by hand, that draws one image XObject <paramref name="times"/> times.</summary>
    public static byte[] PdfDrawingOneImage(int times)
    {
        var content = new StringBuilder("BT /F1 12 Tf 72 800 Td (Photographs of the site inspection) Tj ET\n");
        for (var i = 0; i < times; i++) content.Append("q 10 0 0 10 0 0 cm /Im1 Do Q\n");
        var pixels = new byte[] { 0x80, 0x80, 0x80 };
        return PdfFile.Write(
        [
            Encoding.ASCII.GetBytes("<< /Type /Catalog /Pages 2 0 R >>"),
            Encoding.ASCII.GetBytes("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Encoding.ASCII.GetBytes("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>"),
            PdfFile.Stream(Encoding.ASCII.GetBytes(content.ToString())),
            Encoding.ASCII.GetBytes("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            PdfFile.Stream(pixels, "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8"),
        ]);
    }

    /// <summary>An OFD whose first page is text and second page is text with an image object on it.</summary>
    public static byte[] OfdWithCaptionedImage() => AddTextBesideImage(Ofd(["市科学技术局"], null));

    /// <summary>
    /// An OFD whose page 2 draws <paramref name="png"/>: the ImageObject's ResourceID 60 is a MultiMedia of
    /// DocumentRes.xml, stored under its BaseLoc as Doc_0/Res/image_60.png.
    /// </summary>
    public static byte[] OfdWithPictureResource(byte[] png)
    {
        var parts = Unzip(Ofd(["市科学技术局"], null));
        const string Ns = "http://www.ofdspec.org/2016";
        parts["Doc_0/Document.xml"] = Utf8(Encoding.UTF8.GetString(parts["Doc_0/Document.xml"])
            .Replace("</ofd:CommonData>", "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>"));
        parts["Doc_0/DocumentRes.xml"] = Utf8($"""<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{Ns}" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="60" Type="Image"><ofd:MediaFile>image_60.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>""");
        parts["Doc_0/Res/image_60.png"] = png;
        return Zip(parts);
    }

    private static Dictionary<string, byte[]> Unzip(byte[] package)
    {
        var parts = new Dictionary<string, byte[]>();
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            using var data = entry.Open();
            var copy = new MemoryStream();
            data.CopyTo(copy);
            parts[entry.FullName] = copy.ToArray();
        }
        return parts;
    }

    /// <summary>Rewrites the image-only page 2 of <see cref="DocumentBuilders.Ofd"/> to carry a caption too.</summary>
    private static byte[] AddTextBesideImage(byte[] ofd)
    {
        var parts = Unzip(ofd);
        const string Page = "Doc_0/Pages/Page_1/Content.xml";
        var xml = Encoding.UTF8.GetString(parts[Page]).Replace("""<ofd:ImageObject""",
            """<ofd:TextObject ID="70" Boundary="20 30 170 8" Font="3" Size="4.2"><ofd:TextCode X="0" Y="4">申请人身份证（扫描件）</ofd:TextCode></ofd:TextObject><ofd:ImageObject""");
        parts[Page] = Utf8(xml);
        return Zip(parts);
    }

    public static byte[] Zip(IReadOnlyDictionary<string, byte[]> parts)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in parts)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(data);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);
}
