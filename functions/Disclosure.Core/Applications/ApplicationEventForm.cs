using System.Globalization;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;
using Disclosure.Workbench;

namespace Disclosure.Applications;

/// <summary>
/// The staff's forms for an application's events (交办, 补正告知, 延期, 收费, 答复 …): which events a person may record
/// now, the fields each one takes, and the form read back into the same <see cref="EventRequest"/> the JSON API takes,
/// so the law's checks (<see cref="ApplicationRules"/>) and the lifecycle are the same whichever way it arrives.
/// </summary>
public static class ApplicationEventForms
{
    public const string Kind = "kind", EventId = "id", On = "on", Department = "department", Reason = "reason", RespondBy = "respondBy",
        Days = "days", ApprovedBy = "approvedBy", Pages = "pages", AmountYuan = "amountYuan", Outcome = "outcome", Challenge = "challenge",
        Result = "result";

    /// <summary>Where a problem of the event as a whole is linked (what the law refuses): the form's fieldset.</summary>
    public const string Whole = "event";

    /// <summary>The events <paramref name="actor"/> may record on <paramref name="application"/> in its state, by the lifecycle's table.</summary>
    public static IReadOnlyList<ApplicationEventKind> Offered(DisclosureApplication application, Principal actor)
    {
        var roles = ApplicationShape.Instance.RolesOf(actor, application);
        return Enum.GetValues<ApplicationEventKind>()
            // Registration has its own form; erasing personal data is the retention run's alone.
            .Where(k => k is not (ApplicationEventKind.Registered or ApplicationEventKind.PersonalDataErased))
            .Where(k => ApplicationTransitions.Table.Rows.Any(r => r.Action == k.Code() && Nullable.Equals(r.From, application.State) && r.Roles.Overlaps(roles)))
            .ToList();
    }

    public static string NewPath(string applicationId, ApplicationEventKind kind) => $"/api/applications/{applicationId}/events/new?kind={kind.Code()}";

    public static string ActionPath(string applicationId) => $"/api/applications/{applicationId}/events";

    /// <summary>The fields of <paramref name="kind"/>'s form, filled with <paramref name="value"/> and each field's error.</summary>
    public static IReadOnlyList<FormField> Fields(ApplicationEventKind kind, CatalogueSettings catalogue, Func<string, string?> value, Func<string, string?> error)
    {
        FormField Field(string name, string label, string type, bool required, string hint = "", IReadOnlyList<FormOption>? options = null)
            => new(name, label, type, required, hint, value(name) ?? "", error(name), options ?? []);
        IReadOnlyList<FormOption> Choices(string name, IEnumerable<(string Value, string Label)> choices)
            => choices.Select(c => new FormOption(c.Value, c.Label, c.Value == value(name))).ToList();

        var fields = new List<FormField> { Field(On, "发生日期", "date", true, "事件实际发生（或作出、送达）的日期，不能晚于今天，也不能早于上一事件。") };
        switch (kind)
        {
            case ApplicationEventKind.Assigned:
                fields.Add(Field(Department, "承办处室", "select", true, "", Choices(Department, catalogue.Departments.Select(d => (d.Code, d.Name)))));
                break;
            case ApplicationEventKind.ClarificationRequested:
                fields.Add(Field(Reason, "需要补正的事项", "textarea", true, "一次性告知需要补正的全部事项（《条例》第三十条）。"));
                fields.Add(Field(RespondBy, "补正期限", "date", true, "申请人应在此日期前补正，须晚于告知日期。"));
                break;
            case ApplicationEventKind.Extended:
                fields.Add(Field(Days, "延长的工作日数", "number", true, $"1 至 {ApplicationClock.MaxExtensionWorkingDays} 个工作日（《条例》第三十三条），只能延期一次。"));
                fields.Add(Field(ApprovedBy, "同意延期的负责人", "text", true, "政府信息公开工作机构负责人。"));
                fields.Add(Field(Reason, "延期理由", "textarea", true));
                break;
            case ApplicationEventKind.FeeNotified:
                fields.Add(Field(Pages, "按量收费：页数", "number", false, "按件收费时两项都不填；按量收费填页数（金额按国办函〔2020〕109号计算）或直接填金额，不能两种都收。"));
                fields.Add(Field(AmountYuan, "收费金额（元）", "number", false));
                break;
            case ApplicationEventKind.Replied:
                fields.Add(Field(Outcome, "办理结果", "select", true, "年度报告表三的一行；不予公开、无法提供、不予处理和其他处理须选到具体理由。",
                    Choices(Outcome, ApplicationTableRows.ResultRows.Select(r => (r.Code, $"{r.Code} {OutcomeLabel(r)}")))));
                fields.Add(Field(Reason, "理由和依据", "textarea", false, "予以公开以外的答复必须填写。"));
                break;
            case ApplicationEventKind.ChallengeFiled:
                fields.Add(Field(Challenge, "复议或诉讼类型", "select", true, "", Choices(Challenge, Enum.GetValues<ChallengeKind>().Select(k => (k.Code(), k.ToChinese())))));
                break;
            case ApplicationEventKind.ChallengeDecided:
                fields.Add(Field(Challenge, "复议或诉讼类型", "select", true, "", Choices(Challenge, Enum.GetValues<ChallengeKind>().Select(k => (k.Code(), k.ToChinese())))));
                fields.Add(Field(Result, "结果", "select", true, "", Choices(Result, Enum.GetValues<ChallengeResult>().Select(r => (r.Code(), r.ToChinese())))));
                break;
            default:
                fields.Add(Field(Reason, "说明", "textarea", false));
                break;
        }
        return fields;
    }

    /// <summary>A sub-row is shown with its parent's name (不予公开：1.属于国家秘密), so the choice reads on its own.</summary>
    private static string OutcomeLabel(ApplicationRowDefinition row)
    {
        static string Name(string label) => label[(label.IndexOf('）') + 1)..];
        return row.Parent is { } parent ? $"{Name(ApplicationTableRows.Get(parent).Label)}：{row.Label}" : Name(row.Label);
    }

    /// <summary>
    /// The form as the JSON API's request, or each field's problem in Chinese: dates as yyyy-MM-dd, numbers as whole
    /// numbers within their range, text within its limit. What the law allows is checked later, by the service.
    /// </summary>
    public static (EventRequest? Request, IReadOnlyList<FieldError> Errors) Read(ApplicationEventKind kind, Func<string, string?> field)
    {
        var errors = new List<FieldError>();
        DateOnly? Date(string name, string label, bool required)
        {
            var text = field(name)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (required) errors.Add(new FieldError(name, $"请填写{label}。"));
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
            errors.Add(new FieldError(name, $"{label}应为 yyyy-MM-dd 格式的日期，如 2026-12-04。"));
            return null;
        }
        int? Number(string name, string label, int max)
        {
            var text = field(name)?.Trim();
            if (string.IsNullOrEmpty(text)) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max) return n;
            errors.Add(new FieldError(name, $"{label}应为不超过 {max} 的整数。"));
            return null;
        }
        string? Text(string name, string label, int max)
        {
            var text = field(name);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (InputText.Problem(label, text, max) is { } problem)
            {
                errors.Add(new FieldError(name, problem));
                return null;
            }
            return InputText.Clean(text);
        }

        var request = new EventRequest
        {
            Id = Text(EventId, "事件编号", 100),
            Kind = kind.Code(),
            On = Date(On, "发生日期", required: true),
            Department = Text(Department, "承办处室", 50),
            Reason = Text(Reason, "理由或说明", InputText.MaxReasonLength),
            RespondBy = Date(RespondBy, "补正期限", required: false),
            Days = Number(Days, "延长的工作日数", ApplicationClock.MaxExtensionWorkingDays),
            ApprovedBy = Text(ApprovedBy, "同意延期的负责人", 100),
            Pages = Number(Pages, "页数", ApplicationService.MaxPages),
            AmountYuan = Number(AmountYuan, "收费金额", 1_000_000),
            Outcome = Text(Outcome, "办理结果", 20),
            Challenge = Text(Challenge, "复议或诉讼类型", 50),
            Result = Text(Result, "结果", 50),
        };
        return errors.Count > 0 ? (null, errors) : (request, []);
    }
}

/// <summary>One event's form: the application it is for, its fields and what was wrong with the last try.</summary>
[PageModel]
public sealed record ApplicationEventFormModel(
    ApplicationView Application, string Kind, string KindName, string Action, string EventId, IReadOnlyList<FormField> Fields,
    IReadOnlyList<FormError> Errors)
{
    public string BackUrl => $"/api/applications/{Application.Id}";
}

/// <summary>An event a person may record now, as the application's page links it.</summary>
[PageModel]
public sealed record ApplicationActionLink(string KindName, string Url);
