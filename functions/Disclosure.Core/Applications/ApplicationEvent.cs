using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications;

/// <summary>What happens to an application; each is recorded with the date it happened (<see cref="ApplicationEvent.On"/>).</summary>
public enum ApplicationEventKind
{
    Registered,
    Assigned,
    ClarificationRequested,
    ClarificationReceived,
    ClarificationLapsed,
    ThirdPartyConsulted,
    ThirdPartyReplied,
    Extended,
    FeeNotified,
    FeePaid,
    FeeLapsed,
    Replied,
    Withdrawn,
    /// <summary>The applicant challenged the reply (行政复议 or 行政诉讼); table 四.</summary>
    ChallengeFiled,
    /// <summary>The 复议 body or the court decided a challenge; until then it is 尚未审结.</summary>
    ChallengeDecided,
    /// <summary>The applicant's personal data were deleted once the retention period had run (the system does it).</summary>
    PersonalDataErased,
    /// <summary>The applicant suggests the information be published of the agency's own accord (Art. 44).</summary>
    ProactiveDisclosureSuggested,
}

/// <summary>
/// One event of an application, as recorded. <see cref="Id"/> is the client's (an Idempotency-Key or the body's id), so
/// a repeated post finds it and changes nothing. The optional fields belong to particular kinds: <see cref="Department"/>
/// to assigned, <see cref="Days"/> to extended, <see cref="Outcome"/> to replied, <see cref="RespondBy"/> to
/// clarification-requested, <see cref="AmountYuan"/> to fee-notified, <see cref="Challenge"/> and <see cref="ChallengeResult"/> to the
/// challenge events.
/// </summary>
public sealed record ApplicationEvent(string Id, ApplicationEventKind Kind, DateOnly On, string By, DateTimeOffset RecordedAt)
{
    public string? Department { get; init; }
    public int? Days { get; init; }
    public ApplicationRow? Outcome { get; init; }
    /// <summary>The reason, legal basis or points: 补正 points, a refusal's reason, an extension's reason.</summary>
    public string? Reason { get; init; }
    public DateOnly? RespondBy { get; init; }
    public int? AmountYuan { get; init; }
    /// <summary>How a fee notice's amount was reached; null when staff stated the amount themselves.</summary>
    public FeeBasis? FeeBasis { get; init; }
    /// <summary>The pages a fee by quantity was computed from.</summary>
    public int? Pages { get; init; }
    /// <summary>Who approved an extension (the head of the disclosure office, Art. 33).</summary>
    public string? ApprovedBy { get; init; }
    /// <summary>Which challenge: to challenge-filed and challenge-decided.</summary>
    public ChallengeKind? Challenge { get; init; }
    /// <summary>How it ended: to challenge-decided.</summary>
    public ChallengeResult? ChallengeResult { get; init; }
}

public static class ApplicationEventKinds
{
    public static string Code(this ApplicationEventKind kind) => kind switch
    {
        ApplicationEventKind.Registered => "registered",
        ApplicationEventKind.Assigned => "assigned",
        ApplicationEventKind.ClarificationRequested => "clarification-requested",
        ApplicationEventKind.ClarificationReceived => "clarification-received",
        ApplicationEventKind.ClarificationLapsed => "clarification-lapsed",
        ApplicationEventKind.ThirdPartyConsulted => "third-party-consulted",
        ApplicationEventKind.ThirdPartyReplied => "third-party-replied",
        ApplicationEventKind.Extended => "extended",
        ApplicationEventKind.FeeNotified => "fee-notified",
        ApplicationEventKind.FeePaid => "fee-paid",
        ApplicationEventKind.FeeLapsed => "fee-lapsed",
        ApplicationEventKind.Replied => "replied",
        ApplicationEventKind.Withdrawn => "withdrawn",
        ApplicationEventKind.ChallengeFiled => "challenge-filed",
        ApplicationEventKind.ChallengeDecided => "challenge-decided",
        ApplicationEventKind.PersonalDataErased => "personal-data-erased",
        ApplicationEventKind.ProactiveDisclosureSuggested => "proactive-disclosure-suggested",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToChinese(this ApplicationEventKind kind) => kind switch
    {
        ApplicationEventKind.Registered => "登记收到",
        ApplicationEventKind.Assigned => "交办",
        ApplicationEventKind.ClarificationRequested => "告知补正",
        ApplicationEventKind.ClarificationReceived => "收到补正",
        ApplicationEventKind.ClarificationLapsed => "逾期未补正",
        ApplicationEventKind.ThirdPartyConsulted => "征求第三方意见",
        ApplicationEventKind.ThirdPartyReplied => "第三方答复",
        ApplicationEventKind.Extended => "延期答复",
        ApplicationEventKind.FeeNotified => "收费通知",
        ApplicationEventKind.FeePaid => "缴纳费用",
        ApplicationEventKind.FeeLapsed => "逾期未缴费",
        ApplicationEventKind.Replied => "答复",
        ApplicationEventKind.Withdrawn => "撤回申请",
        ApplicationEventKind.ChallengeFiled => "申请复议或起诉",
        ApplicationEventKind.ChallengeDecided => "复议或诉讼结果",
        ApplicationEventKind.PersonalDataErased => "删除申请人个人信息",
        ApplicationEventKind.ProactiveDisclosureSuggested => "建议主动公开",
        _ => kind.ToString(),
    };

    /// <summary>The action names of the transition table are the event codes; people read them in Chinese.</summary>
    public static string ActionToChinese(string action)
        => Enum.GetValues<ApplicationEventKind>().FirstOrDefault(k => k.Code() == action) is var kind && kind.Code() == action ? kind.ToChinese() : action;

    public static ApplicationEventKind? Parse(string? code)
        => Enum.GetValues<ApplicationEventKind>().Select(k => (ApplicationEventKind?)k).FirstOrDefault(k => k!.Value.Code() == code?.Trim());
}
