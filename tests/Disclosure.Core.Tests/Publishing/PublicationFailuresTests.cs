using System.Text;
using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Tests.Plan;
using Disclosure.Tests.Shared;
using Disclosure.Work;
using Disclosure.Workbench;

namespace Disclosure.Tests.Publishing;

public class PublicationFailuresTests
{
    private const string Poison = "render-pages-poison";
    private static readonly Principal Reviewer = new("李审核", "bgs", new HashSet<string> { Role.Reviewer });
    private static readonly Principal Clerk = new("王科员", "bgs", new HashSet<string> { Role.Submitter });

    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOutbox _outbox = new();

    private PublicationFailures Failures(ComplianceOptions? options = null) =>
        new(_bed.Items, _bed.Lifecycle(), _bed.Items, new OperatorAlerts(new OutboxNotifier(_outbox, _bed.Time), PublicationBed.Catalogue, options ?? new ComplianceOptions()));

    private IReadOnlyList<Notification> Alerts => _outbox.Recorded.Where(n => n.RecipientCode == OperatorAlerts.Recipient).ToList();

    /// <summary>A 待发布 item whose body is <c>body-1</c> (the alerts name it); without the body its render fails.</summary>
    private Task<DisclosureItem> ReadyAsync(string title, bool withBody = true) =>
        _bed.ReadyAsync(title, withBody ? "原始正文" : null, "王科员", (null, "李审核"), i => i with { BodyId = "body-1", UpdatedAt = _bed.Time.GetUtcNow() });

    private static AuditEntry Entry(DisclosureItem item, string action) => new()
    {
        ItemId = item.Id, EventId = Guid.NewGuid().ToString("N"), At = item.UpdatedAt, Actor = "李审核", Action = action, To = item.State, Version = item.Version,
    };

    private Task<DisclosureItem> ChangeAsync(string id, Func<DisclosureItem, DisclosureItem> change) =>
        _bed.UpdateAsync(id, change, next => Entry(next, AuditAction.Corrected));

    private async Task<DisclosureItem> CurrentAsync(string id) => (await _bed.Items.GetAsync(id))!.Item;

    private IReadOnlyList<AuditEntry> Trail(string id, string action) => _bed.Items.ListAsync(id).Result.Where(a => a.Action == action).ToList();

    [Fact]
    public async Task A_render_message_that_always_failed_marks_the_ready_version_publish_failed_and_alerts_operators_once()
    {
        var item = await ReadyAsync("关于正文丢失的通知", withBody: false);
        await Assert.ThrowsAsync<FileNotFoundException>(() => _bed.Check().CheckAsync(item.Id, 1, default));

        var first = await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
        var repeat = await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);

        Assert.True(first.Marked);
        Assert.False(repeat.Marked);
        Assert.Equal(ItemState.PublishFailed, (await CurrentAsync(item.Id)).State);
        var failed = Assert.Single(Trail(item.Id, AuditAction.PublishFailed));
        Assert.Equal((ItemState.ReadyToPublish, ItemState.PublishFailed, PublicationFailures.SystemActor), (failed.From!.Value, failed.To, failed.Actor));
        Assert.Contains(Poison, failed.Details["原因"]);
        Assert.Equal("发布失败", AuditAction.ToChinese(failed.Action));
        var alert = Assert.Single(Alerts);
        Assert.Equal(PublicationFailures.AlertId(item.Id, 1), alert.Id);
        Assert.Equal($"publish-failed-{item.Id}-v1", alert.Id);
        Assert.Contains("发布失败", alert.Subject);
        Assert.Contains("关于正文丢失的通知", alert.Subject);
        Assert.Contains(Poison, alert.Text);                                  // which queue holds the message
        Assert.Contains($"items/{item.Id}/body-1", alert.Text);               // what to check
        Assert.Contains($"/api/submissions/{item.Id}/retry-publication", alert.Text); // what to do next
        Assert.Contains("网站上没有它的页面", alert.Text);
        Assert.Equal(ChannelKind.Outbox, Assert.Single(alert.Channels).Kind);
    }

    [Fact]
    public async Task The_alert_goes_to_the_operator_mailboxes_when_they_are_configured()
    {
        var item = await ReadyAsync("关于告警邮箱的通知", withBody: false);
        var options = new ComplianceOptions { OperatorEmails = ["ops@example.gov.cn"] };
        var failures = Failures(options);

        await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);

        var channel = Assert.Single(Assert.Single(Alerts).Channels);
        Assert.Equal((ChannelKind.Email, "ops@example.gov.cn"), (channel.Kind, channel.Address));
    }

    [Fact]
    public async Task A_blank_operator_mailbox_setting_keeps_the_alert_in_the_outbox()
    {
        // What a deployment without an operators' mailbox sets: Compliance__OperatorEmails__0 = "".
        var item = await ReadyAsync("关于告警邮箱为空的通知", withBody: false);
        var options = new ComplianceOptions { OperatorEmails = ["", "  "] };
        var failures = Failures(options);

        await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);

        Assert.Equal(ChannelKind.Outbox, Assert.Single(Assert.Single(Alerts).Channels).Kind);
    }

    [Fact]
    public async Task A_poisoned_message_for_an_older_version_changes_nothing_and_alerts_nobody()
    {
        var item = await ReadyAsync("关于版本过期的通知");
        await ChangeAsync(item.Id, i => i with { Version = 2, State = ItemState.ReadyToPublish });

        await AssertLatePoisonChangesNothingAsync(item.Id, ItemState.ReadyToPublish);
    }

    [Fact]
    public async Task An_approved_withdrawal_whose_notice_failed_to_render_stays_withdrawn()
    {
        var item = await ReadyAsync("关于撤回的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        await ChangeAsync(item.Id, i => i with { State = ItemState.Withdrawn });

        await AssertLatePoisonChangesNothingAsync(item.Id, ItemState.Withdrawn);
    }

    [Fact]
    public async Task A_published_item_is_not_marked_failed_by_a_late_poisoned_message()
    {
        var item = await ReadyAsync("关于已经发布的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        await AssertLatePoisonChangesNothingAsync(item.Id, ItemState.Published);
    }

    /// <summary>
    /// A poisoned message for version 1 that comes after the item moved on: not marked, the state kept, no 发布失败 in the
    /// audit trail, no operator alerted.
    /// </summary>
    private async Task AssertLatePoisonChangesNothingAsync(string id, ItemState stays)
    {
        var outcome = await Failures().MarkPublishFailedAsync(new RenderRequest(id, 1), Poison, default);

        Assert.False(outcome.Marked);
        Assert.Equal(stays, (await CurrentAsync(id)).State);
        Assert.Empty(Trail(id, AuditAction.PublishFailed));
        Assert.Empty(Alerts);
    }

    [Fact]
    public async Task A_correction_that_fails_to_render_leaves_the_published_version_on_the_site()
    {
        var item = await ReadyAsync("原标题的通知");
        var publication = _bed.Service();
        await publication.PublishAsync(PublicationTrigger.Nightly, null, default);
        // Version 2 is approved, but its body blob is gone.
        await ChangeAsync(item.Id, i => i with { Version = 2, Title = "更正后的通知", BodyId = "body-2", State = ItemState.ReadyToPublish });
        await Assert.ThrowsAsync<FileNotFoundException>(() => _bed.Check().CheckAsync(item.Id, 2, default));

        await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 2), Poison, default);
        _bed.Time.Advance(TimeSpan.FromDays(1));
        var run = await publication.PublishAsync(PublicationTrigger.Nightly, null, default);

        var current = await CurrentAsync(item.Id);
        Assert.Equal((ItemState.PublishFailed, 2, 1), (current.State, current.Version, current.PublishedVersion));
        Assert.Equal(0, run.ItemsPublished);
        Assert.Empty(run.Skipped); // not even tried: 发布失败 is not 待发布
        var page = Encoding.UTF8.GetString((await _bed.Site.ReadAsync($"items/{item.Id}.html", default))!);
        Assert.Contains("原标题的通知", page);
        Assert.Contains("原始正文", page);
        Assert.DoesNotContain("更正后", page);
        Assert.Contains("原标题的通知", Encoding.UTF8.GetString((await _bed.Site.ReadAsync("columns/tzgg/index.html", default))!));
        Assert.Contains("继续显示此前发布的第1版", Assert.Single(Trail(item.Id, AuditAction.PublishFailed)).Details["网站"]);
        Assert.Contains("网站上继续显示此前发布的第1版", Assert.Single(Alerts).Text);
    }

    [Fact]
    public async Task Retry_puts_the_item_back_to_ready_with_its_audit_entry_and_a_render_message_in_one_commit_and_it_is_published_once()
    {
        var item = await ReadyAsync("关于重新发布的通知", withBody: false);
        await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
        var messagesBefore = _bed.Items.Messages.Count;
        await _bed.Items.PutAsync(item.Id, "body-1", new MemoryStream(Encoding.UTF8.GetBytes("恢复的正文")), "text/plain");

        var result = await Failures().RetryAsync(Reviewer, item.Id, 1, default);

        var retried = Assert.IsType<RetryPublicationResult.Retried>(result).Item;
        Assert.Equal(ItemState.ReadyToPublish, retried.State);
        var entry = Assert.Single(Trail(item.Id, AuditAction.PublicationRetried));
        Assert.Equal((ItemState.PublishFailed, ItemState.ReadyToPublish, "李审核"), (entry.From!.Value, entry.To, entry.Actor));
        var message = Assert.Single(_bed.Items.Messages.Skip(messagesBefore));
        Assert.Equal(WorkQueues.RenderPages, message.Queue);
        Assert.Equal(new RenderRequest(item.Id, 1) { Retry = 1 }, RenderRequest.Parse(message.Body));

        Assert.Equal(RenderOutcome.Ready, (await _bed.Check().CheckAsync(item.Id, 1, default)).Outcome);
        var first = await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        var second = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Equal((1, 0), (first.ItemsPublished, second.ItemsPublished));
        Assert.Single(Trail(item.Id, AuditAction.Published));
        Assert.Contains("恢复的正文", Encoding.UTF8.GetString((await _bed.Site.ReadAsync($"items/{item.Id}.html", default))!));
    }

    [Fact]
    public async Task A_poisoned_message_from_before_a_retry_does_not_fail_the_retried_version_but_a_failed_retry_alerts_again()
    {
        var item = await ReadyAsync("关于再次失败的通知", withBody: false);
        var failures = Failures();
        await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
        await failures.RetryAsync(Reviewer, item.Id, null, default);

        // The first failure's message delivered again (a crash after its commit): the retried version is not its business.
        var stale = await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
        Assert.False(stale.Marked);
        Assert.Equal(ItemState.ReadyToPublish, (await CurrentAsync(item.Id)).State);

        // The retry's own message fails too (the body is still missing): marked again, and the operators hear of it again.
        var again = await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1) { Retry = 1 }, Poison, default);
        await failures.MarkPublishFailedAsync(new RenderRequest(item.Id, 1) { Retry = 1 }, Poison, default);
        Assert.True(again.Marked);
        Assert.Equal(ItemState.PublishFailed, (await CurrentAsync(item.Id)).State);
        Assert.Equal([PublicationFailures.AlertId(item.Id, 1), PublicationFailures.AlertId(item.Id, 1, 1)], Alerts.Select(a => a.Id));
        Assert.Equal(2, Trail(item.Id, AuditAction.PublishFailed).Count);
    }

    [Fact]
    public async Task Retry_is_for_reviewers_and_only_for_items_that_failed_to_publish()
    {
        var ready = await ReadyAsync("关于待发布的通知");
        var failed = await ReadyAsync("关于发布失败的通知", withBody: false);
        await Failures().MarkPublishFailedAsync(new RenderRequest(failed.Id, 1), Poison, default);

        Assert.IsType<RetryPublicationResult.Forbidden>(await Failures().RetryAsync(Clerk, failed.Id, null, default));
        Assert.IsType<RetryPublicationResult.NotFound>(await Failures().RetryAsync(Reviewer, "no-such-item", null, default));
        var notFailed = Assert.IsType<RetryPublicationResult.Conflict>(await Failures().RetryAsync(Reviewer, ready.Id, null, default));
        Assert.Contains("待发布", notFailed.Reason);
        Assert.IsType<RetryPublicationResult.Conflict>(await Failures().RetryAsync(Reviewer, failed.Id, 2, default));
        Assert.Equal(ItemState.PublishFailed, (await CurrentAsync(failed.Id)).State);
        Assert.Empty(Trail(failed.Id, AuditAction.PublicationRetried));

        Assert.IsType<RetryPublicationResult.Retried>(await Failures().RetryAsync(Reviewer, failed.Id, 1, default));
        // A second click finds it 待发布 again.
        Assert.IsType<RetryPublicationResult.Conflict>(await Failures().RetryAsync(Reviewer, failed.Id, 1, default));
        Assert.Single(Trail(failed.Id, AuditAction.PublicationRetried));
    }

    [Fact]
    public async Task The_status_page_explains_the_failure_to_the_department_and_offers_the_retry_only_to_reviewers()
    {
        var item = await ReadyAsync("关于状态页说明的通知", withBody: false);
        await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
        var current = await CurrentAsync(item.Id);
        var history = await _bed.Items.ListAsync(item.Id);

        var forDepartment = SubmissionStatusModel.Build(PublicationBed.Catalogue, Clerk, current, history, [current], null, null);
        var forReviewer = SubmissionStatusModel.Build(PublicationBed.Catalogue, Reviewer, current, history, [current], null, null);

        Assert.Equal("发布失败", forDepartment.State);
        Assert.Contains("运维人员已收到告警", forDepartment.StateNote);
        Assert.False(forDepartment.CanRetryPublication);
        Assert.True(forDepartment.CanCorrect); // like 检查失败: a corrected version is checked again
        Assert.True(forReviewer.CanRetryPublication);

        var pages = new WorkbenchPages();
        var documents = new Dictionary<string, string>
        {
            ["department.html"] = pages.Render("submission-status", current.Title, forDepartment, new PageChrome("市科学技术局", "王科员", "办公室", false)),
            ["reviewer.html"] = pages.Render("submission-status", current.Title, forReviewer, new PageChrome("市科学技术局", "李审核", "办公室", true)),
            ["queue.html"] = pages.Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle,
                ReviewPages.Queue([], PublicationBed.Catalogue, publishFailed: await Failures().ListFailedAsync(default)), new PageChrome("市科学技术局", "李审核", "办公室", true)),
        };
        Assert.DoesNotContain("retry-publication", documents["department.html"]);
        Assert.Contains($"action=\"/api/submissions/{item.Id}/retry-publication\"", documents["reviewer.html"]);
        Assert.Contains($"action=\"/api/submissions/{item.Id}/retry-publication\"", documents["queue.html"]);
        Assert.Contains("发布失败，待重新发布", System.Net.WebUtility.HtmlDecode(documents["queue.html"]));
        Assert.Contains("运维人员已收到告警", System.Net.WebUtility.HtmlDecode(documents["department.html"]));
        Assert.Empty(await NuHtmlChecker.CheckAsync(documents));
    }

    [Fact]
    public async Task The_review_page_lists_the_oldest_failures_up_to_its_bound_and_links_all_of_them()
    {
        // Issue 17: the review page listed every 发布失败 item, however many, on each visit.
        for (var i = 0; i <= PublicationFailures.ShownOnQueue; i++)
        {
            var item = await ReadyAsync($"关于批量发布失败的通知{i}", withBody: false);
            await Failures().MarkPublishFailedAsync(new RenderRequest(item.Id, 1), Poison, default);
            _bed.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var slice = await Failures().ListFailedAsync(default);

        Assert.Equal(PublicationFailures.ShownOnQueue, slice.Items.Count);
        Assert.True(slice.More);
        Assert.Equal(slice.Items.OrderBy(i => i.UpdatedAt).Select(i => i.Id), slice.Items.Select(i => i.Id));
        var page = new WorkbenchPages().Render(ReviewPages.QueueTemplate, ReviewPages.QueueTitle,
            ReviewPages.Queue([], PublicationBed.Catalogue, publishFailed: slice), new PageChrome("市科学技术局", "李审核", "办公室", true));
        Assert.Contains($"最早的 {PublicationFailures.ShownOnQueue} 条，<a href=\"/api/submissions?state=PublishFailed\">查看全部</a>",
            System.Net.WebUtility.HtmlDecode(page));
    }
}
