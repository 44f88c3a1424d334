using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;
using Disclosure.Workbench;

namespace Disclosure.Applications;

/// <summary>Who is looking at an application: what of the applicant's personal data they may see follows from it.</summary>
public enum ApplicationAudience
{
    /// <summary>The disclosure office: everything.</summary>
    Office,
    /// <summary>The handling department: the applicant's name and contact to do the work, the identity number masked.</summary>
    HandlingDepartment,
    /// <summary>The applicant through the status link, which may be forwarded or bookmarked on a shared computer: number masked.</summary>
    Applicant,
    /// <summary>A line of the register: name and number masked, no contact details.</summary>
    List,
}

[PageModel]
public sealed record ApplicantView(string Kind, string KindName, string Name, string IdDocumentType, string IdDocumentNumber, string? Phone, string? Email, string? Address);

/// <summary>An identity-proof file as the office's page lists it, with the address that downloads it.</summary>
[PageModel]
public sealed record IdentityProofView(string Id, string FileName, string ContentType, long Length, string Url);

[PageModel]
public sealed record ApplicationEventView(
    string Id, string Kind, string KindName, string On, string By, string? Department, int? Days, string? Outcome, string? OutcomeLabel,
    string? Reason, string? RespondBy, int? AmountYuan, string? ApprovedBy,
    string? Challenge = null, string? ChallengeName = null, string? Result = null, string? ResultName = null,
    string? FeeBasis = null, string? FeeBasisName = null, int? Pages = null)
{
    /// <summary>For the office: the letter the event calls for (答复书, 补正告知书 …) as a download, and its title.</summary>
    public string? LetterUrl { get; init; }
    public string? LetterTitle { get; init; }
}

/// <summary>
/// An application as the API and the pages show it: the record, the clock as computed now, and the events. The JSON
/// answer of every application endpoint is this shape (camelCase), so a client reads one format.
/// </summary>
[PageModel]
public sealed record ApplicationView(
    string Id, string Number, string State, string StateName, string Channel, string ChannelName, string ReceivedOn, string? ClarifyBy,
    string? DueOn, string DueOnNote, int WorkingDaysPaused, string? PausedSince, int ExtensionDays, string? Department, string? DepartmentName,
    ApplicantView Applicant, string InformationSought, string DeliveryForm, string? Outcome, string? OutcomeLabel,
    IReadOnlyList<ApplicationEventView> Events, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Whether <see cref="DueOn"/> was counted Monday to Friday across a year without a holiday arrangement (staff only;
    /// the applicant is shown no date then); <see cref="Problems"/> says what to add.
    /// </summary>
    public bool DueOnIsEstimate { get; init; }

    /// <summary>The applicant's status link; only in answers to the applicant (on filing) and the office.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>For the office: which of the applicant's applications of the month this is, and its fee by count (109号).</summary>
    public FeeByCount? FeeByCount { get; init; }

    /// <summary>How many identity-proof files the applicant attached (everyone but a list line sees that there are some).</summary>
    public int IdentityProofCount { get; init; }

    /// <summary>The files themselves, with their download address: only the office, which handles the applicant's identity.</summary>
    public IReadOnlyList<IdentityProofView>? IdentityProofs { get; init; }

    public static string IdentityProofPath(DisclosureApplication a, IdentityProof p) => $"/api/applications/{a.Id}/identity-proofs/{p.Id}";

    public static string StatusPath(DisclosureApplication a) => $"/api/applications/{a.Id}?token={a.StatusToken}";

    public static ApplicationView Of(DisclosureApplication a, ClockReading clock, ApplicationAudience audience, CatalogueSettings catalogue)
    {
        var p = a.Applicant;
        var applicant = audience switch
        {
            ApplicationAudience.Office => new ApplicantView(p.Kind.Code(), p.Kind.ToChinese(), p.Name, p.IdDocumentType, p.IdDocumentNumber, p.Phone, p.Email, p.Address),
            ApplicationAudience.List => new ApplicantView(p.Kind.Code(), p.Kind.ToChinese(), p.MaskedName, p.IdDocumentType, p.MaskedIdDocumentNumber, null, null, null),
            _ => new ApplicantView(p.Kind.Code(), p.Kind.ToChinese(), p.Name, p.IdDocumentType, p.MaskedIdDocumentNumber, p.Phone, p.Email, p.Address),
        };
        var outcome = a.OutcomeRow is { } row ? ApplicationTableRows.Get(row) : null;
        // The applicant is never told an estimated date (CalendarTexts.ToBeFixed); staff see it, said to be one.
        var toApplicant = audience == ApplicationAudience.Applicant;
        var dueIsEstimate = !a.IsConcluded && clock.IsEstimate(clock.DueOn);
        var shownAsEstimate = dueIsEstimate && !toApplicant;
        return new ApplicationView(
            a.Id, a.Number.ToString(), a.State.Code(), a.State.ToChinese(), a.Channel.Code(), a.Channel.ToChinese(), Day(a.ReceivedOn)!,
            toApplicant && clock.IsEstimate(clock.ClarifyBy) ? null : Day(clock.ClarifyBy),
            a.IsConcluded || (toApplicant && dueIsEstimate) ? null : Day(clock.DueOn), NoteOnDueDate(a, clock, toApplicant),
            clock.WorkingDaysPaused, Day(clock.PausedSince),
            clock.ExtensionDays, a.Department, catalogue.FindDepartment(a.Department)?.Name, applicant, a.InformationSought, a.DeliveryForm,
            outcome?.Code, outcome?.Label, audience == ApplicationAudience.List ? [] : a.Events.Select(e => Event(a, e, audience)).ToList(),
            shownAsEstimate ? [CalendarTexts.WhatToAdd(clock.EstimatedYearsOf(clock.DueOn))] : [])
        {
            DueOnIsEstimate = shownAsEstimate,
            StatusUrl = audience is ApplicationAudience.Office or ApplicationAudience.Applicant ? StatusPath(a) : null,
            IdentityProofCount = audience == ApplicationAudience.List ? 0 : a.IdentityProofs.Count,
            IdentityProofs = audience == ApplicationAudience.Office
                ? a.IdentityProofs.Select(p => new IdentityProofView(p.Id, p.FileName, p.ContentType, p.Length, IdentityProofPath(a, p))).ToList()
                : null,
        };
    }

    private static ApplicationEventView Event(DisclosureApplication a, ApplicationEvent e, ApplicationAudience audience)
    {
        var outcome = e.Outcome is { } row ? ApplicationTableRows.Get(row) : null;
        var letter = audience == ApplicationAudience.Office ? Letters.ApplicationLetters.KindFor(e.Kind) : null;
        return new ApplicationEventView(e.Id, e.Kind.Code(), e.Kind.ToChinese(), Day(e.On)!, e.By, e.Department, e.Days, outcome?.Code, outcome?.Label,
            e.Reason, Day(e.RespondBy), e.AmountYuan, e.ApprovedBy,
            e.Challenge?.Code(), e.Challenge?.ToChinese(), e.ChallengeResult?.Code(), e.ChallengeResult?.ToChinese(),
            e.FeeBasis?.Code(), e.FeeBasis?.ToChinese(), e.Pages)
        {
            LetterUrl = letter is null ? null : $"/api/applications/{a.Id}/letters/{Uri.EscapeDataString(e.Id)}",
            LetterTitle = letter is { } kind ? Letters.ApplicationLetters.TitleOf(kind) : null,
        };
    }

    /// <summary>Why there is no due date, or what it already includes, for people.</summary>
    private static string NoteOnDueDate(DisclosureApplication a, ClockReading clock, bool toApplicant)
    {
        if (a.IsConcluded) return $"已于 {Day(a.ConcludedOn)} 办结";
        if (clock.AwaitingClarification) return "待申请人补正；收到补正之日起重新计算 20 个工作日";
        if (clock.PausedSince is { } since) return $"自 {Day(since)} 起暂停计时（征求第三方意见或收费期间不计入答复期限）";
        var parts = new List<string> { $"自 {Day(clock.StartedOn)} 起 20 个工作日" };
        if (clock.WorkingDaysPaused > 0) parts.Add($"暂停 {clock.WorkingDaysPaused} 个工作日");
        if (clock.ExtensionDays > 0) parts.Add($"延期 {clock.ExtensionDays} 个工作日");
        if (clock.IsEstimate(clock.DueOn))
        {
            var years = clock.EstimatedYearsOf(clock.DueOn);
            parts.Add(toApplicant ? CalendarTexts.ToBeFixed(years) : CalendarTexts.Estimated(years));
        }
        return string.Join("，", parts);
    }

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The public application form: its fields, the errors of a form sent back, and its one-time key.</summary>
[PageModel]
public sealed record ApplicationFormModel(string Action, string IdempotencyKey, IReadOnlyList<FormGroup> Groups, IReadOnlyList<FormError> Errors, bool ByOffice)
{
    public static ApplicationFormModel Build(ApplicationDraft draft, IReadOnlyList<FieldError> errors, string idempotencyKey, bool byOffice)
    {
        string? ErrorOf(string field) => errors.FirstOrDefault(e => e.Field == field)?.Message;
        FormField Text(string name, string kind, bool required, string hint, string? value)
            => new(name, ApplicationFields.Label(name), kind, required, hint, value ?? "", ErrorOf(name), []);
        FormField Choice(string name, string kind, string hint, string? value, IEnumerable<(string Value, string Label)> options)
            => new(name, ApplicationFields.Label(name), kind, true, hint, value ?? "", ErrorOf(name),
                options.Select(o => new FormOption(o.Value, o.Label, o.Value == value || o.Label == value)).ToList());

        var kinds = Enum.GetValues<ApplicantKind>().Select(k => (k.Code(), k == ApplicantKind.NaturalPerson ? "自然人" : "法人或其他组织：" + k.ToChinese()));
        var groups = new List<FormGroup>
        {
            new("申请人信息",
            [
                Choice(ApplicationFields.ApplicantKind, "radio", "法人或其他组织请选择所属类别。", draft.ApplicantKind, kinds),
                Text(ApplicationFields.Name, "text", true, "自然人填写姓名；法人或其他组织填写名称。", draft.Name),
                Choice(ApplicationFields.IdDocumentType, "select", "法人或其他组织请选择统一社会信用代码。", draft.IdDocumentType, ApplicationNames.IdDocumentTypes.Select(t => (t, t))),
                Text(ApplicationFields.IdDocumentNumber, "text", true, "仅用于办理本申请，不会公开。", draft.IdDocumentNumber),
            ]),
            new("联系方式（至少填写一项）",
            [
                Text(ApplicationFields.Phone, "tel", false, "", draft.Phone),
                Text(ApplicationFields.Email, "email", false, "填写后，办理进展将通过电子邮件告知。", draft.Email),
                Text(ApplicationFields.Address, "text", false, "需要邮寄纸质材料时填写。", draft.Address),
            ]),
            new("申请公开的政府信息",
            [
                Text(ApplicationFields.InformationSought, "textarea", true, "请写明信息的名称、文号，或者便于查询的其他特征性描述。", draft.InformationSought),
                Choice(ApplicationFields.DeliveryForm, "radio", "", draft.DeliveryForm, ApplicationNames.DeliveryForms.Select(f => (f, f))),
            ]),
            // A browser cannot give a file back: a form sent back with errors asks for the files again.
            new("身份证明（可选）", [Text(IdentityProofRules.Field, "file", false, IdentityProofRules.Hint + (errors.Count > 0 ? "表单退回修改时，请重新选择文件。" : ""), null)]),
        };
        if (byOffice)
        {
            groups.Add(new FormGroup("登记（政府信息公开工作机构填写）",
            [
                Choice(ApplicationFields.Channel, "select", "", draft.Channel, Enum.GetValues<ApplicationChannel>().Select(c => (c.Code(), c.ToChinese()))),
                Text(ApplicationFields.ReceivedOn, "date", false,
                    "依《条例》第三十一条：当面提交的为提交之日；挂号信为签收之日；平信为与申请人确认之日；传真、网上为双方确认之日。", draft.ReceivedOn),
            ]));
        }
        var formErrors = errors.Select(e => new FormError("f-" + e.Field, e.Message)).ToList();
        return new ApplicationFormModel("/api/applications", idempotencyKey, groups, formErrors, byOffice);
    }
}

/// <summary>The register as a page: one line per application, personal data masked; the filter form and paging links.</summary>
[PageModel]
public sealed record ApplicationListModel(IReadOnlyList<ApplicationView> Applications, ApplicationListFilters Filters)
{
    /// <summary>The office (reviewers, administrators) registers paper applications: the page links its form.</summary>
    public bool MayRegister { get; init; }
}

/// <summary>One application's page; <see cref="Created"/> when the applicant has just filed it.</summary>
[PageModel]
public sealed record ApplicationStatusModel(ApplicationView Application, bool Created)
{
    /// <summary>The status token for the Art. 44 suggestion form: only on the applicant's page, while a suggestion may still be made.</summary>
    public string? SuggestionToken { get; init; }
    /// <summary>The applicant has just made the suggestion.</summary>
    public bool Suggested { get; init; }
    /// <summary>For staff: the events they may record now, each linking its form (<see cref="ApplicationEventForms"/>).</summary>
    public IReadOnlyList<ApplicationActionLink> Actions { get; init; } = [];
    /// <summary>The event just recorded through its form, in Chinese, for the notice at the top.</summary>
    public string? Recorded { get; init; }
    public string SuggestionAction => $"/api/applications/{Application.Id}/suggestion";

    /// <summary>Whether the application can take the applicant's suggestion now (the lifecycle's rows, once per application).</summary>
    public static bool MaySuggest(DisclosureApplication a)
        => ApplicationTransitions.TargetOf(ApplicationEventKind.ProactiveDisclosureSuggested, a.State) is not null
            && a.Events.All(e => e.Kind != ApplicationEventKind.ProactiveDisclosureSuggested);
}
