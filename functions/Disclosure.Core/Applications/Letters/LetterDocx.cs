using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static Disclosure.Inspection.AnnualReport.AnnualReportDocx;

namespace Disclosure.Applications.Letters;

/// <summary>
/// A letter as a DOCX on the same page and fonts as the annual report (GB/T 9704): title centred, the reference number
/// right-aligned under it, the addressee flush left, the body indented two characters, the agency and date at the foot
/// right-aligned, where the seal goes.
/// </summary>
public static class LetterDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Write(ApplicationLetter letter, DateTimeOffset generatedAt)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = letter.Title;
            document.PackageProperties.Creator = letter.Signatory;
            document.PackageProperties.Language = "zh-CN";
            document.PackageProperties.Created = generatedAt.UtcDateTime;

            var body = new Body(
                Title(letter.Title),
                Line(letter.Reference, JustificationValues.Right),
                Line(letter.Addressee, JustificationValues.Left));
            foreach (var text in letter.Paragraphs)
                body.Append(new Paragraph(
                    new ParagraphProperties(FixedLines(), new Indentation { FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }),
                    TextRun(Clean(text), Font(BodyFont, BodySize))));
            body.Append(Line("", JustificationValues.Right));
            body.Append(Line(letter.Signatory, JustificationValues.Right));
            body.Append(Line(ApplicationLetters.Day(letter.Date), JustificationValues.Right));
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = 992, Gutter = 0 }));

            var main = document.AddMainDocumentPart();
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Line(string text, JustificationValues alignment) => new(
        new ParagraphProperties(FixedLines(), new Justification { Val = alignment }),
        TextRun(Clean(text), Font(BodyFont, BodySize)));
}
