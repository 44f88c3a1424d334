using System.Net;
using System.Text;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Workbench;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

/// <summary>
/// Issue 15, "Images are reviewed": Art. 17 asks for a 保密审查 of what is published, and the text rules cannot see what
/// a picture shows. An attachment with pictures goes to a person whatever its text says, and the reviewer can open the
/// attachment and each picture from the queue.
/// </summary>
public class PictureReviewTests
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>
    /// Reads the file's bytes as UTF-8 text, as <see cref="Utf8Extractor"/> does, and reports the pictures a real
    /// extractor would have found: two media parts in a DOCX, one picture on page 3 of a PDF, one on page 2 of an OFD.
    /// A file whose text says "无图" carries none.
    /// </summary>
    private sealed class PictureExtractor : ITextExtractor
    {
        public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken)
        {
            var text = await new StreamReader(content, Encoding.UTF8).ReadToEndAsync(cancellationToken);
            var pictures = text.Contains("无图") ? new PictureTally(true) : contentType switch
            {
                Docx => Parts(new PictureTally(canOpen: true), "word/media/image1.png", "word/media/image2.jpeg"),
                "application/pdf" => Page(new PictureTally(canOpen: true), 3),
                "application/ofd" => Page(new PictureTally(canOpen: false), 2),
                _ => new PictureTally(true),
            };
            return ExtractedText.Complete(text) with { Pictures = pictures.ToInventory() };
        }

        private static PictureTally Parts(PictureTally tally, params string[] parts)
        {
            foreach (var part in parts) tally.AddPart(part);
            return tally;
        }

        private static PictureTally Page(PictureTally tally, int page)
        {
            tally.AddOnPage(page, 1);
            return tally;
        }
    }

    private static FlowHarness Harness() => new(extractor: new PictureExtractor());

    [Fact]
    public async Task A_docx_with_embedded_pictures_goes_to_a_person_although_its_text_is_clean()
    {
        var h = Harness();
        var item = h.Submit("现将有关事项通知如下。", null, ("申请表.docx", Docx, "申请人：见附照片。"));

        var outcome = await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        Assert.Equal(CheckResult.NeedsReview, outcome.Result);
        Assert.Equal(ItemState.AwaitingReview, (await h.Items.GetAsync(item.Id))!.Item.State);
        var record = await h.RecordAsync(item.Id);
        var finding = Assert.Single(record.Findings, f => f.Finding.RuleId == RuleIds.EmbeddedPictures).Finding;
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal("附件：申请表.docx", finding.Source);
        Assert.Equal("附件含图片（共2张），须人工审查其中是否有个人信息或涉密内容", finding.Message);
        var kept = Assert.Single(record.Pictures);
        Assert.Equal(("att-0", 2), (kept.AttachmentId, kept.Pictures.Count));
    }

    [Fact]
    public async Task A_pdf_page_with_a_picture_is_named_in_the_finding()
    {
        var h = Harness();
        var item = h.Submit("现将有关事项通知如下。", null, ("现场检查记录.pdf", "application/pdf", "检查记录"));
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        var record = await h.RecordAsync(item.Id);
        Assert.Equal(ReviewDecision.NeedsReview, record.Decision);
        Assert.Contains("附件含图片（第3页，共1张）", Assert.Single(record.Findings, f => f.Finding.RuleId == RuleIds.EmbeddedPictures).Finding.Message);
    }

    [Fact]
    public async Task An_attachment_without_pictures_gives_no_picture_finding()
    {
        var h = Harness();
        var item = h.Submit("现将有关事项通知如下。", null, ("申报指南.docx", Docx, "申报时间：12月1日至12月31日。无图"));
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        var record = await h.RecordAsync(item.Id);
        Assert.DoesNotContain(record.Findings, f => f.Finding.RuleId == RuleIds.EmbeddedPictures);
        Assert.Empty(record.Pictures);
    }

    [Fact]
    public async Task The_picture_finding_sends_an_item_to_a_person_whatever_its_severity_is_configured_to()
    {
        var check = new ComplianceFinding(RuleIds.EmbeddedPictures, Severity.Info, "附件：a.docx", 0, 0, "", "", "");
        Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide([check], Settings.FindColumn("tzgg")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_review_queue_links_every_attachment_and_each_picture_that_can_be_opened_and_is_valid_html()
    {
        var h = Harness();
        var item = h.Submit("现将有关事项通知如下。", null,
            ("申请表.docx", Docx, "申请人：见附照片。"),
            ("检查记录.pdf", "application/pdf", "检查记录"),
            ("批复.ofd", "application/ofd", "批复"),
            ("说明.docx", Docx, "无图"));
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        var entries = await h.Reviews.ListQueueAsync();
        var model = ReviewPages.Queue(entries, Settings);
        var files = Assert.Single(model.Items).Files;
        Assert.Equal(["申请表.docx", "检查记录.pdf", "批复.ofd", "说明.docx"], files.Select(f => f.FileName));
        Assert.Equal("/api/reviews/item-1/attachments/att-0", files[0].Link);
        Assert.Equal(["/api/reviews/item-1/attachments/att-0/pictures/1", "/api/reviews/item-1/attachments/att-0/pictures/2"], files[0].Pictures.Select(p => p.Link));
        Assert.Equal("图片1（image1.png）", files[0].Pictures[0].Label);
        Assert.Equal("图片1（第3页）", Assert.Single(files[1].Pictures).Label);
        Assert.Equal("", Assert.Single(files[2].Pictures).Link); // an OFD picture is seen in its file
        Assert.Empty(files[3].Pictures);
        Assert.Equal("", files[3].PictureSummary);

        var html = new WorkbenchPages().Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle, model, new PageChrome("市科学技术局", "李审核", "办公室", true));
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("href=\"/api/reviews/item-1/attachments/att-0/pictures/2\"", text);
        Assert.Contains("含图片（共2张）", text);
        Assert.Contains("图片1（第2页）：请打开附件，翻到该页查看", text);
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["queue-with-pictures.html"] = html }));
    }

    [Fact]
    public async Task A_record_written_before_pictures_were_kept_still_reads_and_lists_the_attachments()
    {
        var json = """{"itemId":"item-1","version":1,"decision":"NeedsReview","checkedAt":"2026-11-20T00:00:00+00:00","findings":[],"cloudDetectorUsed":false}""";
        var record = System.Text.Json.JsonSerializer.Deserialize<ComplianceRecord>(json, Disclosure.Catalogue.CatalogueLoader.Json)!;
        Assert.Empty(record.Pictures);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_preflight_of_a_docx_with_pictures_says_it_will_go_to_a_person()
    {
        var docx = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(docx, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        }
        var preflight = new PreflightCheck(RuleSet(), new PictureExtractor(), Settings);

        var result = await preflight.CheckFileAsync("申请表.docx", docx.ToArray(), "tzgg", CancellationToken.None);

        Assert.Equal(ReviewDecision.NeedsReview, result.Decision);
        Assert.Equal("附件：申请表.docx", Assert.Single(result.Findings, f => f.Finding.RuleId == RuleIds.EmbeddedPictures).Finding.Source);
    }

    // ---- the files behind the links: who may open them ----

    private sealed class OnePicture : IPictureReader
    {
        public Task<PictureRead> ReadAsync(Stream content, string contentType, int number, CancellationToken cancellationToken)
            => Task.FromResult<PictureRead>(number switch
            {
                1 => new PictureRead.Found([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2]),
                2 => new PictureRead.Found([0x3C, 0x73, 0x76, 0x67]),
                3 => new PictureRead.TooLarge(20),
                _ => new PictureRead.Missing(),
            });
    }

    private static (ReviewAttachments Files, DisclosureItem Item) Files()
    {
        var h = Harness();
        var item = h.Submit("正文", null, ("申请表.docx", Docx, "照片"));
        return (new ReviewAttachments(h.Items, h.Content, new OnePicture()), item);
    }

    private static Principal Person(string? department, params string[] roles) => new("某人", department, roles.ToHashSet());

    [Fact]
    public async Task Reviewers_administrators_and_the_owning_department_may_open_attachments_and_pictures()
    {
        var (files, item) = Files();
        foreach (var who in new[] { Person("bgs", Role.Reviewer), Person(null, Role.Administrator), Person(item.DepartmentCode, Role.Submitter) })
        {
            var file = Assert.IsType<ReviewFile.File>(await files.OpenAttachmentAsync(who, item.Id, "att-0", CancellationToken.None));
            await file.Content.DisposeAsync();
            Assert.Equal("image/png", Assert.IsType<ReviewFile.Picture>(await files.ReadPictureAsync(who, item.Id, "att-0", 1, CancellationToken.None)).MediaType);
        }
    }

    [Fact]
    public async Task Another_department_is_refused_and_unknown_files_are_not_found()
    {
        var (files, item) = Files();
        var other = Person("cws", Role.Submitter);
        Assert.IsType<ReviewFile.Refused>(await files.OpenAttachmentAsync(other, item.Id, "att-0", CancellationToken.None));
        Assert.IsType<ReviewFile.Refused>(await files.ReadPictureAsync(other, item.Id, "att-0", 1, CancellationToken.None));

        var reviewer = Person("bgs", Role.Reviewer);
        Assert.IsType<ReviewFile.NotFound>(await files.OpenAttachmentAsync(reviewer, item.Id, "att-9", CancellationToken.None));
        Assert.IsType<ReviewFile.NotFound>(await files.OpenAttachmentAsync(reviewer, "no-such-item", "att-0", CancellationToken.None));
        Assert.IsType<ReviewFile.NotFound>(await files.ReadPictureAsync(reviewer, item.Id, "att-0", 4, CancellationToken.None));
        Assert.IsType<ReviewFile.TooLarge>(await files.ReadPictureAsync(reviewer, item.Id, "att-0", 3, CancellationToken.None));
    }

    [Fact]
    public async Task A_picture_that_is_not_a_bitmap_is_given_no_image_type_so_it_downloads()
    {
        var (files, item) = Files();
        var picture = Assert.IsType<ReviewFile.Picture>(await files.ReadPictureAsync(Person("bgs", Role.Reviewer), item.Id, "att-0", 2, CancellationToken.None));
        Assert.Null(picture.MediaType);
        Assert.Equal("申请表-图片2.bin", picture.DownloadName);
    }

    [Fact]
    public void Only_jpeg_and_png_attachments_are_shown_in_the_browser()
    {
        Assert.True(PictureFormats.IsShownInline(AttachmentTypes.Png.ContentType));
        Assert.True(PictureFormats.IsShownInline(AttachmentTypes.Jpeg.ContentType));
        Assert.False(PictureFormats.IsShownInline(AttachmentTypes.Pdf.ContentType));
        Assert.False(PictureFormats.IsShownInline("image/svg+xml"));
    }
}
