using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

public class SubmissionAttachmentTests
{
    private static SubmissionDraft Draft(params UploadedFile[] files) => new()
    {
        Title = "关于开展科技项目申报工作的通知",
        Column = "tzgg",
        Genre = "通知",
        Publisher = "市科学技术局",
        FormedOn = "2026-11-20",
        Attribute = "主动公开",
        Body = "现将有关事项通知如下。",
        Attachments = files,
    };

    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });

    [Fact]
    public async Task A_submission_with_a_pdf_attachment_is_valid_and_keeps_the_uploaded_name()
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (valid, errors) = await validator.ValidateAsync(Draft(new UploadedFile("名单.pdf", TestFiles.Pdf())), Clerk, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal("名单.pdf", Assert.Single(valid!.Attachments).FileName);
    }

    [Theory]
    [InlineData("空文件.pdf")]
    [InlineData("没有扩展名")]
    [InlineData("奇怪的扩展名.p/df")]
    public async Task An_empty_upload_is_refused_by_name_whatever_its_extension(string name)
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (valid, errors) = await validator.ValidateAsync(Draft(new UploadedFile(name, [])), Clerk, CancellationToken.None);

        Assert.Null(valid);
        Assert.Contains(errors, e => e.Field == SubmissionFields.Attachments && e.Message.Contains("是空文件"));
    }
}
