using System.Text.Json.Serialization;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Applications;

/// <summary>Who applies (Art. 27): table 三 counts natural persons and five kinds of organisation in separate columns.</summary>
public enum ApplicantKind
{
    NaturalPerson,
    Business,
    ResearchInstitution,
    PublicWelfareOrganisation,
    LegalServiceProvider,
    OtherOrganisation,
}

/// <summary>How the application reached the agency; Art. 31 fixes the date of receipt differently for each.</summary>
public enum ApplicationChannel
{
    Online,
    Letter,
    RegisteredPost,
    Fax,
    InPerson,
}

/// <summary>Where an application is in its life (see <see cref="ApplicationTransitions"/>).</summary>
public enum ApplicationState
{
    Received,
    AwaitingClarification,
    InProgress,
    Paused,
    Replied,
    Withdrawn,
    Lapsed,
}

/// <summary>
/// The applicant's personal data (个人信息保护法): kept only in the applications table, shown in full only to the disclosure
/// office, masked in lists and to departments, never on the portal, in a log or in a department's notice.
/// </summary>
public sealed record Applicant(
    ApplicantKind Kind, string Name, string IdDocumentType, string IdDocumentNumber, string? Phone, string? Email, string? Address)
{
    /// <summary>The name as lists show it: the first character, the rest starred (张**).</summary>
    [JsonIgnore]
    public string MaskedName => Name.Length <= 1 ? "*" : Name[..1] + new string('*', Math.Min(Name.Length - 1, 8));

    /// <summary>The identity document's number as anyone but the office sees it: the last four characters only.</summary>
    [JsonIgnore]
    public string MaskedIdDocumentNumber => IdDocumentNumber.Length <= 4
        ? new string('*', IdDocumentNumber.Length)
        : new string('*', IdDocumentNumber.Length - 4) + IdDocumentNumber[^4..];
}

/// <summary>依申〔2026〕0001号: the register's own sequence, one per year of receipt.</summary>
public sealed record ApplicationNumber(int Year, int Serial)
{
    public override string ToString() => $"依申〔{Year}〕{Serial:D4}号";
}

/// <summary>
/// One application for disclosure (依申请公开) as the register keeps it. Its clock is never stored: it is computed from
/// <see cref="ReceivedOn"/> and <see cref="Events"/> by <see cref="ApplicationClock"/>, so a correction of the calendar data
/// corrects every deadline. <see cref="Events"/> only grows (append-only; each event also goes to the audit table).
/// </summary>
public sealed record DisclosureApplication
{
    public required string Id { get; init; }
    public required ApplicationNumber Number { get; init; }
    public required Applicant Applicant { get; init; }
    public required string InformationSought { get; init; }
    /// <summary>获取信息的方式 (纸质, 电子邮件 …), as the applicant chose it.</summary>
    public required string DeliveryForm { get; init; }
    public required ApplicationChannel Channel { get; init; }
    /// <summary>The date of receipt under Art. 31 for the channel: the clock starts the day after.</summary>
    public required DateOnly ReceivedOn { get; init; }
    public ApplicationState State { get; init; }
    /// <summary>The department handling it (承办处室), once assigned.</summary>
    public string? Department { get; init; }
    /// <summary>
    /// The secret of the applicant's status link (no account needed). Kept, not hashed, so that a repeated submission can
    /// answer with the same link; it sits in the same row as the personal data it guards, which only the office reads.
    /// </summary>
    public required string StatusToken { get; init; }
    /// <summary>The number of changes made so far (1 when registered); the audit entries carry it.</summary>
    public int Revision { get; init; } = 1;
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<ApplicationEvent> Events { get; init; } = [];
    /// <summary>The identity-proof files attached (their bytes are in <see cref="IIdentityProofStore"/>); emptied when the personal data are erased.</summary>
    public IReadOnlyList<IdentityProof> IdentityProofs { get; init; } = [];

    [JsonIgnore]
    public bool IsConcluded => State is ApplicationState.Replied or ApplicationState.Withdrawn or ApplicationState.Lapsed;

    /// <summary>The row of table 三 this application's conclusion counts in, or null while it is open.</summary>
    [JsonIgnore]
    public ApplicationRow? OutcomeRow => State switch
    {
        ApplicationState.Replied => Events.LastOrDefault(e => e.Kind == ApplicationEventKind.Replied)?.Outcome,
        ApplicationState.Lapsed when Conclusion?.Kind == ApplicationEventKind.FeeLapsed => ApplicationRow.OtherFeeUnpaid,
        ApplicationState.Lapsed => ApplicationRow.OtherNoClarification,
        // A withdrawal is no reply of the agency's: table 三 has no row of its own for it, so it is (六)3 其他.
        ApplicationState.Withdrawn => ApplicationRow.OtherOther,
        _ => null,
    };

    /// <summary>The date it was concluded (its concluding event's), or null while open.</summary>
    [JsonIgnore]
    public DateOnly? ConcludedOn => Conclusion?.On;

    /// <summary>
    /// The event that concluded it. Not simply the last: a challenge of the reply (行政复议, 行政诉讼) is recorded after it
    /// and must not move the conclusion into another year's table 三.
    /// </summary>
    [JsonIgnore]
    public ApplicationEvent? Conclusion => IsConcluded
        ? Events.LastOrDefault(e => e.Kind is ApplicationEventKind.Replied or ApplicationEventKind.Withdrawn
            or ApplicationEventKind.ClarificationLapsed or ApplicationEventKind.FeeLapsed)
        : null;
}

/// <summary>Chinese names of the application's enumerations, for pages, refusals and JSON.</summary>
public static class ApplicationNames
{
    public static string ToChinese(this ApplicationState state) => state switch
    {
        ApplicationState.Received => "已收到",
        ApplicationState.AwaitingClarification => "待补正",
        ApplicationState.InProgress => "办理中",
        ApplicationState.Paused => "暂停计时",
        ApplicationState.Replied => "已答复",
        ApplicationState.Withdrawn => "已撤回",
        ApplicationState.Lapsed => "已终止",
        _ => state.ToString(),
    };

    public static string ToChinese(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.NaturalPerson => "自然人",
        ApplicantKind.Business => "商业企业",
        ApplicantKind.ResearchInstitution => "科研机构",
        ApplicantKind.PublicWelfareOrganisation => "社会公益组织",
        ApplicantKind.LegalServiceProvider => "法律服务机构",
        ApplicantKind.OtherOrganisation => "其他",
        _ => kind.ToString(),
    };

    /// <summary>The column of table 三 the applicant is counted in.</summary>
    public static ApplicantColumn ToColumn(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.NaturalPerson => ApplicantColumn.NaturalPersons,
        ApplicantKind.Business => ApplicantColumn.Businesses,
        ApplicantKind.ResearchInstitution => ApplicantColumn.ResearchInstitutions,
        ApplicantKind.PublicWelfareOrganisation => ApplicantColumn.PublicWelfareOrganisations,
        ApplicantKind.LegalServiceProvider => ApplicantColumn.LegalServiceProviders,
        ApplicantKind.OtherOrganisation => ApplicantColumn.OtherOrganisations,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToChinese(this ApplicationChannel channel) => channel switch
    {
        ApplicationChannel.Online => "网上申请",
        ApplicationChannel.Letter => "平信",
        ApplicationChannel.RegisteredPost => "挂号信",
        ApplicationChannel.Fax => "传真",
        ApplicationChannel.InPerson => "当面提交",
        _ => channel.ToString(),
    };

    /// <summary>What Art. 31 makes the date of receipt for each channel: staff registering a paper application give that date.</summary>
    public static string ReceiptRule(this ApplicationChannel channel) => channel switch
    {
        ApplicationChannel.InPerson => "当面提交的，以提交之日为收到申请之日",
        ApplicationChannel.RegisteredPost => "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
        ApplicationChannel.Letter => "以平常信函等无需签收的邮寄方式提交的，以行政机关与申请人确认之日为收到申请之日",
        ApplicationChannel.Fax or ApplicationChannel.Online => "通过互联网渠道或者政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日",
        _ => "",
    };

    /// <summary>The codes the form and the JSON API use (kebab-case, as the event kinds).</summary>
    public static string Code(this ApplicationChannel channel) => channel switch
    {
        ApplicationChannel.Online => "online",
        ApplicationChannel.Letter => "letter",
        ApplicationChannel.RegisteredPost => "registered-post",
        ApplicationChannel.Fax => "fax",
        ApplicationChannel.InPerson => "in-person",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string Code(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.NaturalPerson => "natural-person",
        ApplicantKind.Business => "business",
        ApplicantKind.ResearchInstitution => "research-institution",
        ApplicantKind.PublicWelfareOrganisation => "public-welfare-organisation",
        ApplicantKind.LegalServiceProvider => "legal-service-provider",
        ApplicantKind.OtherOrganisation => "other-organisation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Code(this ApplicationState state) => state switch
    {
        ApplicationState.Received => "received",
        ApplicationState.AwaitingClarification => "awaiting-clarification",
        ApplicationState.InProgress => "in-progress",
        ApplicationState.Paused => "paused",
        ApplicationState.Replied => "replied",
        ApplicationState.Withdrawn => "withdrawn",
        ApplicationState.Lapsed => "lapsed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static ApplicationChannel? ParseChannel(string? text) => Enum.GetValues<ApplicationChannel>()
        .Select(c => (ApplicationChannel?)c).FirstOrDefault(c => c!.Value.Code() == text?.Trim() || c.Value.ToChinese() == text?.Trim());

    public static ApplicantKind? ParseApplicantKind(string? text) => Enum.GetValues<ApplicantKind>()
        .Select(k => (ApplicantKind?)k).FirstOrDefault(k => k!.Value.Code() == text?.Trim() || k.Value.ToChinese() == text?.Trim());

    public static ApplicationState? ParseState(string? text) => Enum.GetValues<ApplicationState>()
        .Select(s => (ApplicationState?)s).FirstOrDefault(s => s!.Value.Code() == text?.Trim() || s.Value.ToChinese() == text?.Trim());

    /// <summary>获取方式 the form offers (Art. 29 lets the applicant choose; 当面查阅 is a form too).</summary>
    public static readonly IReadOnlyList<string> DeliveryForms = ["纸质", "电子邮件", "光盘", "当面查阅"];

    /// <summary>Identity documents the form offers; an organisation gives its 统一社会信用代码.</summary>
    public static readonly IReadOnlyList<string> IdDocumentTypes = ["居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "统一社会信用代码", "其他"];
}
