using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;

namespace Disclosure.Workbench;

/// <summary>One field of the submission form as the template draws it.</summary>
[PageModel]
public sealed record FormField(
    string Name, string Label, string Kind, bool Required, string Hint, string Value, string? Error,
    IReadOnlyList<FormOption> Options, string Legend = "")
{
    public string Id => "f-" + Name;
    public string ErrorId => Id + "-error";
    public string HintId => Id + "-hint";
    public string DescribedBy => string.Join(' ', new[] { Hint.Length > 0 ? HintId : null, Error is not null ? ErrorId : null }.OfType<string>());
}

[PageModel]
public sealed record FormOption(string Value, string Label, bool Selected);

[PageModel]
public sealed record FormGroup(string Legend, IReadOnlyList<FormField> Fields);

[PageModel]
public sealed record FormError(string FieldId, string Message);

/// <summary>
/// The submission form: the same model draws an empty form, a correction, and a form sent back with errors. A correction
/// carries the <see cref="Version"/> it was opened on, so that a correction of an item changed meanwhile is refused.
/// </summary>
[PageModel]
public sealed record SubmissionFormModel(
    string Action, string SubmitLabel, string IdempotencyKey, IReadOnlyList<FormGroup> Groups, IReadOnlyList<FormError> Errors,
    long MaxFileMegabytes, long MaxTotalMegabytes, int MaxFiles, string AcceptedTypes, int? Version = null)
{
    public static SubmissionFormModel Build(
        CatalogueSettings catalogue, Principal who, SubmissionDraft draft, IReadOnlyList<FieldError> errors,
        string action, string submitLabel, string idempotencyKey, int? version = null)
    {
        string? ErrorOf(string field) => errors.FirstOrDefault(e => e.Field == field)?.Message;
        FormField Text(string name, string kind, bool required, string hint, string? value) =>
            new(name, SubmissionFields.Label(name), kind, required, hint, value ?? "", ErrorOf(name), []);
        FormField Choice(string name, string kind, bool required, string hint, string? value, IEnumerable<(string Value, string Label)> options)
        {
            var current = value ?? "";
            return new(name, SubmissionFields.Label(name), kind, required, hint, current, ErrorOf(name),
                options.Select(o => new FormOption(o.Value, o.Label, o.Value == current || o.Label == current)).ToList());
        }

        var columns = catalogue.Columns.Select(c => (c.Code, c.ParentCode is null ? c.Name : "　" + c.Name));
        var genres = catalogue.Genres.Select(g => (g, g));
        var attributes = Enum.GetValues<DisclosureAttribute>().Select(a => (a.ToChinese(), a.ToChinese()));
        var scopes = Enum.GetValues<DisclosureScope>().Select(s => (s.ToChinese(), s.ToChinese()));
        var validities = Enum.GetValues<Validity>().Select(v => (v.ToChinese(), v.ToChinese()));
        var relations = Enum.GetValues<Relation>().Select(r => (r.ToChinese(), r.ToChinese()));
        var departments = catalogue.Departments.Select(d => (d.Code, d.Name));
        var department = who.IsAdministrator
            ? Choice(SubmissionFields.Department, "select", true, "管理员可代其他处室报送。", draft.Department ?? who.DepartmentCode, departments)
            : Text(SubmissionFields.Department, "readonly", true, "按您的账号确定。", catalogue.FindDepartment(who.DepartmentCode)?.Name ?? "（未关联处室）");

        var groups = new List<FormGroup>
        {
            new("基本信息",
            [
                Text(SubmissionFields.Title, "text", true, "", draft.Title),
                Choice(SubmissionFields.Column, "select", true, "政策解读请选择“政策解读”栏目并填写所解读政策的索引号。", draft.Column, columns),
                Choice(SubmissionFields.Genre, "select", true, "", draft.Genre, genres),
                Text(SubmissionFields.DocumentNumber, "text", false, "可不填。格式如：国办发〔2012〕10号（年份用六角括号，序号不加“第”）。", draft.DocumentNumber),
                Text(SubmissionFields.FormedOn, "date", true, "格式：YYYY-MM-DD。", draft.FormedOn),
                Text(SubmissionFields.Publisher, "text", false, $"不填则为“{catalogue.Agency.Name}”。", draft.Publisher),
                department,
            ]),
            new("公开方式",
            [
                Choice(SubmissionFields.Attribute, "radio", true, "只有主动公开的信息会发布到门户网站。", draft.Attribute, attributes),
                Choice(SubmissionFields.Scope, "radio", false, "", draft.Scope ?? DisclosureScope.Public.ToChinese(), scopes),
                Choice(SubmissionFields.Term, "radio", false, "", draft.Term ?? "长期", [("长期", "长期"), ("限时", "限时")]),
                Text(SubmissionFields.PublicUntil, "date", false, "公开时限为“限时”时必填。", draft.PublicUntil),
                Choice(SubmissionFields.Validity, "select", false, "门户显示的有效性由废止、修订关联和有效期得出，此处为报送处室的说明。", draft.Validity ?? Validity.InForce.ToChinese(), validities),
                Text(SubmissionFields.EffectiveFrom, "date", false, "行政规范性文件填写施行日期，可不填。格式：YYYY-MM-DD。", draft.EffectiveFrom),
                Text(SubmissionFields.ValidUntil, "date", false, "行政规范性文件有效期的最后一天，可不填；过期后门户显示“失效”。", draft.ValidUntil),
            ]),
            // The dates the legal deadlines count from (Deadlines): the form says which rule needs which.
            new("公开期限依据",
            [
                Text(SubmissionFields.ApprovedOn, "date", false, "部门预算、决算填写：自批复之日起20日内公开（预算法第十四条）。", draft.ApprovedOn),
                Text(SubmissionFields.DecidedOn, "date", false, "行政许可、行政处罚填写：自决定之日起7个工作日内公示（“双公示”）。", draft.DecidedOn),
                Text(SubmissionFields.NoticeStartsOn, "date", false, "公示填写：公示应于公示期开始之日公开。", draft.NoticeStartsOn),
                Choice(SubmissionFields.Reposted, "radio", false, "转发上级或其他机关的文件选“是”，并填写收到日期。", draft.Reposted ?? "否", [("否", "否"), ("是", "是")]),
                Text(SubmissionFields.ReceivedOn, "date", false, "转发的文件：本机关收到该文件的日期，公开期限自该日起计算。", draft.ReceivedOn),
            ]),
            new("内容",
            [
                Text(SubmissionFields.Keywords, "text", false, "多个主题词用空格或顿号分隔，最多 10 个。", draft.Keywords),
                Text(SubmissionFields.Summary, "textarea", false, "简要说明信息的主要内容。", draft.Summary),
                Text(SubmissionFields.Body, "textarea", false, "纯文本或 HTML；无正文时请上传附件。", draft.Body),
                Choice(SubmissionFields.BodyFormat, "radio", false, "", draft.BodyFormat ?? "text", [("text", "纯文本"), ("html", "HTML")]),
            ]),
            new("关联信息",
            [
                Choice(SubmissionFields.Relation, "select", false, "政策解读关联所解读的政策；修订、废止关联原文件。", draft.Relation, relations),
                Text(SubmissionFields.RelatedItem, "text", false, "填写关联信息的索引号。", draft.RelatedItem),
            ]),
        };
        var formErrors = errors.Select(e => new FormError("f-" + e.Field, $"{SubmissionFields.Label(e.Field)}：{e.Message}")).ToList();
        var limits = catalogue.Attachments;
        return new SubmissionFormModel(action, submitLabel, idempotencyKey, groups, formErrors,
            limits.MaxFileBytes / 1024 / 1024, limits.MaxTotalBytes / 1024 / 1024, limits.MaxFiles,
            string.Join(",", AttachmentTypes.All.Select(t => t.Extension).Distinct()), version);
    }

    /// <summary>The anti-forgery token bound to the person the form was drawn for (Functions' FormTokens).</summary>
    public string FormToken { get; init; } = "";

    public string? AttachmentError => Errors.FirstOrDefault(e => e.FieldId == "f-" + SubmissionFields.Attachments)?.Message;
}
