using Disclosure.Adapters.Documents;
using Disclosure.Intake;
using static Disclosure.Adapters.Tests.Documents.DocumentBuilders;

namespace Disclosure.Adapters.Tests.Documents;

public class DocumentBudgetTests
{
    private static Task<Compliance.ExtractedText> Extract(DocumentBudgets budgets, byte[] bytes, AttachmentType type) =>
        new DocumentTextExtractor(budgets).ExtractAsync(new MemoryStream(bytes), type.ContentType, CancellationToken.None);

    public static TheoryData<string> Formats => ["pdf", "docx", "xlsx", "ofd"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_file_that_takes_longer_than_the_time_budget_is_stopped_and_sent_to_a_person(string format)
    {
        var (bytes, type) = format switch
        {
            "pdf" => (HostileDocuments.PdfWithHugePageCount(), AttachmentTypes.Pdf),
            "docx" => (HostileDocuments.ZipBombDocx(), AttachmentTypes.Docx),
            "xlsx" => (HostileDocuments.ZipBombXlsx(), AttachmentTypes.Xlsx),
            _ => (HostileDocuments.OfdWithOnePageReferencedManyTimes(), AttachmentTypes.Ofd),
        };

        var result = await Extract(new DocumentBudgets { MaxDuration = TimeSpan.Zero }, bytes, type);

        Assert.False(result.IsComplete);
        Assert.Contains("附件过大或结构异常，无法自动检查：读取超过 0 秒", result.IncompleteReason);
    }

    [Fact]
    public async Task An_ofd_page_listed_many_times_is_inflated_once()
    {
        // 100 listings of an 880 KiB page: read each time, that is 88 MiB against a total budget of 10 MiB.
        var ofd = HostileDocuments.OfdWithOnePageReferencedManyTimes(references: 100, pageTextObjects: 10_000);

        var result = await Extract(new DocumentBudgets { MaxTotalBytes = 10L * 1024 * 1024 }, ofd, AttachmentTypes.Ofd);

        Assert.True(result.IsComplete, result.IncompleteReason);
        Assert.Equal(100 * 10_000, result.Text.Split("科技项目").Length - 1);
    }

    [Fact]
    public async Task Past_the_page_budget_the_pages_read_are_still_checked_and_the_rest_goes_to_a_person()
    {
        var pdf = Pdf(["Page one 11010519491231002X"], ["Page two"], ["Page three"]);

        var result = await Extract(new DocumentBudgets { MaxPages = 2 }, pdf, AttachmentTypes.Pdf);

        Assert.False(result.IsComplete);
        Assert.Contains("超过 2 页，只检查了前 2 页", result.IncompleteReason);
        Assert.Contains("11010519491231002X", result.Text);
        Assert.Contains("Page two", result.Text);
        Assert.DoesNotContain("Page three", result.Text);
    }

    [Fact]
    public async Task Past_the_character_budget_the_text_read_so_far_is_kept()
    {
        var docx = Docx(body =>
        {
            body.Append(Paragraph(Run("联系电话13800138000")));
            body.Append(Paragraph(Run(new string('文', 500))));
        });

        var result = await Extract(new DocumentBudgets { MaxChars = 100 }, docx, AttachmentTypes.Docx);

        Assert.False(result.IsComplete);
        Assert.Contains("文字超过 100 字", result.IncompleteReason);
        Assert.StartsWith("联系电话13800138000", result.Text);
        Assert.Equal(100, result.Text.Length);
    }

    [Fact]
    public async Task Caller_cancellation_still_cancels_instead_of_becoming_a_finding()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DocumentTextExtractor().ExtractAsync(new MemoryStream(Pdf(["Text"])), AttachmentTypes.Pdf.ContentType, cancelled.Token));
    }
}
