using Disclosure.Compliance;
using Disclosure.Import;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Tests.Compliance.Flow;
using Disclosure.Work;

namespace Disclosure.Tests.Import;

/// <summary>
/// The automated checks run on what a 历史导入 brings in: a clean item goes out with the next publication (the earlier
/// system's review published it); findings are reported to its department, and the office's setting decides whether
/// they hold the item for a reviewer.
/// </summary>
public class ImportedItemCheckTests
{
    private const string CleanBody = "现将本年度科技项目申报有关事项通知如下，请各单位认真组织申报。";
    private const string PublicId = "申请人张三，身份证号11010519491231002X。";

    private static DisclosureItem Imported(FlowHarness h, string body)
        => h.Submit(body, i => i with { Imported = new ImportedFrom("目录导出.xlsx", 17, "batch", "http://old.example.gov.cn/a.html") });

    private static async Task<DisclosureItem> CheckAsync(FlowHarness h, DisclosureItem item, bool hold)
    {
        await h.Review(new ImportOptions { HoldItemsWithFindings = hold }).CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);
        return (await h.Items.GetAsync(item.Id))!.Item;
    }

    [Fact]
    public async Task A_clean_imported_item_is_ready_to_publish_without_a_review_chain_and_its_render_message_is_committed()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, Imported(h, CleanBody), hold: true);

        Assert.Equal(ItemState.ReadyToPublish, item.State);
        Assert.Equal(WorkQueues.RenderPages, Assert.Single(h.Items.Messages).Queue);
        Assert.Equal(ComplianceTexts.ImportedPublished, h.Items.AuditOf(item.Id)[^1].Details[ComplianceTexts.ImportedCheck]);
        Assert.Empty(h.Outbox.Recorded);
    }

    [Fact]
    public async Task An_imported_item_with_a_public_id_number_waits_for_a_reviewer_when_the_office_holds_findings_and_its_department_is_told()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, Imported(h, PublicId), hold: true);

        Assert.Equal(ItemState.AwaitingReview, item.State);
        Assert.Empty(h.Items.Messages);
        var notice = Assert.Single(h.Outbox.Recorded);
        Assert.Equal(item.DepartmentCode, notice.RecipientCode);
        Assert.Contains("历史导入", notice.Subject);
        Assert.Contains("目录导出.xlsx", notice.Text);
        Assert.Contains("暂不发布", notice.Text);
    }

    [Fact]
    public async Task An_imported_item_with_findings_is_published_with_the_others_when_the_office_does_not_hold_them_and_is_still_reported()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, Imported(h, PublicId), hold: false);

        Assert.Equal(ItemState.ReadyToPublish, item.State);
        Assert.Contains("仍随其他导入信息发布", Assert.Single(h.Outbox.Recorded).Text);
    }

    [Fact]
    public async Task A_correction_of_an_imported_item_goes_through_the_review_chain_like_any_submission()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit(CleanBody, i => i with { Version = 2, Imported = new ImportedFrom("目录导出.xlsx", 17, "batch") }), hold: true);

        Assert.Equal(ItemState.AwaitingReview, item.State);
    }
}
