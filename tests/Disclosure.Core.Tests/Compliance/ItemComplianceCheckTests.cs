using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class ItemComplianceCheckTests
{
    private sealed class NoItems : IItemDirectory
    {
        public Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken) => Task.FromResult<ItemReference?>(null);
    }

    private static ItemComplianceCheck Check()
    {
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        return new ItemComplianceCheck(RuleSet(), new MetadataRules(Settings, calendar, Clock(), new NoItems()), Settings);
    }

    [Fact]
    public async Task Clean_notice_with_readable_attachments_is_approved()
    {
        var report = await Check().CheckAsync(Item(), [TextSource.Body("现将有关事项通知如下。"), TextSource.ForAttachment("申报指南.docx", "申报时间：2026年12月1日至12月31日。")], [], CancellationToken.None);
        Assert.Empty(report.Findings);
        Assert.Equal(ReviewDecision.Approved, report.Decision);
    }

    [Fact]
    public async Task Unreadable_attachment_sends_an_otherwise_clean_item_to_a_reviewer()
    {
        var report = await Check().CheckAsync(Item(), [TextSource.Body("现将有关事项通知如下。")], [new UnextractableSource("附件：扫描件.pdf", "没有文字层")], CancellationToken.None);
        Assert.Equal(RuleIds.ExtractionFailed, Assert.Single(report.Findings).RuleId);
        Assert.Equal(ReviewDecision.NeedsReview, report.Decision);
    }

    [Fact]
    public async Task Personal_data_in_the_title_field_returns_the_item()
    {
        var item = Item(i => i with { Title = "关于张三（身份证号11010519491231002X）的处罚决定" });
        var report = await Check().CheckAsync(item, [], [], CancellationToken.None);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((TextSource.TitleName, RuleIds.ResidentId), (finding.Source, finding.RuleId));
        Assert.Equal(ReviewDecision.Returned, report.Decision);
    }

    [Fact]
    public async Task Metadata_and_text_findings_are_combined()
    {
        var item = Item(i => i with { DocumentNumber = "市科发[2026]12号" });
        var report = await Check().CheckAsync(item, [TextSource.Body("联系人手机13800138000")], [], CancellationToken.None);
        Assert.Equal([RuleIds.DocumentNumber, RuleIds.Mobile], report.Findings.Select(f => f.RuleId));
        Assert.Equal(ReviewDecision.NeedsReview, report.Decision);
    }
}
