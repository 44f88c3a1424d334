using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Work;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// A version that failed for good (检查失败 or 发布失败) is fixed either by the operators and a reviewer (重新发布) or by
/// the department with a corrected version; both failure states allow a correction alike, and a published earlier
/// version stays the one the site shows until the correction is published.
/// </summary>
public class CorrectionAfterFailureTests
{
    private static readonly Principal Clerk = new("王科员", "bgs", new HashSet<string> { Role.Submitter });

    private static SubmissionDraft Draft() => new()
    {
        Title = "关于开展科技项目申报工作的通知（更正）", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
        Body = "现将有关事项通知如下。",
    };

    [Theory]
    [InlineData(ItemState.CheckFailed)]
    [InlineData(ItemState.PublishFailed)]
    public async Task A_department_may_correct_a_version_that_failed_for_good_and_the_published_version_is_kept(ItemState failed)
    {
        var time = Clock();
        var items = new InMemoryItemStore();
        var item = new DisclosureItem
        {
            Id = "item-1", IndexNumber = new IndexNumber(Settings.Agency.IssuerCode, 2026, 7), Title = "关于开展科技项目申报工作的通知",
            ColumnCode = "tzgg", Genre = "通知", Publisher = Settings.Agency.Name, DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, 20),
            Version = 2, PublishedVersion = 1, PublishedOn = new DateOnly(2026, 11, 21), State = failed,
            SubmittedBy = "王科员", SubmittedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(),
        };
        await items.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = item.Id, EventId = "failed", At = time.GetUtcNow(), Actor = "系统",
            Action = failed == ItemState.CheckFailed ? AuditAction.CheckFailed : AuditAction.PublishFailed, To = failed, Version = 2,
        }));
        var intake = new IntakeService(Settings, new SubmissionValidator(Settings, items, time), items, new ItemLifecycle(items, time), items, new UnusedAllocator(), new UnusedIdempotency(), time);

        var result = await intake.CorrectAsync(Clerk, item.Id, Draft(), new BasedOn(null, item.Version), CancellationToken.None);

        var corrected = Assert.IsType<IntakeResult.Accepted>(result).Item;
        Assert.Equal((3, ItemState.Submitted, 1), (corrected.Version, corrected.State, corrected.PublishedVersion));
        var message = Assert.Single(items.Messages);
        Assert.Equal(WorkQueues.ComplianceChecks, message.Queue);
        Assert.Equal(new CheckRequest(item.Id, 3), CheckRequest.Parse(message.Body));
        Assert.Equal(failed, (await items.ListAsync(item.Id)).Single(a => a.Action == AuditAction.Corrected).From);
    }

    /// <summary>A correction keeps its 索引号 and its idempotency is the ETag; neither service is asked.</summary>
    [Fact]
    public async Task A_correction_must_name_the_version_it_was_based_on_and_a_stale_one_changes_nothing()
    {
        var time = Clock();
        var items = new InMemoryItemStore();
        var item = new DisclosureItem
        {
            Id = "item-1", IndexNumber = new IndexNumber(Settings.Agency.IssuerCode, 2026, 7), Title = "关于开展科技项目申报工作的通知",
            ColumnCode = "tzgg", Genre = "通知", Publisher = Settings.Agency.Name, DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, 20),
            Version = 2, State = ItemState.Returned, SubmittedBy = "王科员", SubmittedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(),
        };
        var stored = await items.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = "returned", At = time.GetUtcNow(), Actor = "李审核", Action = AuditAction.ReviewRejected, To = item.State, Version = 2 }));
        var intake = new IntakeService(Settings, new SubmissionValidator(Settings, items, time), items, new ItemLifecycle(items, time), items, new UnusedAllocator(), new UnusedIdempotency(), time);

        Assert.IsType<IntakeResult.PreconditionRequired>(await intake.CorrectAsync(Clerk, item.Id, Draft(), new BasedOn(null, null), CancellationToken.None));
        var byVersion = Assert.IsType<IntakeResult.Stale>(await intake.CorrectAsync(Clerk, item.Id, Draft(), new BasedOn(null, 1), CancellationToken.None));
        var byETag = Assert.IsType<IntakeResult.Stale>(await intake.CorrectAsync(Clerk, item.Id, Draft(), new BasedOn("W/\"older\"", null), CancellationToken.None));

        Assert.Equal((2, ItemState.Returned), (byVersion.Current.Version, byVersion.Current.State));
        Assert.Equal(stored.ETag, byETag.ETag);
        Assert.Equal("关于开展科技项目申报工作的通知", (await items.GetAsync(item.Id))!.Item.Title);
        Assert.IsType<IntakeResult.Accepted>(await intake.CorrectAsync(Clerk, item.Id, Draft(), new BasedOn(stored.ETag, 2), CancellationToken.None));
    }

    private sealed class UnusedAllocator : IIndexNumberAllocator
    {
        public Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default) => throw new InvalidOperationException("a correction keeps its 索引号");
    }

    private sealed class UnusedIdempotency : IIdempotencyStore
    {
        public Task<IdempotencyReservation> ReserveAsync(string scope, string key, string proposedItemId, CancellationToken ct = default) => throw new InvalidOperationException("not for corrections");
        public Task RecordIndexNumberAsync(IdempotencyReservation reservation, IndexNumber number, CancellationToken ct = default) => throw new InvalidOperationException("not for corrections");
    }
}
