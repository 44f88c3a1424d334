using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Tests.Applications;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// A submission whose storing transaction was cancelled (the host stopped, the client went away, a timeout) may still be
/// applied by storage after the cancellation is seen; the intake must not delete the body and attachments the version
/// that lands refers to (its compliance check would fail on every attempt, and the item would end 检查失败).
/// </summary>
public class CancelledSubmissionTests
{
    private static readonly Principal Clerk = new("王科员", "bgs", new HashSet<string> { Role.Submitter });

    [Fact]
    public async Task Content_of_a_submission_whose_cancelled_transaction_lands_after_the_cancellation_is_kept()
    {
        var time = Clock();
        var inner = new InMemoryItemStore();
        var items = new LateCommit(inner);
        var intake = new IntakeService(Settings, new SubmissionValidator(Settings, inner, time), items, new ItemLifecycle(items, time), inner,
            new OneAllocator(), new InMemoryIdempotencyStore(), time);
        var draft = new SubmissionDraft
        {
            Title = "关于开展科技项目申报工作的通知", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
            Body = "现将有关事项通知如下。",
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => intake.SubmitAsync(Clerk, draft, "key-1", CancellationToken.None));
        items.Land();

        var stored = Assert.Single(await inner.ListAllVersionsAsync().ToListAsync());
        await using var body = await inner.OpenAsync(stored.Id, stored.BodyId!);
        Assert.Equal("现将有关事项通知如下。", await new StreamReader(body).ReadToEndAsync());

        // The retry with the same key finds the version that landed, with its body.
        var again = Assert.IsType<IntakeResult.Accepted>(await intake.SubmitAsync(Clerk, draft, "key-1", CancellationToken.None));
        Assert.Equal((stored.Id, false), (again.Item.Id, again.IsNew));
    }

    /// <summary>
    /// Storage that answers a create with a cancellation and applies it later: after the next read of the item's versions
    /// (the read a compensation makes), or when the test says so.
    /// </summary>
    private sealed class LateCommit(InMemoryItemStore inner) : IItemStore
    {
        private (DisclosureItem Item, ItemChange Change)? _pending;

        public Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default)
        {
            _pending = (item, change);
            throw new OperationCanceledException("the host stopped while the transaction was on its way");
        }

        public async Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default)
        {
            var versions = await inner.GetVersionsAsync(id, ct);
            Land();
            return versions;
        }

        public void Land()
        {
            if (_pending is not { } pending) return;
            _pending = null;
            inner.CreateAsync(pending.Item, pending.Change).GetAwaiter().GetResult();
        }

        public Task<StoredItem?> GetAsync(string id, CancellationToken ct = default) => inner.GetAsync(id, ct);
        public Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default) => inner.FindByIndexNumberAsync(number, ct);
        public IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, CancellationToken ct = default) => inner.ListAsync(query, ct);
        public IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync(CancellationToken ct = default) => inner.ListAllVersionsAsync(ct);
        public Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default) => inner.UpdateAsync(item, etag, change, ct);
        public Task DeliverPendingAsync(string id, CancellationToken ct = default) => inner.DeliverPendingAsync(id, ct);
        public Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default) => inner.DeliverAllPendingAsync(olderThan, ct);
    }

    private sealed class OneAllocator : IIndexNumberAllocator
    {
        public Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default) => Task.FromResult(new IndexNumber(issuerCode, year, 1));
    }
}
