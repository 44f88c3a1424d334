using Disclosure.Intake;
using static Disclosure.Adapters.Tests.Documents.DocumentBuilders;

namespace Disclosure.Adapters.Tests.Documents;

/// <summary>Intake's content detection against files written by real libraries, not only hand-built containers.</summary>
public class RealFileDetectionTests
{
    [Fact]
    public void Files_written_by_pdfpig_and_the_open_xml_sdk_are_detected_whatever_they_are_called()
    {
        Assert.Same(AttachmentTypes.Pdf, AttachmentTypes.Detect(new MemoryStream(Pdf(["x"])), "名单.xlsx").Type);
        Assert.Same(AttachmentTypes.Docx, AttachmentTypes.Detect(new MemoryStream(Docx(b => b.Append(Paragraph(Run("通知"))))), "通知.pdf").Type);
        Assert.Same(AttachmentTypes.Xlsx, AttachmentTypes.Detect(new MemoryStream(Xlsx(("表", false, [["数据"]]))), "表.docx").Type);
        Assert.Same(AttachmentTypes.Ofd, AttachmentTypes.Detect(new MemoryStream(Ofd(["文字"])), "公文.zip").Type);
        Assert.Same(AttachmentTypes.Png, AttachmentTypes.Detect(new MemoryStream(Png(2, 2)), "扫描件.pdf").Type);
    }

    [Fact]
    public void The_detected_type_and_the_safe_name_together_give_the_published_file_name()
    {
        var detection = AttachmentTypes.Detect(new MemoryStream(Pdf(["x"])), @"D:\材料\立项名单.xlsx");
        Assert.True(detection.ExtensionCorrected);
        Assert.Equal("立项名单.pdf", SafeFileName.Make(@"D:\材料\立项名单.xlsx", detection.Type!.Extension));
    }
}
