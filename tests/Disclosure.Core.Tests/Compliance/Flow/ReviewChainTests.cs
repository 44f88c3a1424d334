using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Work;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance.Flow;

/// <summary>
/// 条例第十七条 (审查机制, 先审后发): every item is reviewed by a person before release, along its column's review chain;
/// the automated check ranks and annotates the queue but never replaces the person; nobody approves their own submission.
/// </summary>
public class ReviewChainTests
{
    private const string CleanBody = "现将本年度科技项目申报有关事项通知如下，请各单位认真组织申报。";

    private static Principal Person(string id, string name, string? department, params string[] roles)
        => new(name, department, new HashSet<string>(roles, StringComparer.Ordinal)) { Id = id };

    private static readonly Principal Reviewer = Person("oid-li", "李审核", "bgs", Role.Reviewer);
    private static readonly Principal OtherReviewer = Person("oid-zhou", "周审核", "bgs", Role.Reviewer);
    private static readonly Principal Leader = Person("oid-chen", "陈局长", null, Role.Leader);

    private static DisclosureItem SubmittedBy(DisclosureItem item, string personId) => item with { SubmittedById = personId, VersionSubmittedById = personId };

    [Fact]
    public async Task Art17_a_clean_item_waits_for_a_person_by_default_and_nothing_is_rendered()
    {
        var h = new FlowHarness();
        var item = await h.CheckedAsync(h.Submit(CleanBody));

        Assert.Equal(ItemState.AwaitingReview, item.State);
        Assert.DoesNotContain(h.Items.Messages, m => m.Queue == WorkQueues.RenderPages);
        var entry = Assert.Single(await h.Reviews.ListQueueAsync());
        Assert.Equal(ReviewDecision.Approved, entry.Record.Decision);
        Assert.Equal("公开办复审", entry.PendingStep!.Name);
    }

    [Fact]
    public void Art17_every_column_of_the_bureaus_catalogue_needs_a_person_by_default()
    {
        foreach (var column in Settings.Columns)
        {
            Assert.Null(column.AutomatedPublication);
            foreach (var genre in Settings.Genres)
                Assert.Contains(ReviewChains.For(Settings, column, genre), step => !step.AttestedAtSubmission);
        }
        // 分管领导终审 for 政策法规 and for 行政规范性文件 wherever they are filed.
        Assert.Equal(["处室负责人初审", "公开办复审", "分管领导终审"], ReviewChains.For(Settings, Settings.FindColumn("zcfg"), "通知").Select(s => s.Name));
        Assert.Equal(["处室负责人初审", "公开办复审", "分管领导终审"], ReviewChains.For(Settings, Settings.FindColumn("czzj"), "行政规范性文件").Select(s => s.Name));
        Assert.Equal(["处室负责人初审", "公开办复审"], ReviewChains.For(Settings, Settings.FindColumn("czzj"), "预算").Select(s => s.Name));
    }

    [Fact]
    public async Task Art17_items_with_findings_come_first_in_the_queue_and_clean_ones_are_still_listed()
    {
        var h = new FlowHarness();
        var clean = await h.CheckedAsync(h.Submit(CleanBody));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var flagged = await h.CheckedAsync(h.Submit("联系电话13800138000。", i => i with { Id = "item-2", IndexNumber = new IndexNumber("113301000024820810", 2026, 2) }));

        var queue = await h.Reviews.ListQueueAsync();

        Assert.Equal([flagged.Id, clean.Id], queue.Select(e => e.Item.Id));
        Assert.NotEmpty(queue[0].Record.Findings);
        Assert.Contains("公开办复审（待签署：保密审查人员）", ReviewPages.ChainText(queue[1], h.Catalogue));
    }

    /// <summary>Records that refuse to be read: what the home page counts must not need any.</summary>
    private sealed class UnreadableRecords : IComplianceRecords
    {
        public Task SaveAsync(ComplianceRecord record, CancellationToken ct) => Task.CompletedTask;
        public Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct) => throw new InvalidOperationException("a check record was read");
    }

    [Fact]
    public async Task The_count_of_items_waiting_for_a_person_agrees_with_the_queue_and_reads_no_check_record()
    {
        // The home page counted the queue by reading every waiting item's check record on each visit.
        var h = new FlowHarness();
        await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i, "oid-wang")));
        await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i with { Id = "item-2", IndexNumber = new IndexNumber("113301000024820810", 2026, 2) }, "oid-li")));
        var policy = await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i with
        {
            Id = "item-3", IndexNumber = new IndexNumber("113301000024820810", 2026, 3), ColumnCode = "zcfg", Genre = "通知",
        }, "oid-wang")));
        Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(Reviewer, "item-3", true, null, policy.Version));

        var blind = new ReviewService(h.Items, new ItemLifecycle(h.Items, h.Time), new UnreadableRecords(), h.Catalogue, h.Time);
        var queue = await h.Reviews.ListQueueAsync();
        foreach (var who in new[] { Reviewer, OtherReviewer, Leader })
            Assert.Equal(queue.Count(e => ReviewService.WaitsFor(e, who)), await blind.CountWaitingForAsync(who));
        Assert.Equal(1, await blind.CountWaitingForAsync(Reviewer)); // not its own item-2, nor item-3 whose step it signed
        Assert.Equal(2, await blind.CountWaitingForAsync(OtherReviewer));
    }

    [Fact]
    public async Task Art17_a_reviewer_other_than_the_submitter_approves_and_the_audit_keeps_stable_id_name_and_step()
    {
        var h = new FlowHarness();
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i, "oid-wang")));

        var decided = Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 1));

        Assert.Equal(ItemState.ReadyToPublish, decided.Item.State);
        Assert.Equal(new ReviewSignature("公开办复审", "oid-li", "李审核", h.Time.GetUtcNow()), Assert.Single(decided.Item.ReviewSignatures));
        var entry = h.Items.AuditOf(item.Id)[^1];
        Assert.Equal((AuditAction.ReviewApproved, "oid-li", "李审核", "公开办复审"), (entry.Action, entry.ActorId, entry.Actor, entry.Details["审核步骤"]));
        Assert.Contains(h.Items.Messages, m => m.Queue == WorkQueues.RenderPages);
    }

    [Fact]
    public async Task Art17_nobody_approves_their_own_submission_at_the_reviewer_step()
    {
        var h = new FlowHarness();
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i, Reviewer.Id)));

        var refused = Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 1));

        Assert.Equal(ComplianceTexts.OwnSubmission, refused.Reason);
        Assert.Equal(ItemState.AwaitingReview, (await h.Items.GetAsync(item.Id))!.Item.State);
        Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(OtherReviewer, item.Id, true, null, 1));
    }

    [Fact]
    public async Task Art17_an_item_stored_before_stable_ids_were_kept_is_not_approved_by_a_person_of_the_submitters_name()
    {
        var h = new FlowHarness();
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => i with { SubmittedBy = Reviewer.Name, SubmittedById = null, VersionSubmittedById = null }));

        Assert.Equal(ComplianceTexts.OwnSubmission,
            Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 1)).Reason);
        Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(OtherReviewer, item.Id, true, null, 1));
    }

    [Fact]
    public async Task Art17_nobody_approves_a_correction_they_submitted()
    {
        var h = new FlowHarness();
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => i with { Version = 2, SubmittedById = "oid-wang", VersionSubmittedById = Reviewer.Id }));

        var refused = Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 2));

        Assert.Equal(ComplianceTexts.OwnSubmission, refused.Reason);
        Assert.DoesNotContain(h.Items.AuditOf(item.Id), a => a.Action == AuditAction.ReviewApproved);
    }

    [Fact]
    public async Task Art17_a_normative_document_waits_for_the_leaders_final_step_which_nobody_signs_for_their_own_submission()
    {
        var h = new FlowHarness();
        var leaderWhoSubmitted = Person("oid-sun", "孙副局长", "zcfgc", Role.Leader, Role.Submitter);
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => SubmittedBy(i with { ColumnCode = "zcfg", Genre = "行政规范性文件", DepartmentCode = "zcfgc" }, leaderWhoSubmitted.Id)));
        Assert.Equal(ItemState.AwaitingReview, item.State);

        // A leader cannot take the disclosure office's step.
        var notTheirs = Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(Leader, item.Id, true, null, 1));
        Assert.Equal("该信息当前待签署“公开办复审”，须由保密审查人员签署。", notTheirs.Reason);

        // 公开办复审: signed, and the item stays 待审核 for the next step.
        var first = Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, "同意", 1));
        Assert.Equal(ItemState.AwaitingReview, first.Item.State);
        var signed = h.Items.AuditOf(item.Id)[^1];
        Assert.Equal((AuditAction.ReviewStepSigned, "公开办复审", "分管领导终审"), (signed.Action, signed.Details["审核步骤"], signed.Details["待签署步骤"]));
        Assert.DoesNotContain(h.Items.Messages, m => m.Queue == WorkQueues.RenderPages);

        // 分管领导终审: not by a reviewer without the leader role, not by the leader who submitted it, not by the same person twice.
        Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(OtherReviewer, item.Id, true, null, 1));
        Assert.Equal(ComplianceTexts.OwnSubmission,
            Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(leaderWhoSubmitted, item.Id, true, null, 1)).Reason);
        var reviewerAndLeader = Reviewer with { Roles = new HashSet<string> { Role.Reviewer, Role.Leader } };
        Assert.Contains("同一人不能签署同一版本的两个审核步骤",
            Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(reviewerAndLeader, item.Id, true, null, 1)).Reason);

        var last = Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(Leader, item.Id, true, null, 1));
        Assert.Equal(ItemState.ReadyToPublish, last.Item.State);
        Assert.Equal(["公开办复审", "分管领导终审"], last.Item.ReviewSignatures.Select(s => s.Step));
        Assert.Equal((AuditAction.ReviewApproved, "oid-chen", "分管领导终审"), (h.Items.AuditOf(item.Id)[^1].Action, h.Items.AuditOf(item.Id)[^1].ActorId, h.Items.AuditOf(item.Id)[^1].Details["审核步骤"]));
    }

    [Fact]
    public async Task Art17_a_step_someone_signed_meanwhile_is_not_taken_for_the_next_one()
    {
        var h = new FlowHarness();
        var reviewerAndLeader = OtherReviewer with { Roles = new HashSet<string> { Role.Reviewer, Role.Leader } };
        var item = await h.CheckedAsync(h.Submit(CleanBody, i => i with { ColumnCode = "zcfg", Genre = "行政规范性文件", DepartmentCode = "zcfgc" }));

        // Both saw 公开办复审 waiting; the first signs it, the second (who could sign the leader's step) is told, not moved on.
        Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 1, expectedStep: "公开办复审"));
        var stale = Assert.IsType<ReviewResult.Conflict>(await h.Reviews.DecideAsync(reviewerAndLeader, item.Id, true, null, 1, expectedStep: "公开办复审"));
        Assert.Equal("“公开办复审”已由他人签署，该信息现待签署“分管领导终审”，请刷新审核队列后再审核。", stale.Reason);

        // The same race decided on a conflict: the retry re-reads the item and stops instead of signing the next step.
        var racing = await h.CheckedAsync(h.Submit(CleanBody, i => i with { Id = "item-2", ColumnCode = "zcfg", Genre = "行政规范性文件", DepartmentCode = "zcfgc" }));
        h.Items.BeforeNextUpdate = () => h.Items.Replace(racing with
        {
            ReviewSignatures = [new ReviewSignature("公开办复审", Reviewer.Id, Reviewer.Name, h.Time.GetUtcNow())],
        });
        Assert.IsType<ReviewResult.Conflict>(await h.Reviews.DecideAsync(reviewerAndLeader, racing.Id, true, null, 1));
        Assert.Single((await h.Items.GetAsync(racing.Id))!.Item.ReviewSignatures);
    }

    [Fact]
    public async Task Art17_nobody_approves_the_withdrawal_they_asked_for()
    {
        var h = new FlowHarness();
        var item = h.Submit(CleanBody, i => i with { State = ItemState.Published, PublishedVersion = 1, WithdrawalRequested = true, WithdrawalReason = "已过期", WithdrawalRequestedById = Reviewer.Id });
        item = await h.CheckedAsync(item);
        Assert.Equal(ItemState.AwaitingReview, item.State);

        Assert.Equal(ComplianceTexts.OwnSubmission,
            Assert.IsType<ReviewResult.Forbidden>(await h.Reviews.DecideAsync(Reviewer, item.Id, true, null, 1)).Reason);
        Assert.Equal(ItemState.Withdrawn, Assert.IsType<ReviewResult.Decided>(await h.Reviews.DecideAsync(OtherReviewer, item.Id, true, null, 1)).Item.State);
    }

    [Fact]
    public void Art17_a_column_may_publish_after_the_check_alone_only_with_who_when_and_why()
    {
        var json = File.ReadAllText(DataFiles.Combine("catalogue.json"));
        string WithPermission(string permission) => json.Replace("\"code\": \"tzgg\",", "\"code\": \"tzgg\", \"automatedPublication\": " + permission + ",");

        var loaded = CatalogueLoader.Parse(WithPermission("""{ "setBy": "赵管理", "setOn": "2026-11-02", "reason": "转载上级已公开的通知" }"""));
        Assert.Equal("转载上级已公开的通知", loaded.FindColumn("tzgg")!.AutomatedPublication!.Reason);

        var noReason = Assert.Throws<FormatException>(() => CatalogueLoader.Parse(WithPermission("""{ "setBy": "赵管理", "setOn": "2026-11-02", "reason": " " }""")));
        Assert.Contains("理由", noReason.Message);
        Assert.ThrowsAny<Exception>(() => CatalogueLoader.Parse(WithPermission("""{ "reason": "转载" }""")));
    }

    [Fact]
    public void Art17_a_chain_attested_only_at_submission_or_with_an_attested_step_later_does_not_load()
    {
        Assert.NotNull(ReviewChains.Problem([new ReviewStep { Name = "处室负责人初审", AttestedAtSubmission = true }], "默认审核流程"));
        Assert.NotNull(ReviewChains.Problem([new ReviewStep { Name = "公开办复审" }, new ReviewStep { Name = "处室负责人初审", AttestedAtSubmission = true }], "默认审核流程"));
        Assert.NotNull(ReviewChains.Problem([new ReviewStep { Name = "公开办复审" }, new ReviewStep { Name = "公开办复审" }], "默认审核流程"));
        Assert.Null(ReviewChains.Problem(Settings.DefaultReviewChain, "默认审核流程"));
    }
}
