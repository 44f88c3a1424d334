using Disclosure.Intake;

namespace Disclosure.Tests.Intake;

public class AttachmentTypesTests
{
    private static AttachmentDetection Detect(byte[] bytes, string name) => AttachmentTypes.Detect(new MemoryStream(bytes), name);

    [Fact]
    public void A_pdf_is_recognised_by_its_header()
    {
        var detection = Detect(TestFiles.Pdf(), "关于印发年度计划的通知.pdf");
        Assert.Same(AttachmentTypes.Pdf, detection.Type);
        Assert.Equal("application/pdf", detection.Type!.ContentType);
        Assert.False(detection.ExtensionCorrected);
    }

    [Fact]
    public void A_pdf_uploaded_as_docx_is_a_pdf_and_its_extension_is_corrected()
    {
        var detection = Detect(TestFiles.Pdf(), "报告.docx");
        Assert.Same(AttachmentTypes.Pdf, detection.Type);
        Assert.True(detection.ExtensionCorrected);
    }

    [Fact]
    public void Png_and_jpeg_images_are_recognised_and_jpeg_accepts_both_extensions()
    {
        Assert.Same(AttachmentTypes.Png, Detect(TestFiles.Png(), "图.png").Type);
        Assert.Same(AttachmentTypes.Jpeg, Detect(TestFiles.Jpeg(), "照片.jpeg").Type);
        Assert.False(Detect(TestFiles.Jpeg(), "照片.JPEG").ExtensionCorrected);
        Assert.True(Detect(TestFiles.Jpeg(), "照片.png").ExtensionCorrected);
    }

    [Fact]
    public void A_zip_with_content_types_and_word_document_is_docx()
    {
        var detection = Detect(TestFiles.Docx(), "通知.zip");
        Assert.Same(AttachmentTypes.Docx, detection.Type);
        Assert.True(detection.ExtensionCorrected);
    }

    [Fact]
    public void A_zip_with_a_workbook_is_xlsx()
    {
        Assert.Same(AttachmentTypes.Xlsx, Detect(TestFiles.Xlsx(), "名单.xlsx").Type);
    }

    [Fact]
    public void A_zip_with_ofd_xml_at_its_root_is_ofd()
    {
        Assert.Same(AttachmentTypes.Ofd, Detect(TestFiles.Ofd(), "公文.ofd").Type);
    }

    [Fact]
    public void An_ordinary_zip_archive_is_refused()
    {
        var detection = Detect(TestFiles.Zip(("readme.txt", "hello"), ("word/document.xml", "<x/>")), "材料.docx");
        Assert.False(detection.IsAllowed);
        Assert.Contains("不支持的文件类型", detection.RefusalReason);
    }

    [Fact]
    public void A_macro_enabled_word_document_renamed_to_docx_is_refused()
    {
        var docm = TestFiles.Docx("application/vnd.ms-word.document.macroEnabled.main+xml");
        var detection = Detect(docm, "通知.docx");
        Assert.False(detection.IsAllowed);
        Assert.Contains("宏", detection.RefusalReason);

        var withVbaPart = TestFiles.Zip(("[Content_Types].xml", TestFiles.ContentTypes("x")), ("word/document.xml", "<x/>"), ("word/vbaProject.bin", "x"));
        Assert.Contains("宏", Detect(withVbaPart, "通知.docx").RefusalReason);
    }

    [Fact]
    public void A_compound_file_with_a_word_document_stream_is_doc_whatever_its_name()
    {
        var detection = Detect(TestFiles.CompoundFile("WordDocument", "1Table"), "名单.xls");
        Assert.Same(AttachmentTypes.Doc, detection.Type);
        Assert.True(detection.ExtensionCorrected);
    }

    [Fact]
    public void A_compound_file_with_a_workbook_stream_is_xls()
    {
        Assert.Same(AttachmentTypes.Xls, Detect(TestFiles.CompoundFile("Workbook"), "预算.doc").Type);
    }

    [Fact]
    public void A_powerpoint_compound_file_is_refused()
    {
        Assert.False(Detect(TestFiles.CompoundFile("PowerPoint Document", "Current User"), "汇报.doc").IsAllowed);
    }

    [Fact]
    public void A_password_protected_office_file_is_refused_as_encrypted()
    {
        var detection = Detect(TestFiles.CompoundFile("EncryptionInfo", "EncryptedPackage"), "名单.xlsx");
        Assert.False(detection.IsAllowed);
        Assert.Contains("加密", detection.RefusalReason);
    }

    [Fact]
    public void A_word_97_document_with_macros_is_refused()
    {
        Assert.Contains("宏", Detect(TestFiles.CompoundFile("WordDocument", "Macros"), "a.doc").RefusalReason);
    }

    [Fact]
    public void A_compound_file_whose_directory_cannot_be_read_falls_back_to_the_doc_or_xls_extension()
    {
        var headerOnly = TestFiles.CompoundFile("Workbook")[..512];
        Assert.Same(AttachmentTypes.Xls, Detect(headerOnly, "旧表格.xls").Type);
        Assert.Same(AttachmentTypes.Doc, Detect(headerOnly, "旧文档.DOC").Type);
        Assert.False(Detect(headerOnly, "旧文档.ppt").IsAllowed);
    }

    [Fact]
    public void An_executable_or_html_named_pdf_is_refused()
    {
        Assert.False(Detect("MZ\x90\0\x03\0\0\0"u8.ToArray(), "通知.pdf").IsAllowed);
        Assert.False(Detect("<html><script>alert(1)</script>"u8.ToArray(), "通知.pdf").IsAllowed);
        Assert.Equal("文件为空。", Detect([], "通知.pdf").RefusalReason);
    }

    [Fact]
    public void A_pdf_signature_after_other_content_is_not_a_pdf()
    {
        var polyglot = "<html>"u8.ToArray().Concat(TestFiles.Pdf()).ToArray();
        Assert.False(Detect(polyglot, "a.pdf").IsAllowed);
    }

    [Fact]
    public void A_truncated_zip_is_refused_as_damaged()
    {
        var docx = TestFiles.Docx();
        var detection = Detect(docx[..(docx.Length / 2)], "a.docx");
        Assert.False(detection.IsAllowed);
    }

    [Fact]
    public void Detection_leaves_a_seekable_stream_where_it_found_it()
    {
        var bytes = new byte[] { 1, 2, 3 }.Concat(TestFiles.Docx()).ToArray();
        var stream = new MemoryStream(bytes) { Position = 3 };
        Assert.Same(AttachmentTypes.Docx, AttachmentTypes.Detect(stream, "a.docx").Type);
        Assert.Equal(3, stream.Position);
    }

    [Fact]
    public void A_forward_only_stream_is_buffered_and_detected()
    {
        using var forwardOnly = new ForwardOnlyStream(TestFiles.Xlsx());
        Assert.Same(AttachmentTypes.Xlsx, AttachmentTypes.Detect(forwardOnly, "a.xlsx").Type);
    }

    [Fact]
    public void Classify_reads_only_the_header()
    {
        Assert.Equal(AttachmentTypes.Signature.Zip, AttachmentTypes.Classify(TestFiles.Docx().AsSpan(0, 8)));
        Assert.Equal(AttachmentTypes.Signature.CompoundFile, AttachmentTypes.Classify(TestFiles.CompoundFile().AsSpan(0, 8)));
        Assert.Equal(AttachmentTypes.Signature.Unknown, AttachmentTypes.Classify([]));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
