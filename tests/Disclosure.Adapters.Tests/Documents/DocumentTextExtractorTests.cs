using System.Text;
using Disclosure.Adapters.Documents;
using Disclosure.Intake;
using DocumentFormat.OpenXml.Packaging;
using static Disclosure.Adapters.Tests.Documents.DocumentBuilders;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Disclosure.Adapters.Tests.Documents;

public class DocumentTextExtractorTests
{
    private readonly DocumentTextExtractor extractor = new();

    private Task<Compliance.ExtractedText> Extract(byte[] bytes, AttachmentType type) =>
        extractor.ExtractAsync(new MemoryStream(bytes), type.ContentType, CancellationToken.None);

    [Fact]
    public async Task A_pdf_text_layer_is_read_back_including_an_id_number()
    {
        var pdf = Pdf(["Applicant ID 11010519491231002X", "Tel 13800138000"]);
        var result = await Extract(pdf, AttachmentTypes.Pdf);
        Assert.True(result.IsComplete);
        Assert.Null(result.IncompleteReason);
        Assert.Contains("11010519491231002X", result.Text);
        Assert.Contains("13800138000", result.Text);
    }

    [Fact]
    public async Task A_scanned_pdf_with_no_text_layer_is_not_complete_and_says_a_person_must_look()
    {
        var result = await Extract(Pdf(null, null), AttachmentTypes.Pdf);
        Assert.False(result.IsComplete);
        Assert.Contains("扫描件", result.IncompleteReason);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task A_pdf_with_one_scanned_page_names_that_page_and_keeps_the_text_of_the_others()
    {
        var result = await Extract(Pdf(["Page one 440524188001010014"], null, ["Page three"]), AttachmentTypes.Pdf);
        Assert.False(result.IsComplete);
        Assert.Contains("第 2 页", result.IncompleteReason);
        Assert.Contains("440524188001010014", result.Text);
        Assert.Contains("Page three", result.Text);
    }

    [Fact]
    public async Task A_password_protected_pdf_is_reported_as_encrypted()
    {
        var result = await Extract(EncryptedPdf(), AttachmentTypes.Pdf);
        Assert.False(result.IsComplete);
        Assert.Contains("加密", result.IncompleteReason);
    }

    [Fact]
    public async Task A_damaged_pdf_is_not_extractable_rather_than_an_exception()
    {
        var pdf = Pdf(["Text"]);
        var result = await Extract(pdf[..40], AttachmentTypes.Pdf);
        Assert.False(result.IsComplete);
        Assert.NotNull(result.IncompleteReason);
    }

    [Fact]
    public async Task A_docx_gives_body_tables_headers_tracked_deletions_comments_and_author()
    {
        var docx = Docx(
            body =>
            {
                body.Append(Paragraph(Run("关于公布2025年度科技项目立项名单的通知")));
                body.Append(Paragraph(Run("联系人：王五，"), Run("电话13800138000")));
                body.Append(Paragraph(new W.DeletedRun(new W.Run(new W.DeletedText("身份证号11010519491231002X")))));
                body.Append(new W.Table(new W.TableRow(
                    new W.TableCell(Paragraph(Run("项目名称"))),
                    new W.TableCell(Paragraph(Run("承担单位"))))));
            },
            main =>
            {
                var header = main.AddNewPart<HeaderPart>();
                header.Header = new W.Header(Paragraph(Run("市科学技术局文件")));
                var comments = main.AddNewPart<WordprocessingCommentsPart>();
                comments.Comments = new W.Comments(new W.Comment(Paragraph(Run("请核对张三的手机号"))) { Id = "1", Author = "李四" });
            },
            author: "赵六");

        var result = await Extract(docx, AttachmentTypes.Docx);
        Assert.True(result.IsComplete);
        Assert.Contains("关于公布2025年度科技项目立项名单的通知\n", result.Text);
        Assert.Contains("联系人：王五，电话13800138000", result.Text);
        Assert.Contains("身份证号11010519491231002X", result.Text);
        Assert.Contains("项目名称\t承担单位", result.Text);
        Assert.Contains("市科学技术局文件", result.Text);
        Assert.Contains("请核对张三的手机号", result.Text);
        Assert.Contains("赵六", result.Text);
    }

    [Fact]
    public async Task An_xlsx_gives_shared_and_inline_strings_and_numbers_from_every_sheet_including_hidden_ones()
    {
        var xlsx = Xlsx(
            ("立项名单", false, [["序号", "项目名称", "负责人"], [1, "智能制造关键技术", new Inline("张三")]]),
            ("原始数据", true, [["身份证号", "11010519491231002X"], ["金额", 12.5, true]]));
        var result = await Extract(xlsx, AttachmentTypes.Xlsx);
        Assert.True(result.IsComplete);
        Assert.Contains("【工作表：立项名单】\n序号\t项目名称\t负责人\n1\t智能制造关键技术\t张三\n", result.Text);
        Assert.Contains("【工作表：原始数据】\n身份证号\t11010519491231002X\n金额\t12.5\tTRUE", result.Text);
    }

    [Fact]
    public async Task An_ofd_gives_the_text_codes_of_its_pages_in_order()
    {
        var ofd = Ofd(["市科学技术局关于印发", "《管理办法》的通知"], ["联系电话：0571-87654321"]);
        var result = await Extract(ofd, AttachmentTypes.Ofd);
        Assert.True(result.IsComplete);
        Assert.Equal("市科学技术局关于印发\n《管理办法》的通知\n\n联系电话：0571-87654321", result.Text);
    }

    [Fact]
    public async Task An_ofd_page_with_only_an_image_is_named_as_unchecked()
    {
        var result = await Extract(Ofd(["第一页"], null), AttachmentTypes.Ofd);
        Assert.False(result.IsComplete);
        Assert.Contains("第 2 页", result.IncompleteReason);
        Assert.Equal("第一页", result.Text);

        var scan = await Extract(Ofd([null]), AttachmentTypes.Ofd);
        Assert.Contains("扫描件", scan.IncompleteReason);
    }

    [Fact]
    public async Task Images_are_never_reported_as_checked()
    {
        var result = await Extract(Png(2, 2), AttachmentTypes.Png);
        Assert.False(result.IsComplete);
        Assert.Contains("人工查看", result.IncompleteReason);
        Assert.False((await Extract([0xFF, 0xD8, 0xFF], AttachmentTypes.Jpeg)).IsComplete);
    }

    [Fact]
    public async Task Legacy_doc_and_xls_are_sent_to_a_person()
    {
        var result = await Extract(new byte[512], AttachmentTypes.Doc);
        Assert.False(result.IsComplete);
        Assert.Contains(".doc", result.IncompleteReason);
    }

    [Fact]
    public async Task Plain_text_is_read_as_utf8_and_falls_back_to_gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string text = "申请人：张三，身份证号11010519491231002X";
        var utf8 = await extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "text/plain; charset=utf-8", default);
        Assert.Equal(text, utf8.Text);
        var withBom = await extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray()), "text/plain", default);
        Assert.Equal(text, withBom.Text);
        var gbBytes = Encoding.GetEncoding("GB18030").GetBytes(text);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(gbBytes));
        var gb = await extractor.ExtractAsync(new MemoryStream(gbBytes), "text/plain", default);
        Assert.True(gb.IsComplete);
        Assert.Equal(text, gb.Text);
    }

    [Fact]
    public async Task An_html_body_is_checked_as_the_text_a_reader_sees()
    {
        var html = "<p>联系人：张三</p><p>电话<strong>13800138000</strong></p>";
        var result = await extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(html)), "text/html", default);
        Assert.Equal("联系人：张三\n电话13800138000", result.Text);
    }

    [Fact]
    public async Task A_forward_only_stream_is_buffered()
    {
        var result = await extractor.ExtractAsync(new ForwardOnlyStream(Pdf(["Forward 123"])), AttachmentTypes.Pdf.ContentType, default);
        Assert.Contains("Forward 123", result.Text);
    }

    [Fact]
    public async Task Truncated_office_and_ofd_files_go_to_a_person_instead_of_failing_the_check()
    {
        var docx = Docx(body => body.Append(Paragraph(Run("正文"))));
        var word = await Extract(docx[..(docx.Length / 2)], AttachmentTypes.Docx);
        Assert.False(word.IsComplete);
        Assert.Contains("人工查看", word.IncompleteReason);

        var xlsx = Xlsx(("表", false, [["数据"]]));
        Assert.False((await Extract(xlsx[..(xlsx.Length / 2)], AttachmentTypes.Xlsx)).IsComplete);

        var ofd = Ofd(["文字"]);
        Assert.False((await Extract(ofd[..(ofd.Length / 2)], AttachmentTypes.Ofd)).IsComplete);
    }

    [Fact]
    public async Task An_unknown_content_type_is_not_extractable()
    {
        var result = await extractor.ExtractAsync(new MemoryStream([1, 2, 3]), "application/octet-stream", default);
        Assert.False(result.IsComplete);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
