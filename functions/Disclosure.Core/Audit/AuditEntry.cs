using Disclosure.Items;

namespace Disclosure.Audit;

/// <summary>
/// One line of an item's audit trail: who did what, when, from which state to which. Entries are only ever appended.
/// A review decision carries the Art. 17 record (名称, 拟公开方式, 公开范围, 审查结论, 不予公开理由, reviewer, time) in <see cref="Details"/>.
/// </summary>
public sealed record AuditEntry
{
    public required string ItemId { get; init; }
    /// <summary>Unique per event, so writing the same entry twice (at-least-once) stores it once.</summary>
    public required string EventId { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>Who, as people read it (a name, or the system function that acted).</summary>
    public required string Actor { get; init; }
    /// <summary>Who, as a stable id (the person's identity id, or <c>system:…</c>); absent in entries written before it was kept.</summary>
    public string? ActorId { get; init; }
    public required string Action { get; init; }
    public ItemState? From { get; init; }
    public required ItemState To { get; init; }
    public int Version { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}

/// <summary>What the audit trail's actions are called, in code and for people.</summary>
public static class AuditAction
{
    public const string Submitted = "submitted";
    public const string Corrected = "corrected";
    /// <summary>历史导入: an item brought in from the agency's earlier catalogue, keeping its 索引号 and dates.</summary>
    public const string Imported = "imported";
    public const string WithdrawalRequested = "withdrawal-requested";
    public const string CheckStarted = "check-started";
    public const string Checked = "checked";
    public const string CheckFailed = "check-failed";
    /// <summary>A step of the review chain signed; the item waits for the next (the last step's signature is <see cref="ReviewApproved"/>).</summary>
    public const string ReviewStepSigned = "review-step-signed";
    public const string ReviewApproved = "review-approved";
    public const string ReviewRejected = "review-rejected";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
    public const string PublishFailed = "publish-failed";
    public const string PublicationRetried = "publication-retried";
    /// <summary>公开时限届满: the publication took the item off the portal; it stays 已发布 in the record.</summary>
    public const string PublicUntilEnded = "public-until-ended";

    public static string ToChinese(string action) => action switch
    {
        Submitted => "提交",
        Corrected => "提交更正版本",
        Imported => "历史导入",
        WithdrawalRequested => "申请撤回",
        CheckStarted => "开始检查",
        Checked => "完成检查",
        CheckFailed => "检查失败",
        ReviewStepSigned => "审核步骤签署",
        ReviewApproved => "审核通过",
        ReviewRejected => "审核退回",
        Published => "发布",
        Withdrawn => "撤回",
        PublishFailed => "发布失败",
        PublicationRetried => "重新发布",
        PublicUntilEnded => "公开时限届满",
        _ => action,
    };
}
