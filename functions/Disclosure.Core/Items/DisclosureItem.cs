namespace Disclosure.Items;

/// <summary>One piece of government information submitted for disclosure, in the catalogue's terms (catalogue.md).</summary>
public sealed record DisclosureItem
{
    public required string Id { get; init; }
    public required IndexNumber IndexNumber { get; init; }
    /// <summary>1 for the first submission; a correction is a new version under the same 索引号.</summary>
    public int Version { get; init; } = 1;

    public required string Title { get; init; }                 // 名称
    public required string ColumnCode { get; init; }            // 栏目 / 目录分类
    public required string Genre { get; init; }                 // 体裁
    public required string Publisher { get; init; }             // 发布机构
    public required string DepartmentCode { get; init; }        // 责任处室
    public string? DocumentNumber { get; init; }                // 文号
    public required DateOnly FormedOn { get; init; }            // 成文日期
    public DateOnly? PublishedOn { get; init; }                 // 发布日期
    /// <summary>批复日期 of a budget or final account: 预算法第十四条 counts from it (Deadlines).</summary>
    public DateOnly? ApprovedOn { get; init; }
    /// <summary>决定日期 of a 行政许可 / 行政处罚 decision: 双公示 counts from it.</summary>
    public DateOnly? DecidedOn { get; init; }
    /// <summary>公示开始日期: the first day of the 公示期 a 公示 notice states.</summary>
    public DateOnly? NoticeStartsOn { get; init; }
    /// <summary>Marked 转发 at submission (see <see cref="Reposting"/>: another 发布机构 also makes it reposted).</summary>
    public bool Reposted { get; init; }
    /// <summary>收到日期: the day the agency received a reposted document; its deadline counts from it.</summary>
    public DateOnly? ReceivedOn { get; init; }
    /// <summary>The version the public sees; a correction under review leaves the published version online.</summary>
    public int? PublishedVersion { get; init; }
    public DisclosureAttribute Attribute { get; init; } = DisclosureAttribute.Proactive;
    public DisclosureScope Scope { get; init; } = DisclosureScope.Public;
    /// <summary>公开时限: null means 长期; otherwise the last day the item is to stay public (限时).</summary>
    public DateOnly? PublicUntil { get; init; }
    /// <summary>有效性 as the submitter stated it; what the public sees is <see cref="ItemValidity.Derive"/>.</summary>
    public Validity Validity { get; init; } = Validity.InForce;
    /// <summary>施行日期: the day a 行政规范性文件 takes effect (it may be later than its 成文日期).</summary>
    public DateOnly? EffectiveFrom { get; init; }
    /// <summary>有效期 of a 行政规范性文件: its last day in force; null when the document states none.</summary>
    public DateOnly? ValidUntil { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];  // 主题词
    public string Summary { get; init; } = "";                  // 内容概述
    public BodyFormat BodyFormat { get; init; } = BodyFormat.PlainText;
    /// <summary>Names the stored body of this version (the body itself is a blob, not part of the record).</summary>
    public string? BodyId { get; init; }
    public Relation Relation { get; init; } = Relation.None;
    public string? RelatedItemId { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    /// <summary>Where a 历史导入 item came from (file, row, old address); null for items submitted here.</summary>
    public ImportedFrom? Imported { get; init; }

    public ItemState State { get; init; } = ItemState.Submitted;
    public required string SubmittedBy { get; init; }
    /// <summary>The stable id of who first submitted the item; absent on items stored before it was kept.</summary>
    public string? SubmittedById { get; init; }
    /// <summary>Who submitted this version (the first submission, or the correction): nobody approves their own (条例第十七条).</summary>
    public string? VersionSubmittedById { get; init; }
    /// <summary>The steps of the review chain signed for this version, in order; a correction starts again.</summary>
    public IReadOnlyList<ReviewSignature> ReviewSignatures { get; init; } = [];
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Set when a published item is to be taken down (撤回); the checks run again before it is.</summary>
    /// <summary>Its place in the review queue while it waits for a person, set by the check (null before, and on rows written before it was kept).</summary>
    public ReviewRank? ReviewRank { get; init; }
    public bool WithdrawalRequested { get; init; }
    public string? WithdrawalReason { get; init; }
    public string? WithdrawalRequestedById { get; init; }

    /// <summary>
    /// Whether the person submitted the item, this version of it, or its withdrawal request. An item stored before stable
    /// ids were kept is judged by the submitter's name: a namesake is refused rather than a self-approval let through.
    /// </summary>
    public bool WasSubmittedBy(string personId, string personName)
        => personId == SubmittedById || personId == VersionSubmittedById || (WithdrawalRequested && personId == WithdrawalRequestedById)
           || (SubmittedById is null && personName == SubmittedBy);
}

public enum BodyFormat
{
    PlainText,
    Html,
}

/// <summary>
/// One signed step of a review chain: the step's name, the signer's stable id and name, when, and whether the submitting
/// department attested it at submission (处室负责人初审) rather than a reviewer signing it in the queue.
/// </summary>
public sealed record ReviewSignature(string Step, string SignerId, string Signer, DateTimeOffset At, bool AttestedAtSubmission = false);

/// <summary>
/// The earlier catalogue's record of an imported item: the file and row it came from, the batch (the file's content
/// hash), its old web address (for the redirects from old links) and a 废止/修订关系 the import could not link.
/// </summary>
public sealed record ImportedFrom(string FileName, int Row, string Batch, string? OriginalUrl = null, string? RelationNote = null);

/// <summary>An attachment as stored: the name shown to the public is made safe at intake; the id names its blob.</summary>
public sealed record Attachment(string Id, string FileName, string ContentType, long Length, string Sha256);
