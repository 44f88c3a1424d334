using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Work;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

public class ComplianceReviewTests
{
    private const string CleanBody = "现将本年度科技项目申报有关事项通知如下，请各单位认真组织申报。";

    private static async Task<DisclosureItem> CheckAsync(FlowHarness h, DisclosureItem item)
    {
        await h.Review().CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);
        return (await h.Items.GetAsync(item.Id))!.Item;
    }

    [Fact]
    public async Task A_clean_item_of_a_column_exempted_by_an_administrator_is_ready_to_publish_and_its_render_message_is_committed_with_the_decision()
    {
        var h = FlowHarness.WithAutomatedPublication();
        var item = await CheckAsync(h, h.Submit(CleanBody));

        Assert.Equal(ItemState.ReadyToPublish, item.State);
        var message = Assert.Single(h.Items.Messages);
        Assert.Equal(WorkQueues.RenderPages, message.Queue);
        Assert.Equal("{\"itemId\":\"item-1\",\"version\":1}", message.Body);
        Assert.Equal([ItemState.Checking, ItemState.ReadyToPublish], h.Items.AuditOf(item.Id).Select(a => a.To));
        Assert.Equal(AuditAction.Checked, h.Items.AuditOf(item.Id)[^1].Action);
    }

    [Fact]
    public async Task A_message_for_an_older_version_changes_nothing()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody, i => i with { Version = 2 });

        var outcome = await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        Assert.Equal(CheckResult.Ignored, outcome.Result);
        Assert.Equal(ItemState.Submitted, (await h.Items.GetAsync(item.Id))!.Item.State);
        Assert.Empty(h.Items.AuditOf(item.Id));
    }

    [Fact]
    public async Task An_html_body_is_checked_as_the_text_the_public_reads()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit("<p>咨询请联系：<strong>138</strong>00138000</p>", i => i with { BodyFormat = BodyFormat.Html }));

        Assert.Equal(ItemState.AwaitingReview, item.State);
        var record = await h.RecordAsync(item.Id);
        var finding = Assert.Single(record.Findings, f => f.Finding.RuleId == RuleIds.Mobile);
        Assert.Equal(TextSource.BodyName, finding.Finding.Source);
        Assert.Equal("咨询请联系：", finding.Before);
    }

    [Fact]
    public async Task An_attachment_without_a_text_layer_goes_to_a_reviewer()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit(CleanBody, null, ("现场照片.png", "image/png", "")));

        Assert.Equal(ItemState.AwaitingReview, item.State);
        var record = await h.RecordAsync(item.Id);
        Assert.Equal("附件：现场照片.png", Assert.Single(record.Findings, f => f.Finding.RuleId == RuleIds.ExtractionFailed).Finding.Source);
    }

    [Fact]
    public async Task A_resident_id_in_an_attachment_returns_the_item_and_tells_the_department_once_even_when_the_first_notice_failed()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody, null, ("名单.pdf", "application/pdf", "申请人张三，身份证号11010519491231002X。"));
        h.Notifier.FailuresLeft = 1;

        // The decision commits, then the notifier fails: the message is retried, and the retry only sends the notice.
        await Assert.ThrowsAsync<IOException>(() => h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None));
        Assert.Equal(ItemState.Returned, (await h.Items.GetAsync(item.Id))!.Item.State);
        var auditCount = h.Items.AuditOf(item.Id).Count;
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        var notice = Assert.Single(h.NotificationsTo("xmc"));
        Assert.Equal("check-returned-item-1-v1", notice.Id);
        Assert.Equal("科技项目管理处", notice.RecipientName);
        Assert.Contains("【阻止】附件：名单.pdf：", notice.Text);
        Assert.Contains("1101**********002X", notice.Text);
        Assert.DoesNotContain("11010519491231002X", notice.Text + notice.Html + notice.Markdown);
        Assert.Contains("处理建议：", notice.Text);
        Assert.Equal(auditCount, h.Items.AuditOf(item.Id).Count);
        Assert.Empty(h.Items.Messages);
    }

    [Fact]
    public async Task A_withdrawal_request_always_goes_to_a_reviewer_and_approval_withdraws_it_with_a_render_message()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody, i => i with { State = ItemState.Published, PublishedVersion = 1, WithdrawalRequested = true, WithdrawalReason = "政策已调整" });

        var checkedItem = await CheckAsync(h, item);
        Assert.Equal(ItemState.AwaitingReview, checkedItem.State);
        Assert.Equal(ItemState.Published, h.Items.AuditOf(item.Id).Single().From);

        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });
        var result = await h.Reviews.DecideAsync(reviewer, item.Id, approve: true, reason: null, expectedVersion: 1);

        Assert.Equal(ItemState.Withdrawn, Assert.IsType<ReviewResult.Decided>(result).Item.State);
        Assert.Equal(WorkQueues.RenderPages, Assert.Single(h.Items.Messages).Queue);
        var record = h.Items.AuditOf(item.Id)[^1];
        Assert.Equal("同意撤回", record.Details["审查结论"]);
        Assert.Equal("撤回：从政府网站“通知公告”栏目撤下", record.Details["拟公开方式"]);
    }

    [Fact]
    public async Task A_refused_withdrawal_leaves_the_item_published_and_tells_the_department()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit(CleanBody, i => i with { State = ItemState.Published, PublishedVersion = 1, WithdrawalRequested = true, WithdrawalReason = "误发" }));
        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });

        var result = await h.Reviews.DecideAsync(reviewer, item.Id, approve: false, reason: "内容仍然有效，应继续公开", expectedVersion: 1);

        var decided = Assert.IsType<ReviewResult.Decided>(result).Item;
        Assert.Equal(ItemState.Published, decided.State);
        Assert.False(decided.WithdrawalRequested);
        // The notice is committed with the decision and sent by the queue function, once however often it runs.
        Assert.Equal(WorkQueues.DecisionNotices, Assert.Single(h.Items.Messages).Queue);
        Assert.Empty(h.NotificationsTo("xmc"));
        await h.HandleDecisionNoticesAsync();
        await h.HandleDecisionNoticesAsync();
        Assert.Contains("内容仍然有效，应继续公开", Assert.Single(h.NotificationsTo("xmc")).Text);
    }

    [Fact]
    public async Task A_reviewers_refusal_reaches_the_department_even_when_the_notification_outbox_was_down_at_the_decision()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit("联系电话13800138000。"));
        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });
        h.Notifier.FailuresLeft = 1;

        Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(reviewer, item.Id, false, "含个人手机号码", 1));
        await Assert.ThrowsAsync<IOException>(h.HandleDecisionNoticesAsync); // the queue retries this attempt
        await h.HandleDecisionNoticesAsync();

        var notice = Assert.Single(h.NotificationsTo("xmc"));
        Assert.Equal(ComplianceNotices.RejectedByReviewerId(item), notice.Id);
        Assert.Contains("含个人手机号码", notice.Text);
        Assert.Contains("李审核", notice.Text);
    }

    [Fact]
    public async Task Reviews_are_for_reviewers_need_a_reason_to_reject_and_refuse_a_stale_version()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit("联系电话13800138000。"));
        Assert.Equal(ItemState.AwaitingReview, item.State);
        var clerk = new Principal("王科员", "xmc", new HashSet<string> { Role.Submitter });
        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });

        Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(clerk, item.Id, true, null, 1));
        Assert.IsType<ReviewResult.Invalid>(await h.Reviews.DecideAsync(reviewer, item.Id, false, "  ", 1));
        Assert.IsType<ReviewResult.Conflict>(await h.Reviews.DecideAsync(reviewer, item.Id, true, null, 2));
        Assert.IsType<ReviewResult.NotFound>(await h.Reviews.DecideAsync(reviewer, "nope", true, null, 1));
        Assert.Equal(ItemState.AwaitingReview, (await h.Items.GetAsync(item.Id))!.Item.State);

        var rejected = await h.Reviews.DecideAsync(reviewer, item.Id, false, "含个人手机号码", 1);
        Assert.Equal(ItemState.Returned, Assert.IsType<ReviewResult.Decided>(rejected).Item.State);
        var record = h.Items.AuditOf(item.Id)[^1];
        Assert.Equal(AuditAction.ReviewRejected, record.Action);
        Assert.Equal(["名称", "拟公开方式", "公开范围", "审查结论", "审查人", "审查时间", "不予公开理由", "审核步骤"], record.Details.Keys);
        Assert.Equal("2026-11-26 10:00:00", record.Details["审查时间"]);
        Assert.IsType<ReviewResult.Conflict>(await h.Reviews.DecideAsync(reviewer, item.Id, true, null, 1));
    }

    [Fact]
    public async Task A_decision_without_the_version_it_was_about_is_refused_and_a_stale_one_says_what_is_there_now()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit("联系电话13800138000。"));
        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });

        Assert.IsType<ReviewResult.PreconditionRequired>(await h.Reviews.DecideAsync(reviewer, item.Id, true, null, null));
        var stale = Assert.IsType<ReviewResult.Conflict>(await h.Reviews.DecideAsync(reviewer, item.Id, true, null, item.Version + 1));

        Assert.Equal((item.Version, ItemState.AwaitingReview), (stale.Current!.Version, stale.Current.State));
        Assert.Equal(ItemState.AwaitingReview, (await h.Items.GetAsync(item.Id))!.Item.State);
        Assert.DoesNotContain(h.Items.Messages, m => m.Queue != WorkQueues.ComplianceChecks);
    }

    [Fact]
    public async Task The_review_queue_lists_waiting_items_with_their_findings()
    {
        var h = new FlowHarness();
        var item = await CheckAsync(h, h.Submit("联系电话13800138000。"));

        var entry = Assert.Single(await h.Reviews.ListQueueAsync());
        Assert.Equal(item.Id, entry.Item.Id);
        Assert.Contains(entry.Record.Findings, f => f.Finding.RuleId == RuleIds.Mobile);
    }

    [Fact]
    public async Task The_check_keeps_the_items_place_in_the_queue_on_the_item_so_the_whole_queue_ranks_across_pages()
    {
        // Issue 17: the queue was ranked by findings within a page of id order only. The check puts its rank on the item.
        var h = new FlowHarness();
        // In id order the clean item would come first.
        var clean = await CheckAsync(h, h.Submit("现将有关事项通知如下。", i => i with { Id = new string('0', 32) }));
        var withMobile = await CheckAsync(h, h.Submit("联系电话13800138000，备用电话13900139000。", i => i with { Id = new string('f', 32) }));
        var record = (await h.Records.GetAsync(withMobile.Id, withMobile.Version, default))!;

        var stored = (await h.Items.GetAsync(withMobile.Id))!.Item;
        Assert.Equal(record.Rank, stored.ReviewRank);
        var cleanRank = (await h.Items.GetAsync(clean.Id))!.Item.ReviewRank!;
        Assert.Equal((await h.Records.GetAsync(clean.Id, clean.Version, default))!.Rank, cleanRank);
        // The mobile numbers are findings more for a person (条例第十五条), so that item ranks ahead.
        Assert.True(string.CompareOrdinal(record.Rank.Key, cleanRank.Key) < 0, $"{record.Rank} vs {cleanRank}");
        // A page of one shows the item that ranks first, whatever their ids; the next page the other.
        var first = await h.Reviews.ListQueuePageAsync(ReviewQueueRequest.Everything with { PageSize = 1 });
        Assert.Equal(withMobile.Id, Assert.Single(first.Entries).Item.Id);
        var second = await h.Reviews.ListQueuePageAsync(ReviewQueueRequest.Everything with { PageSize = 1, After = first.Next });
        Assert.Equal(clean.Id, Assert.Single(second.Entries).Item.Id);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task A_cloud_entity_no_local_rule_found_becomes_a_review_finding_and_one_the_rules_found_is_not_repeated()
    {
        const string body = "联系人王小明，联系电话13800138000。";
        var cloud = new ScriptedDetector(_ => new CloudPiiResult(
        [
            new CloudPiiEntity(TextSource.BodyName, "Person", body.IndexOf("王小明", StringComparison.Ordinal), 3, 0.93),
            new CloudPiiEntity(TextSource.BodyName, "PhoneNumber", body.IndexOf("138", StringComparison.Ordinal), 11, 0.9),
        ], []));
        var h = new FlowHarness(cloud);

        var item = await CheckAsync(h, h.Submit(body));

        var record = await h.RecordAsync(item.Id);
        var cloudFinding = Assert.Single(record.Findings, f => f.Finding.RuleId == ComplianceReview.CloudRuleId);
        Assert.Equal(Severity.Review, cloudFinding.Finding.Severity);
        Assert.Equal("王*明", cloudFinding.Finding.MaskedExcerpt);
        Assert.True(record.CloudDetectorUsed);
        Assert.Equal(ItemState.AwaitingReview, item.State);
    }

    [Fact]
    public async Task A_misconfigured_cloud_detector_is_reported_and_the_local_check_stands()
    {
        var h = new FlowHarness(new ThrowingDetector(new CloudPiiDetectorException("401", "Unauthorized", isConfigurationError: true, isTransient: false)));

        var outcome = await h.Review().CheckAsync(new CheckRequest(h.Submit(CleanBody).Id, 1), CancellationToken.None);

        Assert.Equal(CheckResult.Approved, outcome.Result);
        Assert.Contains("configuration", Assert.Single(outcome.Warnings));
    }

    [Fact]
    public async Task A_throttled_cloud_detector_fails_the_attempt_and_the_retry_does_not_restart_the_check()
    {
        var detector = new ThrowingDetector(new CloudPiiDetectorException("429", "TooManyRequests", isConfigurationError: false, isTransient: true));
        var h = FlowHarness.WithAutomatedPublication(detector);
        var item = h.Submit(CleanBody);

        await Assert.ThrowsAsync<CloudPiiDetectorException>(() => h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None));
        Assert.Equal(ItemState.Checking, (await h.Items.GetAsync(item.Id))!.Item.State);

        detector.Error = null;
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        Assert.Equal(ItemState.ReadyToPublish, (await h.Items.GetAsync(item.Id))!.Item.State);
        Assert.Single(h.Items.AuditOf(item.Id), a => a.Action == AuditAction.CheckStarted);
    }

    [Fact]
    public async Task A_concurrent_duplicate_that_loses_the_race_changes_nothing()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody);
        // Another delivery of the same message finishes the check between this one's read and its first write.
        h.Items.BeforeNextUpdate = () => h.Items.Replace(item with { State = ItemState.ReadyToPublish });

        var outcome = await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None);

        Assert.Equal(CheckResult.Ignored, outcome.Result);
        Assert.Empty(h.Items.AuditOf(item.Id));
    }

    [Fact]
    public async Task A_poisoned_check_marks_the_item_failed_and_alerts_operators_once()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody, i => i with { State = ItemState.Checking });

        await h.Review().MarkCheckFailedAsync(new CheckRequest(item.Id, 1), "compliance-checks-poison", CancellationToken.None);
        await h.Review().MarkCheckFailedAsync(new CheckRequest(item.Id, 1), "compliance-checks-poison", CancellationToken.None);

        Assert.Equal(ItemState.CheckFailed, (await h.Items.GetAsync(item.Id))!.Item.State);
        var failed = Assert.Single(h.Items.AuditOf(item.Id));
        Assert.Equal((AuditAction.CheckFailed, ItemState.Checking), (failed.Action, failed.From!.Value));
        var alert = Assert.Single(h.NotificationsTo(ComplianceNotices.OperatorsRecipient));
        Assert.Contains("检查失败", alert.Subject);
        Assert.Contains("compliance-checks-poison", alert.Text);
    }

    [Fact]
    public async Task A_poisoned_message_for_a_version_that_was_since_checked_is_left_alone()
    {
        var h = FlowHarness.WithAutomatedPublication();
        var item = await CheckAsync(h, h.Submit(CleanBody));

        var outcome = await h.Review().MarkCheckFailedAsync(new CheckRequest(item.Id, 1), "compliance-checks-poison", CancellationToken.None);

        Assert.Equal(CheckResult.Ignored, outcome.Result);
        Assert.Equal(ItemState.ReadyToPublish, (await h.Items.GetAsync(item.Id))!.Item.State);
        Assert.Empty(h.NotificationsTo(ComplianceNotices.OperatorsRecipient));
    }

    private sealed class ThrowingDetector(CloudPiiDetectorException? error) : ICloudPiiDetector
    {
        public CloudPiiDetectorException? Error { get; set; } = error;

        public Task<CloudPiiResult> DetectAsync(IReadOnlyList<TextSource> sources, CancellationToken cancellationToken)
            => Error is null ? Task.FromResult(CloudPiiResult.Empty) : throw Error;
    }

    [Fact]
    public async Task Repealing_another_departments_document_goes_to_a_reviewer_and_tells_that_department_once()
    {
        var h = new FlowHarness();
        var othersPolicy = Item(i => i with
        {
            Id = "policy-cwc", Title = "市科技专项资金管理办法", DepartmentCode = "cwc", ColumnCode = "czzj", Genre = "行政规范性文件",
            State = ItemState.Published, PublishedVersion = 1,
        });
        h.Items.Replace(othersPolicy);
        var item = h.Submit(CleanBody, i => i with { Relation = Relation.Repeals, RelatedItemId = "policy-cwc" });

        var checkedItem = await CheckAsync(h, item);
        await h.Review().CheckAsync(new CheckRequest(item.Id, 1), CancellationToken.None); // a repeated delivery

        Assert.Equal(ItemState.AwaitingReview, checkedItem.State);
        Assert.Contains((await h.RecordAsync(item.Id)).Findings, f => f.Finding.RuleId == RuleIds.RelatedItemOfOtherDepartment);
        var notice = Assert.Single(h.NotificationsTo("cwc"));
        Assert.Equal("财务处", notice.RecipientName);
        Assert.Contains("《市科技专项资金管理办法》", notice.Text);
        Assert.Contains("废止", notice.Text);
        Assert.Empty(h.NotificationsTo("xmc"));
    }

    [Fact]
    public async Task Repealing_the_departments_own_document_needs_no_reviewer_beyond_its_chain_and_tells_nobody()
    {
        // In a column an administrator exempted, such a repeal publishes after the check alone (no relation finding forces a person).
        var h = FlowHarness.WithAutomatedPublication();
        h.Items.Replace(Item(i => i with { Id = "policy-own", Title = "本处室的旧通知", State = ItemState.Published, PublishedVersion = 1 }));
        var item = await CheckAsync(h, h.Submit(CleanBody, i => i with { Relation = Relation.Repeals, RelatedItemId = "policy-own" }));

        Assert.Equal(ItemState.ReadyToPublish, item.State);
        Assert.Empty(h.Outbox.Recorded);
    }
}
