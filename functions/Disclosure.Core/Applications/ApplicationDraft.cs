using System.Globalization;
using System.Net.Mail;
using Disclosure.Intake;

namespace Disclosure.Applications;

/// <summary>An application as the form or the JSON API sent it: every field as text, validated by <see cref="ApplicationDraftValidator"/>.</summary>
public sealed record ApplicationDraft
{
    public string? ApplicantKind { get; init; }
    public string? Name { get; init; }
    public string? IdDocumentType { get; init; }
    public string? IdDocumentNumber { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? InformationSought { get; init; }
    public string? DeliveryForm { get; init; }
    /// <summary>Staff registration only: the channel and the Art. 31 date of receipt.</summary>
    public string? Channel { get; init; }
    public string? ReceivedOn { get; init; }
    /// <summary>The honeypot: a field people do not see and programs fill in.</summary>
    public string? Website { get; init; }
    /// <summary>Identity proof (Art. 29), optional: scans or photos checked by <see cref="IdentityProofRules"/>.</summary>
    public IReadOnlyList<IdentityProofUpload>? IdentityProofs { get; init; }
}

/// <summary>The field names of the form and the JSON API, and their Chinese labels.</summary>
public static class ApplicationFields
{
    public const string ApplicantKind = "applicantKind";
    public const string Name = "name";
    public const string IdDocumentType = "idDocumentType";
    public const string IdDocumentNumber = "idDocumentNumber";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Address = "address";
    public const string InformationSought = "informationSought";
    public const string DeliveryForm = "deliveryForm";
    public const string Channel = "channel";
    public const string ReceivedOn = "receivedOn";
    public const string Website = "website";

    public const int MaxNameLength = 100;
    public const int MaxIdNumberLength = 40;
    public const int MaxPhoneLength = 30;
    public const int MaxEmailLength = 254;
    public const int MaxAddressLength = 200;
    public const int MaxInformationSoughtLength = 2000;

    public static string Label(string field) => field switch
    {
        ApplicantKind => "申请人类型",
        Name => "申请人姓名或名称",
        IdDocumentType => "身份证件类型",
        IdDocumentNumber => "身份证件号码",
        Phone => "联系电话",
        Email => "电子邮箱",
        Address => "通信地址",
        InformationSought => "所需政府信息的名称、文号或者便于查询的其他特征性描述",
        DeliveryForm => "获取信息的方式",
        Channel => "申请渠道",
        ReceivedOn => "收到申请日期",
        IdentityProofRules.Field => IdentityProofRules.Label,
        _ => field,
    };
}

/// <summary>A valid draft, in the domain's terms.</summary>
public sealed record ValidApplication(Applicant Applicant, string InformationSought, string DeliveryForm, ApplicationChannel Channel, DateOnly? ReceivedOn)
{
    public IReadOnlyList<AcceptedIdentityProof> IdentityProofs { get; init; } = [];
}

public static class ApplicationDraftValidator
{
    /// <summary>The draft in the domain's terms, or every field's problem in Chinese.</summary>
    /// <param name="today">China's date: a birth date in an ID number cannot be after it.</param>
    public static (ValidApplication? Valid, IReadOnlyList<FieldError> Errors) Validate(ApplicationDraft draft, DateOnly today)
    {
        var errors = new List<FieldError>();
        void Check(string field, string? value, int max, bool required)
        {
            if (required && string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, $"请填写{ApplicationFields.Label(field)}。"));
            else if (InputText.Problem(ApplicationFields.Label(field), value, max) is { } problem) errors.Add(new FieldError(field, problem));
        }

        var kind = ApplicationNames.ParseApplicantKind(draft.ApplicantKind);
        if (kind is null) errors.Add(new FieldError(ApplicationFields.ApplicantKind, "请选择申请人类型：自然人，或法人或其他组织的类别。"));
        Check(ApplicationFields.Name, draft.Name, ApplicationFields.MaxNameLength, required: true);
        var idType = InputText.Clean(draft.IdDocumentType);
        if (!ApplicationNames.IdDocumentTypes.Contains(idType))
            errors.Add(new FieldError(ApplicationFields.IdDocumentType, $"请选择身份证件类型：{string.Join("、", ApplicationNames.IdDocumentTypes)}。"));
        Check(ApplicationFields.IdDocumentNumber, draft.IdDocumentNumber, ApplicationFields.MaxIdNumberLength, required: true);
        if (errors.All(e => e.Field != ApplicationFields.IdDocumentNumber) && IdDocumentNumbers.Problem(idType, draft.IdDocumentNumber!, today) is { } idProblem)
            errors.Add(new FieldError(ApplicationFields.IdDocumentNumber, idProblem));
        Check(ApplicationFields.Phone, draft.Phone, ApplicationFields.MaxPhoneLength, required: false);
        Check(ApplicationFields.Email, draft.Email, ApplicationFields.MaxEmailLength, required: false);
        if (!string.IsNullOrWhiteSpace(draft.Email) && errors.All(e => e.Field != ApplicationFields.Email) && !IsEmail(draft.Email))
            errors.Add(new FieldError(ApplicationFields.Email, "电子邮箱格式不正确。"));
        Check(ApplicationFields.Address, draft.Address, ApplicationFields.MaxAddressLength, required: false);
        if (string.IsNullOrWhiteSpace(draft.Phone) && string.IsNullOrWhiteSpace(draft.Email) && string.IsNullOrWhiteSpace(draft.Address))
            errors.Add(new FieldError(ApplicationFields.Phone, "请至少填写一种联系方式（联系电话、电子邮箱或通信地址）。"));
        var sought = InputText.Normalize(draft.InformationSought).Trim();
        if (sought.Length == 0) errors.Add(new FieldError(ApplicationFields.InformationSought, "请描述所需的政府信息。"));
        else if (sought.Length > ApplicationFields.MaxInformationSoughtLength)
            errors.Add(new FieldError(ApplicationFields.InformationSought, $"所需政府信息的描述不能超过 {ApplicationFields.MaxInformationSoughtLength} 个字。"));
        var delivery = InputText.Clean(draft.DeliveryForm);
        if (!ApplicationNames.DeliveryForms.Contains(delivery))
            errors.Add(new FieldError(ApplicationFields.DeliveryForm, $"请选择获取信息的方式：{string.Join("、", ApplicationNames.DeliveryForms)}。"));

        var channel = string.IsNullOrWhiteSpace(draft.Channel) ? ApplicationChannel.Online : ApplicationNames.ParseChannel(draft.Channel);
        if (channel is null)
            errors.Add(new FieldError(ApplicationFields.Channel, "申请渠道应为 online、letter、registered-post、fax 或 in-person。"));
        DateOnly? receivedOn = null;
        if (!string.IsNullOrWhiteSpace(draft.ReceivedOn))
        {
            if (DateOnly.TryParseExact(draft.ReceivedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) receivedOn = date;
            else errors.Add(new FieldError(ApplicationFields.ReceivedOn, "收到申请日期应为 yyyy-MM-dd 格式。"));
        }
        else if (channel is not null and not ApplicationChannel.Online)
        {
            errors.Add(new FieldError(ApplicationFields.ReceivedOn, $"请填写收到申请日期（{channel.Value.ReceiptRule()}）。"));
        }

        var (proofs, proofErrors) = IdentityProofRules.Check(draft.IdentityProofs);
        errors.AddRange(proofErrors);

        if (errors.Count > 0) return (null, errors);
        var applicant = new Applicant(kind!.Value, InputText.Clean(draft.Name), idType, IdDocumentNumbers.Normalize(idType, draft.IdDocumentNumber!),
            NullIfEmpty(draft.Phone), NullIfEmpty(draft.Email), NullIfEmpty(draft.Address));
        return (new ValidApplication(applicant, sought, delivery, channel!.Value, receivedOn) { IdentityProofs = proofs }, []);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : InputText.Clean(value);

    private static bool IsEmail(string value) => MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();
}
