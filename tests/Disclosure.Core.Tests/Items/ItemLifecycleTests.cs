using System.Text.RegularExpressions;
using Disclosure.Audit;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Lifecycle;
using Disclosure.Work;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Items;

/// <summary>
/// The one operation that moves an item: it refuses what the table does not allow, writes the audit entry with who
/// (id and name), when, from and to, commits the messages with it, decides again after a version conflict, and
/// writes nothing when the caller stops.
/// </summary>
public class ItemLifecycleTests
{
    private static readonly Principal Clerk = new("王科员", "bgs", new HashSet<string> { Role.Submitter }) { Id = "oid-clerk" };
    private static readonly Principal OtherClerk = new("李科员", "kjc", new HashSet<string> { Role.Submitter });
    private static readonly Principal Reviewer = new("赵审核", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-reviewer" };
    private static readonly Principal Checker = Principal.System("compliance-checks", "系统（发布前检查）");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryItemStore _items = new();

    private ItemLifecycle Lifecycle(IItemStore? store = null) => new(store ?? _items, _time);

    private async Task<DisclosureItem> StoreAsync(ItemState state)
    {
        var item = new DisclosureItem
        {
            Id = "item-1", IndexNumber = new IndexNumber("000000000", 2026, 1), Title = "关于开展科技项目申报工作的通知",
            ColumnCode = "tzgg", Genre = "通知", Publisher = "市科学技术局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, 20),
            State = state, SubmittedBy = "王科员", SubmittedAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow(),
        };
        await _items.CreateAsync(item, ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = "seed", At = _time.GetUtcNow(), Actor = "测试", Action = "seed", To = state }));
        return item;
    }

    [Fact]
    public async Task A_move_the_table_does_not_list_is_refused_and_nothing_is_written()
    {
        await StoreAsync(ItemState.Submitted);

        // Nobody may publish an item that was never checked nor reviewed.
        var outcome = await Lifecycle().MoveAsync("item-1", Checker, i => ItemLifecycle.Move(i, ItemState.Published, AuditAction.Published), default);

        var refused = Assert.IsType<LifecycleOutcome<DisclosureItem>.NotAllowed>(outcome);
        Assert.Equal("不允许的状态变更：“已提交”→“已发布”（发布） 不在流转规则之内。", refused.Reason);
        Assert.Equal(ItemState.Submitted, (await _items.GetAsync("item-1"))!.Item.State);
        Assert.DoesNotContain(await _items.ListAsync("item-1"), e => e.Action == AuditAction.Published);
        Assert.Empty(_items.Messages);
    }

    [Fact]
    public async Task A_department_may_not_approve_its_own_item_and_the_refusal_names_who_may()
    {
        await StoreAsync(ItemState.AwaitingReview);

        var outcome = await Lifecycle().MoveAsync("item-1", Clerk, i => ItemLifecycle.Move(i, ItemState.ReadyToPublish, AuditAction.ReviewApproved), default);

        var refused = Assert.IsType<LifecycleOutcome<DisclosureItem>.NotAllowed>(outcome);
        Assert.Contains("只能由以下角色办理", refused.Reason);
        Assert.Contains("保密审查人员", refused.Reason);
        Assert.Equal(ItemState.AwaitingReview, (await _items.GetAsync("item-1"))!.Item.State);
    }

    [Fact]
    public async Task Ownership_is_a_role_only_the_items_own_department_holds()
    {
        var item = await StoreAsync(ItemState.Published);

        Assert.True(Lifecycle().MayTake(Clerk, item, AuditAction.WithdrawalRequested));
        Assert.False(Lifecycle().MayTake(OtherClerk, item, AuditAction.WithdrawalRequested));
        Assert.False(Lifecycle().MayTake(Reviewer with { DepartmentCode = "kjc" }, item, AuditAction.Corrected));
    }

    [Fact]
    public async Task A_move_writes_one_audit_entry_with_actor_id_and_name_time_from_to_and_details_and_commits_its_messages()
    {
        await StoreAsync(ItemState.AwaitingReview);
        _time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await Lifecycle().MoveAsync("item-1", Reviewer, i => ItemLifecycle.Move(i, ItemState.ReadyToPublish, AuditAction.ReviewApproved) with
        {
            Details = new Dictionary<string, string> { ["审查结论"] = "同意公开" },
            Messages = [new WorkMessage(WorkQueues.RenderPages, "{}")],
        }, default);

        var moved = Assert.IsType<LifecycleOutcome<DisclosureItem>.Moved>(outcome);
        Assert.Equal((ItemState.AwaitingReview, ItemState.ReadyToPublish), (moved.Before.State, moved.After.State));
        Assert.Equal(_time.GetUtcNow(), moved.After.UpdatedAt);
        var entry = Assert.Single(await _items.ListAsync("item-1"), e => e.Action == AuditAction.ReviewApproved);
        Assert.Equal(("oid-reviewer", "赵审核"), (entry.ActorId, entry.Actor));
        Assert.Equal((ItemState.AwaitingReview, ItemState.ReadyToPublish), (entry.From!.Value, entry.To));
        Assert.Equal(_time.GetUtcNow(), entry.At);
        Assert.Equal(moved.EventId, entry.EventId);
        Assert.Equal("同意公开", entry.Details["审查结论"]);
        Assert.Equal(WorkQueues.RenderPages, Assert.Single(_items.Messages).Queue);
    }

    [Fact]
    public async Task A_stop_is_the_callers_answer_and_writes_nothing()
    {
        await StoreAsync(ItemState.Returned);

        var outcome = await Lifecycle().MoveAsync("item-1", Checker, _ => ItemLifecycle.Stop("already returned"), default);

        Assert.Equal("already returned", Assert.IsType<LifecycleOutcome<DisclosureItem>.Stopped>(outcome).Answer);
        Assert.Single(await _items.ListAsync("item-1"));
    }

    [Fact]
    public async Task A_missing_item_is_not_found()
    {
        var outcome = await Lifecycle().MoveAsync("nothing", Checker, i => ItemLifecycle.Move(i, ItemState.Checking, AuditAction.CheckStarted), default);

        Assert.IsType<LifecycleOutcome<DisclosureItem>.NotFound>(outcome);
    }

    [Fact]
    public async Task After_a_version_conflict_it_reads_and_decides_again()
    {
        await StoreAsync(ItemState.Submitted);
        // Someone else changes the item between the read and the commit, once.
        var store = new ChangingStore(_items, changes: 1);
        var seen = new List<ItemState>();

        var outcome = await Lifecycle(store).MoveAsync("item-1", Checker, i =>
        {
            seen.Add(i.State);
            return ItemLifecycle.Move(i, ItemState.Checking, AuditAction.CheckStarted);
        }, default);

        Assert.IsType<LifecycleOutcome<DisclosureItem>.Moved>(outcome);
        Assert.Equal([ItemState.Submitted, ItemState.Submitted], seen);
        Assert.Single(await _items.ListAsync("item-1"), e => e.Action == AuditAction.CheckStarted);
    }

    [Fact]
    public async Task It_gives_up_after_as_many_conflicts_as_its_policy_allows()
    {
        await StoreAsync(ItemState.Submitted);
        var store = new ChangingStore(_items, changes: int.MaxValue);
        var asked = 0;

        var outcome = await Lifecycle(store).MoveAsync("item-1", Checker, i => { asked++; return ItemLifecycle.Move(i, ItemState.Checking, AuditAction.CheckStarted); }, default);

        Assert.IsType<LifecycleOutcome<DisclosureItem>.Conflicted>(outcome);
        Assert.Equal(Lifecycle<DisclosureItem, ItemState>.Attempts, asked);
        Assert.DoesNotContain(await _items.ListAsync("item-1"), e => e.Action == AuditAction.CheckStarted);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_conflict_at_once()
    {
        await StoreAsync(ItemState.Published);
        var asked = 0;

        var outcome = await Lifecycle().MoveAsync("item-1", Clerk, i => { asked++; return ItemLifecycle.Move(i, i.State, AuditAction.WithdrawalRequested); }, default, ifMatch: "\"stale\"");

        Assert.IsType<LifecycleOutcome<DisclosureItem>.Conflicted>(outcome);
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task Creation_outside_the_table_throws_and_stores_nothing()
    {
        var item = new DisclosureItem
        {
            Id = "item-2", IndexNumber = new IndexNumber("000000000", 2026, 2), Title = "标题", ColumnCode = "tzgg", Genre = "通知",
            Publisher = "市科学技术局", DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 11, 20), SubmittedBy = "李科员", SubmittedAt = _time.GetUtcNow(),
        };

        // Another department's clerk may not submit for this one, and nothing is created 已发布.
        await Assert.ThrowsAsync<LifecycleRefusedException>(() => Lifecycle().CreateAsync(OtherClerk, ItemLifecycle.Move(item, ItemState.Submitted, AuditAction.Submitted), default));
        await Assert.ThrowsAsync<LifecycleRefusedException>(() => Lifecycle().CreateAsync(Clerk, ItemLifecycle.Move(item, ItemState.Published, AuditAction.Submitted), default));
        Assert.Null(await _items.GetAsync("item-2"));
    }

    [Fact]
    public void The_table_names_each_move_once_and_every_move_has_someone_who_may_take_it()
    {
        var rows = ItemTransitions.Table.Rows;
        Assert.Equal(rows.Count, rows.Select(r => (r.From, r.To, r.Action)).Distinct().Count());
        Assert.All(rows, r => Assert.NotEmpty(r.Roles));
        // Nothing leaves 已撤回: a withdrawn item is submitted again as a new item.
        Assert.DoesNotContain(rows, r => r.From == ItemState.Withdrawn);
        // Only a reviewer's approval withdraws an item.
        Assert.All(rows.Where(r => r.To == ItemState.Withdrawn), r => Assert.Equal(AuditAction.ReviewApproved, r.Action));
        Assert.Throws<InvalidOperationException>(() => new TransitionTable<ItemState>(s => s.ToString())
            .Allow("a", ItemState.Submitted, ItemState.Checking, Role.System)
            .Allow("a", ItemState.Submitted, ItemState.Checking, Role.Reviewer));
        Assert.Throws<ArgumentException>(() => new TransitionTable<ItemState>(s => s.ToString()).Allow("a", ItemState.Submitted, ItemState.Checking));
    }

    /// <summary>A store in which someone else touches the item just before each of the first <paramref name="changes"/> commits.</summary>
    private sealed class ChangingStore(InMemoryItemStore inner, int changes) : IItemStore
    {
        private int _left = changes;

        public async Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default)
        {
            if (_left-- > 0)
            {
                var current = (await inner.GetAsync(item.Id, ct))!;
                await inner.UpdateAsync(current.Item with { UpdatedAt = current.Item.UpdatedAt.AddSeconds(1) }, current.ETag,
                    ItemChange.Of(new AuditEntry { ItemId = item.Id, EventId = Guid.NewGuid().ToString("N"), At = DateTimeOffset.UnixEpoch, Actor = "别人", Action = "touched", To = current.Item.State }), ct);
            }
            return await inner.UpdateAsync(item, etag, change, ct);
        }

        public Task<StoredItem?> GetAsync(string id, CancellationToken ct = default) => inner.GetAsync(id, ct);
        public Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default) => inner.FindByIndexNumberAsync(number, ct);
        public IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, CancellationToken ct = default) => inner.ListAsync(query, ct);
        public Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default) => inner.GetVersionsAsync(id, ct);
        public IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync(CancellationToken ct = default) => inner.ListAllVersionsAsync(ct);
        public Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default) => inner.CreateAsync(item, change, ct);
        public Task DeliverPendingAsync(string id, CancellationToken ct = default) => inner.DeliverPendingAsync(id, ct);
        public Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default) => inner.DeliverAllPendingAsync(olderThan, ct);
    }
}

/// <summary>
/// The lifecycle is the one home of an item's state, as the source shows it: docs/item-lifecycle.md shows people the
/// table the code enforces, and no production code outside the lifecycle sets an item's state.
/// </summary>
public partial class ItemLifecycleSourceTests
{
    private static DirectoryInfo Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Disclosure.Functions.sln"))) root = root.Parent;
        return root ?? throw new DirectoryNotFoundException("the repository root (Disclosure.Functions.sln)");
    }

    [GeneratedRegex(@"\bState\s*=\s*ItemState\.|with\s*\{[^}]*\bState\s*=(?!=)")]
    private static partial Regex SetsAnItemsState();

    [Fact]
    public void No_production_code_outside_the_lifecycle_sets_an_items_state()
    {
        var functions = Path.Combine(Root().FullName, "functions");
        // The lifecycle sets a stored item's state; PublicCopy makes copies for the portal's pages, which are never stored.
        // ApplicationLifecycle is the same one place for applications (their own aggregate, checked by ApplicationLifecycleSourceTests).
        string[] allowed = [Path.Combine("Items", "ItemLifecycle.cs"), Path.Combine("Items", "PublicCopy.cs"), Path.Combine("Applications", "ApplicationLifecycle.cs")];
        var offenders = Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => !allowed.Any(f.EndsWith))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: Path.GetRelativePath(functions, f), Line: i + 1, Text: line)))
            .Where(l => SetsAnItemsState().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
        Assert.Contains(Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories), f => f.EndsWith(allowed[0]) && SetsAnItemsState().IsMatch(File.ReadAllText(f)));
    }

    [Fact]
    public void The_documented_transitions_are_the_ones_the_lifecycle_enforces()
    {
        var document = File.ReadAllText(Path.Combine(Root().FullName, "docs", "item-lifecycle.md"));

        var expected = string.Join("\n", ItemTransitions.Table.Rows
            .GroupBy(r => (r.Action, To: Nullable.Equals(r.From, r.To) ? "（不变）" : r.To.ToChinese(),
                Roles: string.Join("、", r.Roles.Order(StringComparer.Ordinal).Select(ItemTransitions.RoleName))))
            .Select(g => $"| {AuditAction.ToChinese(g.Key.Action)} (`{g.Key.Action}`) | {string.Join("、", g.Select(r => r.From?.ToChinese() ?? "（新建）"))} | {g.Key.To} | {g.Key.Roles} |"));
        Assert.Contains(expected, document.ReplaceLineEndings("\n"));
    }
}
