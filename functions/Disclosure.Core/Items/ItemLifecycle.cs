using Disclosure.Audit;
using Disclosure.Identity;
using Disclosure.Lifecycle;
using Disclosure.Work;

namespace Disclosure.Items;

/// <summary>
/// An item's life: every state change an item may make, and who may make it. Services decide (a check's outcome, a
/// reviewer's decision); only <see cref="ItemLifecycle"/> changes an item's state, and only along these rows.
/// </summary>
public static class ItemTransitions
{
    /// <summary>A person of the department responsible for the item (责任处室): it submits, corrects and asks to withdraw.</summary>
    public const string OwningDepartment = "OwningDepartment";

    private static readonly ItemState?[] Correctable =
    [
        ItemState.Submitted, ItemState.AwaitingReview, ItemState.Returned, ItemState.ReadyToPublish, ItemState.Published,
        ItemState.CheckFailed, ItemState.PublishFailed,
    ];

    /// <summary>States in which an item can still have a published version on the site (all but 已撤回).</summary>
    private static readonly ItemState[] NotWithdrawn = Enum.GetValues<ItemState>().Where(s => s != ItemState.Withdrawn).ToArray();

    public static readonly TransitionTable<ItemState> Table = Build();

    public static string RoleName(string role) => role switch
    {
        OwningDepartment => "责任处室",
        Role.Submitter => "报送人员",
        Role.Reviewer => "保密审查人员",
        Role.Administrator => "管理员",
        Role.Leader => "分管领导",
        Role.System => "系统",
        Role.SampleData => "示例数据",
        _ => role,
    };

    private static TransitionTable<ItemState> Build()
    {
        var table = new TransitionTable<ItemState>(s => s.ToChinese(), AuditAction.ToChinese, RoleName)
            // Departments submit, correct (a new version; not while it is being checked, nor once withdrawn) and ask to withdraw.
            .Allow(AuditAction.Submitted, (ItemState?)null, ItemState.Submitted, OwningDepartment, Role.Administrator)
            // 历史导入: an administrator brings in what the earlier system published; it is checked like a submission.
            .Allow(AuditAction.Imported, (ItemState?)null, ItemState.Submitted, Role.Administrator)
            .Allow(AuditAction.Corrected, Correctable, ItemState.Submitted, OwningDepartment, Role.Administrator)
            .Allow(AuditAction.WithdrawalRequested, ItemState.Published, ItemState.Published, OwningDepartment, Role.Administrator)
            // The automated check (Art. 17): it returns an item or sends it to the people of its review chain; only a column an
            // administrator exempted (with a recorded reason) publishes after the check alone. A withdrawal request always goes to a person.
            .Allow(AuditAction.CheckStarted, ItemState.Submitted, ItemState.Checking, Role.System)
            .Allow(AuditAction.Checked, ItemState.Checking, ItemState.ReadyToPublish, Role.System)
            .Allow(AuditAction.Checked, ItemState.Checking, ItemState.AwaitingReview, Role.System)
            .Allow(AuditAction.Checked, ItemState.Checking, ItemState.Returned, Role.System)
            .Allow(AuditAction.Checked, ItemState.Published, ItemState.AwaitingReview, Role.System)
            .Allow(AuditAction.CheckFailed, [ItemState.Submitted, ItemState.Checking, ItemState.Published], ItemState.CheckFailed, Role.System)
            // Reviewers (保密审查) and leaders sign the steps of the item's review chain; the last signature publishes it, any
            // of them may refuse it. Withdrawals are decided by reviewers. The seeder approves its own demonstration items
            // (【示例】), and only it may do so without the check queue.
            .Allow(AuditAction.ReviewStepSigned, ItemState.AwaitingReview, ItemState.AwaitingReview, Role.Reviewer, Role.Administrator, Role.Leader)
            .Allow(AuditAction.ReviewApproved, ItemState.AwaitingReview, ItemState.ReadyToPublish, Role.Reviewer, Role.Administrator, Role.Leader, Role.SampleData)
            .Allow(AuditAction.ReviewApproved, ItemState.AwaitingReview, ItemState.Withdrawn, Role.Reviewer, Role.Administrator)
            .Allow(AuditAction.ReviewRejected, ItemState.AwaitingReview, ItemState.Returned, Role.Reviewer, Role.Administrator, Role.Leader)
            .Allow(AuditAction.ReviewRejected, ItemState.AwaitingReview, ItemState.Published, Role.Reviewer, Role.Administrator)
            .Allow(AuditAction.ReviewApproved, [ItemState.Submitted, ItemState.Checking], ItemState.ReadyToPublish, Role.SampleData)
            // The publication, and the render queue's poison handler; reviewers 重新发布 once the fault is fixed.
            .Allow(AuditAction.Published, ItemState.ReadyToPublish, ItemState.Published, Role.System)
            .Allow(AuditAction.PublishFailed, ItemState.ReadyToPublish, ItemState.PublishFailed, Role.System)
            .Allow(AuditAction.PublicationRetried, ItemState.PublishFailed, ItemState.ReadyToPublish, Role.Reviewer, Role.Administrator);
        // 公开时限届满 is recorded whatever a later version is doing: the version on the site left it.
        foreach (var state in NotWithdrawn) table.Allow(AuditAction.PublicUntilEnded, state, state, Role.System);
        return table;
    }
}

/// <summary>The lifecycle of <see cref="DisclosureItem"/>: the one place an item's state is changed.</summary>
public sealed class ItemLifecycle(IItemStore items, TimeProvider time)
    : Lifecycle<DisclosureItem, ItemState>(new ItemLifecycleStore(items), ItemShape.Instance, ItemTransitions.Table, time)
{
    /// <summary>Moves the item to <paramref name="to"/> by <paramref name="action"/>, with the other changes <paramref name="next"/> carries.</summary>
    public static Move<DisclosureItem, ItemState> Move(DisclosureItem next, ItemState to, string action) => new(next, to, action);

    public static Decision<DisclosureItem, ItemState> Stop(object answer) => Decision<DisclosureItem, ItemState>.Stop(answer);
}

internal sealed class ItemShape : IAggregateShape<DisclosureItem, ItemState>
{
    public static readonly ItemShape Instance = new();

    public string IdOf(DisclosureItem item) => item.Id;
    public ItemState StateOf(DisclosureItem item) => item.State;
    public int RevisionOf(DisclosureItem item) => item.Version;
    public DisclosureItem Moved(DisclosureItem item, ItemState state, DateTimeOffset at) => item with { State = state, UpdatedAt = at };

    public IReadOnlySet<string> RolesOf(Principal actor, DisclosureItem item)
    {
        if (actor.DepartmentCode is null || actor.DepartmentCode != item.DepartmentCode) return actor.Roles;
        return new HashSet<string>(actor.Roles, StringComparer.Ordinal) { ItemTransitions.OwningDepartment };
    }
}

/// <summary>Items' store as the lifecycle uses it: the event becomes the item's <see cref="AuditEntry"/>, committed with it.</summary>
internal sealed class ItemLifecycleStore(IItemStore items) : ILifecycleStore<DisclosureItem, ItemState>
{
    public async Task<Versioned<DisclosureItem>?> GetAsync(string id, CancellationToken ct)
        => await items.GetAsync(id, ct) is { } stored ? new Versioned<DisclosureItem>(stored.Item, stored.ETag) : null;

    public async Task<Versioned<DisclosureItem>> CreateAsync(DisclosureItem created, LifecycleEvent<ItemState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct)
    {
        var stored = await items.CreateAsync(created, new ItemChange(ToAudit(entry), messages), ct);
        return new Versioned<DisclosureItem>(stored.Item, stored.ETag);
    }

    public async Task<Versioned<DisclosureItem>> UpdateAsync(DisclosureItem next, string etag, LifecycleEvent<ItemState> entry, IReadOnlyList<WorkMessage> messages, CancellationToken ct)
    {
        var stored = await items.UpdateAsync(next, etag, new ItemChange(ToAudit(entry), messages), ct);
        return new Versioned<DisclosureItem>(stored.Item, stored.ETag);
    }

    public Task TryDeliverPendingAsync(string id) => items.TryDeliverPendingAsync(id);

    private static AuditEntry ToAudit(LifecycleEvent<ItemState> e) => new()
    {
        ItemId = e.SubjectId,
        EventId = e.EventId,
        At = e.At,
        ActorId = e.ActorId,
        Actor = e.Actor,
        Action = e.Action,
        From = e.From,
        To = e.To,
        Version = e.Revision,
        Details = e.Details,
    };
}
