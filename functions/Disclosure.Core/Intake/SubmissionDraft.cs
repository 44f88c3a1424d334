namespace Disclosure.Intake;

/// <summary>
/// A submission as the department typed it: every field a string, exactly as received from the form or the API,
/// so an invalid form can be shown again with what was entered.
/// </summary>
public sealed record SubmissionDraft
{
    public string? Title { get; init; }
    public string? Column { get; init; }
    public string? Genre { get; init; }
    public string? Publisher { get; init; }
    public string? Department { get; init; }
    public string? DocumentNumber { get; init; }
    public string? FormedOn { get; init; }
    public string? ApprovedOn { get; init; }
    public string? DecidedOn { get; init; }
    public string? NoticeStartsOn { get; init; }
    public string? Reposted { get; init; }
    public string? ReceivedOn { get; init; }
    public string? Attribute { get; init; }
    public string? Scope { get; init; }
    public string? Term { get; init; }
    public string? PublicUntil { get; init; }
    public string? Validity { get; init; }
    /// <summary>施行日期 (YYYY-MM-DD), optional.</summary>
    public string? EffectiveFrom { get; init; }
    /// <summary>有效期: the last day in force (YYYY-MM-DD), optional.</summary>
    public string? ValidUntil { get; init; }
    public string? Keywords { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? BodyFormat { get; init; }
    public string? Relation { get; init; }
    public string? RelatedItem { get; init; }
    public IReadOnlyList<UploadedFile> Attachments { get; init; } = [];
}

/// <summary>An uploaded file before it is checked: the name the client gave and its bytes.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>An invalid field and what is wrong with it, in Chinese for the person who typed it.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The form's field names (also the JSON property names) and their labels.</summary>
public static class SubmissionFields
{
    public const string Title = "title";
    public const string Column = "column";
    public const string Genre = "genre";
    public const string Publisher = "publisher";
    public const string Department = "department";
    public const string DocumentNumber = "documentNumber";
    public const string FormedOn = "formedOn";
    public const string ApprovedOn = "approvedOn";
    public const string DecidedOn = "decidedOn";
    public const string NoticeStartsOn = "noticeStartsOn";
    public const string Reposted = "reposted";
    public const string ReceivedOn = "receivedOn";
    public const string Attribute = "attribute";
    public const string Scope = "scope";
    public const string Term = "term";
    public const string PublicUntil = "publicUntil";
    public const string Validity = "validity";
    public const string EffectiveFrom = "effectiveFrom";
    public const string ValidUntil = "validUntil";
    public const string Keywords = "keywords";
    public const string Summary = "summary";
    public const string Body = "body";
    public const string BodyFormat = "bodyFormat";
    public const string Relation = "relation";
    public const string RelatedItem = "relatedItem";
    public const string Attachments = "attachments";
    public const string IdempotencyKey = "idempotencyKey";

    public static string Label(string field) => field switch
    {
        Title => "标题",
        Column => "栏目",
        Genre => "体裁",
        Publisher => "发布机构",
        Department => "责任处室",
        DocumentNumber => "文号",
        FormedOn => "成文日期",
        ApprovedOn => "批复日期",
        DecidedOn => "决定日期",
        NoticeStartsOn => "公示开始日期",
        Reposted => "转发",
        ReceivedOn => "收到日期",
        Attribute => "公开属性",
        Scope => "公开范围",
        Term => "公开时限",
        PublicUntil => "公开截止日期",
        Validity => "有效性",
        EffectiveFrom => "施行日期",
        ValidUntil => "有效期至",
        Keywords => "主题词",
        Summary => "内容概述",
        Body => "正文",
        BodyFormat => "正文格式",
        Relation => "关联关系",
        RelatedItem => "关联信息",
        Attachments => "附件",
        _ => field,
    };
}
