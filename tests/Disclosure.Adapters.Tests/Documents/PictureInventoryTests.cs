using Disclosure.Adapters.Documents;
using Disclosure.Compliance;
using Disclosure.Intake;
using static Disclosure.Adapters.Tests.Documents.DocumentBuilders;
using static Disclosure.Adapters.Tests.Documents.PictureBuilders;

namespace Disclosure.Adapters.Tests.Documents;

/// <summary>
/// Issue 15, "Images are reviewed" (Art. 17 保密审查): the text rules cannot see what a picture shows, so extraction
/// reports the pictures each format carries, and a file with any is never "fully checked".
/// </summary>
public class PictureInventoryTests
{
    private readonly DocumentTextExtractor extractor = new();
    private readonly DocumentPictureReader reader = new(new DocumentBudgets());

    private Task<ExtractedText> Extract(byte[] bytes, string contentType) =>
        extractor.ExtractAsync(new MemoryStream(bytes), contentType, CancellationToken.None);

    private Task<PictureRead> Read(byte[] bytes, string contentType, int number, DocumentPictureReader? with = null) =>
        (with ?? reader).ReadAsync(new MemoryStream(bytes), contentType, number, CancellationToken.None);

    [Fact]
    public async Task A_docx_with_a_picture_in_its_body_reports_the_media_part_and_is_not_fully_checked()
    {
        var result = await Extract(DocxWithPicture(Png(4, 4)), AttachmentTypes.Docx.ContentType);

        Assert.True(result.IsComplete); // the text itself was read
        Assert.False(result.IsFullyChecked);
        var picture = Assert.Single(result.Pictures.Listed);
        Assert.Equal(1, result.Pictures.Count);
        Assert.EndsWith(".png", picture.Part); // where the SDK stores it: media/image.png
        Assert.True(picture.CanOpen);
        Assert.Contains("申请人身份证复印件", result.Text);
    }

    [Fact]
    public async Task A_picture_in_a_docx_header_counts_too()
    {
        var result = await Extract(DocxWithPictureInHeader(Png(2, 2)), AttachmentTypes.Docx.ContentType);
        Assert.Equal(1, result.Pictures.Count);
    }

    [Fact]
    public async Task A_docx_without_pictures_is_fully_checked()
    {
        var result = await Extract(Docx(body => body.Append(Paragraph(Run("关于开展科技项目申报的通知")))), AttachmentTypes.Docx.ContentType);
        Assert.False(result.Pictures.HasPictures);
        Assert.Same(PictureInventory.None, result.Pictures);
        Assert.True(result.IsFullyChecked);
    }

    [Fact]
    public async Task A_picture_linked_from_a_web_server_is_not_counted_as_carried_by_the_file()
    {
        var result = await Extract(DocxWithLinkedPicture(), AttachmentTypes.Docx.ContentType);
        Assert.False(result.Pictures.HasPictures);
    }

    [Fact]
    public async Task An_xlsx_with_a_photo_over_its_cells_reports_it()
    {
        var result = await Extract(XlsxWithPicture(Png(3, 3)), AttachmentTypes.Xlsx.ContentType);
        Assert.Equal(1, result.Pictures.Count);
        Assert.StartsWith("xl/media/", Assert.Single(result.Pictures.Listed).Part);
        Assert.Contains("申请人照片", result.Text);
        Assert.False(result.IsFullyChecked);
    }

    [Fact]
    public async Task A_pptx_slide_picture_is_reported()
    {
        var result = await Extract(PptxWithPicture(Png(2, 2)), DocumentTextExtractor.PresentationContentType);
        Assert.Equal("ppt/media/image1.png", Assert.Single(result.Pictures.Listed).Part);
    }

    [Fact]
    public async Task A_pdf_scan_page_with_some_text_on_it_is_named_by_page()
    {
        // More than a page number of typed text: the old scan heuristic (fewer than 10 letters) calls this page read.
        var pdf = PdfScanWithText(["Identity card of the applicant, scanned", "Submitted 2026-11-20"], Png(8, 8));
        var result = await Extract(pdf, AttachmentTypes.Pdf.ContentType);

        Assert.True(result.IsComplete);
        Assert.False(result.IsFullyChecked);
        Assert.Equal([2], result.Pictures.Pages);
        Assert.Equal(1, result.Pictures.Count);
        Assert.Equal(2, Assert.Single(result.Pictures.Listed).Page);
        Assert.Equal("第2页，共1张", result.Pictures.Describe());
    }

    [Fact]
    public async Task A_pdf_without_images_has_no_pictures()
    {
        var result = await Extract(Pdf(["Plain text only"], ["Second page"]), AttachmentTypes.Pdf.ContentType);
        Assert.False(result.Pictures.HasPictures);
        Assert.True(result.IsFullyChecked);
    }

    [Fact]
    public async Task An_ofd_page_with_an_image_object_is_named_even_when_it_has_text()
    {
        var result = await Extract(OfdWithCaptionedImage(), AttachmentTypes.Ofd.ContentType);
        Assert.True(result.IsComplete);
        Assert.Equal([2], result.Pictures.Pages);
        Assert.True(Assert.Single(result.Pictures.Listed).CanOpen);
        Assert.Contains("申请人身份证", result.Text);

        var plain = await Extract(Ofd(["第一页"], ["第二页"]), AttachmentTypes.Ofd.ContentType);
        Assert.True(plain.IsFullyChecked);
    }

    [Fact]
    public async Task A_picture_attachment_is_itself_one_picture()
    {
        var result = await Extract(Png(2, 2), AttachmentTypes.Png.ContentType);
        Assert.Equal(1, result.Pictures.Count);
        Assert.True(Assert.Single(result.Pictures.Listed).CanOpen);
    }

    [Fact]
    public async Task Ten_thousand_pictures_are_counted_but_only_the_first_hundred_listed()
    {
        // Past the default 10 s the file would go to a person as over budget, which is right but not what this test
        // looks at; a shared test machine can be that slow.
        var patient = new DocumentTextExtractor(new DocumentBudgets { MaxDuration = TimeSpan.FromMinutes(2) });
        Task<ExtractedText> Extract(byte[] bytes, string contentType) => patient.ExtractAsync(new MemoryStream(bytes), contentType, CancellationToken.None);

        var docx = await Extract(DocxWithManyPictures(10_000, Png(1, 1)), AttachmentTypes.Docx.ContentType);
        Assert.Equal(10_000, docx.Pictures.Count);
        Assert.Equal(PictureInventory.MaxListed, docx.Pictures.Listed.Count);
        Assert.Equal("word/media/image00001.png", docx.Pictures.Listed[0].Part);

        var pdf = await Extract(PdfDrawingOneImage(10_000), AttachmentTypes.Pdf.ContentType);
        Assert.Equal(10_000, pdf.Pictures.Count);
        Assert.Equal(PictureInventory.MaxListed, pdf.Pictures.Listed.Count);
        Assert.Equal([1], pdf.Pictures.Pages);
    }

    [Fact]
    public async Task The_reader_serves_a_docx_picture_as_stored()
    {
        var png = Png(4, 4);
        var read = await Read(DocxWithPicture(png), AttachmentTypes.Docx.ContentType, 1);
        Assert.Equal(png, Assert.IsType<PictureRead.Found>(read).Bytes);
        Assert.Equal("image/png", PictureFormats.MediaTypeOf(png));

        Assert.IsType<PictureRead.Missing>(await Read(DocxWithPicture(png), AttachmentTypes.Docx.ContentType, 2));
        Assert.IsType<PictureRead.Missing>(await Read(DocxWithPicture(png), AttachmentTypes.Docx.ContentType, 0));
    }

    [Fact]
    public async Task The_reader_numbers_pictures_as_the_inventory_lists_them()
    {
        var docx = DocxWithManyPictures(3, Png(1, 1));
        var inventory = (await Extract(docx, AttachmentTypes.Docx.ContentType)).Pictures;
        Assert.Equal(3, inventory.Count);
        Assert.IsType<PictureRead.Found>(await Read(docx, AttachmentTypes.Docx.ContentType, 3));
        Assert.IsType<PictureRead.Missing>(await Read(docx, AttachmentTypes.Docx.ContentType, 4));
    }

    [Fact]
    public async Task The_reader_converts_a_pdf_page_image_to_png()
    {
        var read = await Read(PdfScanWithText(["Caption"], Png(8, 8)), AttachmentTypes.Pdf.ContentType, 1);
        Assert.Equal("image/png", PictureFormats.MediaTypeOf(Assert.IsType<PictureRead.Found>(read).Bytes));
    }

    [Fact]
    public async Task The_reader_serves_an_ofd_image_object_from_its_resource_file()
    {
        var png = Png(4, 4);
        var ofd = OfdWithPictureResource(png);
        Assert.Equal([2], (await Extract(ofd, AttachmentTypes.Ofd.ContentType)).Pictures.Pages);
        Assert.Equal(png, Assert.IsType<PictureRead.Found>(await Read(ofd, AttachmentTypes.Ofd.ContentType, 1)).Bytes);
        Assert.IsType<PictureRead.Missing>(await Read(ofd, AttachmentTypes.Ofd.ContentType, 2));
    }

    [Fact]
    public async Task The_reader_refuses_a_picture_past_the_size_limit_without_holding_it_whole()
    {
        var small = new DocumentPictureReader(new DocumentBudgets { MaxPictureBytes = 16 });
        var read = await Read(DocxWithPicture(Png(16, 16)), AttachmentTypes.Docx.ContentType, 1, small);
        Assert.Equal(16, Assert.IsType<PictureRead.TooLarge>(read).Limit);
        Assert.IsType<PictureRead.TooLarge>(await Read(Png(16, 16), AttachmentTypes.Png.ContentType, 1, small));
    }

    [Fact]
    public async Task A_pdf_image_declaring_huge_dimensions_is_handed_over_as_stored_not_converted()
    {
        var pdf = PdfFile.Write(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
            "<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
            "<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 3 >>\nstream\nabc\nendstream",
        ]);
        var inventory = (await Extract(pdf, AttachmentTypes.Pdf.ContentType)).Pictures;
        Assert.Equal(1, inventory.Count);

        var read = Assert.IsType<PictureRead.Found>(await Read(pdf, AttachmentTypes.Pdf.ContentType, 1));
        Assert.Equal("abc"u8.ToArray(), read.Bytes);
        Assert.Null(PictureFormats.MediaTypeOf(read.Bytes));
    }

    [Fact]
    public async Task The_reader_has_nothing_to_take_out_of_a_damaged_or_picture_less_file()
    {
        Assert.IsType<PictureRead.Missing>(await Read([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], AttachmentTypes.Docx.ContentType, 1));
        Assert.IsType<PictureRead.Missing>(await Read(Pdf(["Text"]), AttachmentTypes.Pdf.ContentType, 1));
        Assert.IsType<PictureRead.Missing>(await Read(Ofd([null]), AttachmentTypes.Ofd.ContentType, 1));
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00 }, "image/tiff")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)] // <svg: a picture that can carry script is never shown inline
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0x00 }, null)] // EMF
    public void Only_bitmap_formats_are_recognised_from_their_bytes(byte[] head, string? expected)
        => Assert.Equal(expected, PictureFormats.MediaTypeOf(head));
}
