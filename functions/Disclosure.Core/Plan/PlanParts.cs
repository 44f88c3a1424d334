using System.Globalization;
using Disclosure.Intake;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>What a plan form's save or delete gives: the changed plan, or the errors by field (or why it was refused).</summary>
public sealed record PlanEdit(DisclosurePlan? Plan, IReadOnlyList<FormError> Errors)
{
    public static PlanEdit Done(DisclosurePlan plan) => new(plan with { Version = PlanTaskForm.NextVersion(plan.Version) }, []);
    public static PlanEdit Refused(string field, string message) => new(null, [new FormError(field, message)]);
}

/// <summary>One field of a plan form as the page shows it.</summary>
[PageModel]
public sealed record PlanFormField(string Id, string Name, string Label, string Type, string Value, bool Required, string Hint,
    IReadOnlyList<FormOption> Options, int MaxLength, string Error)
{
    public bool IsSelect => Type == "select";
    public string HintId => Hint.Length > 0 ? Id + "-hint" : "";
    public string ErrorId => Error.Length > 0 ? Id + "-error" : "";
    public string DescribedBy => string.Join(' ', new[] { HintId, ErrorId }.Where(s => s.Length > 0));
}

/// <summary>How a part's field is typed: its name (<see cref="PlanFields"/> without the part), label, input type and limits.</summary>
public sealed record PlanFieldSpec(string Name, string Label, string Type = "text", bool Required = false, int MaxLength = 64, string Hint = "",
    Func<DisclosurePlan, IReadOnlyList<(string Value, string Label)>>? Options = null);

/// <summary>
/// A part of the plan that the workbench edits with a form of its own (处室, 联系人, 阶段, 栏目规则, 栏目, 领导小组, 领导小组成员, 提醒渠道): which fields it has,
/// the values of one existing entry, how typed values change the plan, and when a deletion must be refused because
/// something still refers to the entry. Checking what was typed (required, length, characters, dates, numbers) is the
/// form's; whether the changed plan holds together is <see cref="PlanLoader.ValidateFields"/>'s, the JSON API's validator.
/// </summary>
public abstract class PlanPart
{
    /// <summary>Every part, by name (the channel part here without robot targets: for naming the parts, not for their forms).</summary>
    public static readonly IReadOnlyList<PlanPart> All =
        [new DepartmentPart(), new ContactPart(), new PhasePart(), new RulePart(), new ColumnPart(), new LeadershipGroupPart(), new LeadershipMemberPart(), new ChannelPart([])];

    /// <summary>The part <paramref name="name"/>, its forms offering the robot targets the settings configure.</summary>
    public static PlanPart? Find(string name, RobotTargetNames robots)
        => name == ChannelPart.PartName ? new ChannelPart(robots.Names) : All.FirstOrDefault(p => p.Name == name);

    /// <summary>In URLs, field ids and the audit entry (<c>department</c> …).</summary>
    public abstract string Name { get; }
    /// <summary>What it is called (处室 …).</summary>
    public abstract string Noun { get; }
    /// <summary>The query parameter a new entry is added within (<c>department</c> for a contact, <c>column</c> for a rule), if any.</summary>
    public virtual string Within => "";
    /// <summary>False when entries come from elsewhere (栏目: the catalogue's configuration) and the plan only changes them.</summary>
    public virtual bool CanAdd => true;

    /// <summary>The key of the part's one entry when it has exactly one (the 领导小组): its form needs no <c>key</c>.</summary>
    public virtual string? OnlyKey => null;
    /// <summary>False when an entry cannot leave the plan by a form (栏目); the entry's form then offers no deletion.</summary>
    public virtual bool CanDelete => true;

    public abstract IReadOnlyList<PlanFieldSpec> Fields(bool isNew);

    /// <summary>The entry's values by field name, or null when the plan has no entry <paramref name="key"/>.</summary>
    public abstract IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key);

    /// <summary>How the entry is named for people (处室 bgs（办公室）).</summary>
    public abstract string Describe(DisclosurePlan plan, string key);

    /// <summary>The plan with the entry changed (or added when <paramref name="key"/> is empty), or the errors by field.</summary>
    public abstract PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values);

    /// <summary>The plan without the entry, or why it cannot go (what still refers to it).</summary>
    public abstract PlanEdit Delete(DisclosurePlan plan, string key);

    public string FieldId(string name) => $"{Name}-{name}";

    public IReadOnlyList<PlanFormField> Show(DisclosurePlan plan, bool isNew, IReadOnlyDictionary<string, string> values, IReadOnlyList<FormError> errors)
        => Fields(isNew).Select(f =>
        {
            // What was typed comes back as typed; the pages show a refused character as U+FFFD (WorkbenchPages).
            var value = values.GetValueOrDefault(f.Name, "");
            var options = f.Options?.Invoke(plan).Select(o => new FormOption(o.Value, o.Label, o.Value == value)).ToList() ?? [];
            var id = FieldId(f.Name);
            return new PlanFormField(id, f.Name, f.Label, f.Type, value, f.Required, f.Hint, options, f.MaxLength,
                errors.FirstOrDefault(e => e.FieldId == id)?.Message ?? "");
        }).ToList();

    /// <summary>The first field's id: where a problem of the plan as a whole is shown.</summary>
    public string FirstFieldId(bool isNew) => FieldId(Fields(isNew)[0].Name);

    /// <summary>Cleans what was typed and checks it against the field's limits; the errors say which field.</summary>
    protected Dictionary<string, string> Typed(IReadOnlyDictionary<string, string> values, bool isNew, List<FormError> errors)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Fields(isNew))
        {
            var value = InputText.Clean(values.GetValueOrDefault(f.Name, ""));
            if (f.Required && value.Length == 0) errors.Add(new(FieldId(f.Name), $"请填写{f.Label}。"));
            else if (value.Length > 0 && InputText.Problem(f.Label, value, f.MaxLength) is { } problem) errors.Add(new(FieldId(f.Name), problem));
            typed[f.Name] = value;
        }
        return typed;
    }

    protected DateOnly? Date(Dictionary<string, string> typed, string name, string label, List<FormError> errors)
    {
        if (typed[name].Length == 0) return null;
        if (DateOnly.TryParseExact(typed[name], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new(FieldId(name), $"{label}应为 yyyy-MM-dd 格式。"));
        return null;
    }

    protected int? Number(Dictionary<string, string> typed, string name, string label, List<FormError> errors, bool required)
    {
        if (typed[name].Length == 0)
        {
            if (required) errors.Add(new(FieldId(name), $"请填写{label}。"));
            return null;
        }
        if (int.TryParse(typed[name], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000) return n;
        errors.Add(new(FieldId(name), $"{label}应为不大于 10000 的非负整数。"));
        return null;
    }

    /// <summary>A telephone number as people write it (0571-85000010 转 8001).</summary>
    protected void CheckPhone(Dictionary<string, string> typed, string name, List<FormError> errors)
    {
        if (typed[name].Any(c => !(char.IsAsciiDigit(c) || c is '-' or '+' or ' ' or '(' or ')' or '转')))
            errors.Add(new(FieldId(name), "电话只能包含数字、“-”“+”、空格、括号和“转”。"));
    }

    /// <summary>A mailbox as the contact form has always taken it: something before and after the "@", no spaces.</summary>
    public static bool IsMailbox(string email)
        => email.IndexOf('@') > 0 && email.IndexOf('@') < email.Length - 1 && !email.Contains(' ');

    protected void CheckEmail(Dictionary<string, string> typed, string name, List<FormError> errors)
    {
        if (typed[name].Length > 0 && !IsMailbox(typed[name])) errors.Add(new(FieldId(name), "电子邮箱应形如 name@example.gov.cn。"));
    }

    protected static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    protected static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>"、", "，" or "," between items, as people list them.</summary>
    protected static IReadOnlyList<string> List(string text)
        => text.Split(['、', '，', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected static IReadOnlyList<(string, string)> DepartmentOptions(DisclosurePlan plan) => [.. plan.Departments.Select(d => (d.Code, d.Name))];
}

/// <summary>处室: code (fixed once added: tasks, columns and the outbox name it) and name.</summary>
public sealed class DepartmentPart : PlanPart
{
    public override string Name => "department";
    public override string Noun => "处室";

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) => isNew
        ? [new("code", "处室代码", Required: true, MaxLength: 32, Hint: "信息公开目录配置中的处室代码，如 bgs；保存后不能修改。"), new("name", "处室名称", Required: true)]
        : [new("name", "处室名称", Required: true)];

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => plan.FindDepartment(key) is { } d ? new Dictionary<string, string> { ["code"] = d.Code, ["name"] = d.Name } : null;

    public override string Describe(DisclosurePlan plan, string key) => $"处室 {key}（{plan.FindDepartment(key)?.Name}）";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        if (errors.Count > 0) return new(null, errors);
        if (key.Length == 0)
            return PlanEdit.Done(plan with { Departments = [.. plan.Departments, new PlanDepartment { Code = typed["code"], Name = typed["name"] }] });
        if (plan.FindDepartment(key) is null) return PlanEdit.Refused(FieldId("name"), "计划中已没有这个处室（可能已被他人删除），请重新打开计划页面。");
        return PlanEdit.Done(plan with { Departments = [.. plan.Departments.Select(d => d.Code == key ? d with { Name = typed["name"] } : d)] });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        var tasks = plan.Phases.SelectMany(p => p.Tasks).Where(t => t.Department == key).Select(t => $"任务“{t.Title}”");
        var columns = plan.Columns.Where(c => c.Department == key).Select(c => $"栏目“{c.Name}”");
        var users = tasks.Concat(columns).ToList();
        if (users.Count > 0)
            return PlanEdit.Refused(Name, $"{Describe(plan, key)}仍是{string.Join("、", users)}的责任处室，不能删除：请先把它们改由其他处室负责。");
        return PlanEdit.Done(plan with { Departments = [.. plan.Departments.Where(d => d.Code != key)] });
    }
}

/// <summary>联系人 of a department (信息公开联络员 …): named by department and place in its list (<c>bgs:0</c>).</summary>
public sealed class ContactPart : PlanPart
{
    public override string Name => "contact";
    public override string Noun => "联系人";
    public override string Within => "department";

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("department", "所在处室", "select", Required: true, Options: DepartmentOptions),
        new("name", "姓名或称谓", Required: true, MaxLength: 32),
        new("role", "职务", MaxLength: 32),
        new("phone", "电话", "tel", MaxLength: 32, Hint: "如 0571-85000010。"),
        new("email", "电子邮箱", "email", MaxLength: 128),
    ];

    public static string Key(string department, int index) => $"{department}:{index.ToString(CultureInfo.InvariantCulture)}";

    private static (PlanDepartment Department, int Index)? Find(DisclosurePlan plan, string key)
    {
        var colon = key.LastIndexOf(':');
        if (colon < 0 || plan.FindDepartment(key[..colon]) is not { } department) return null;
        return int.TryParse(key[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < department.Contacts.Count
            ? (department, i) : null;
    }

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => Find(plan, key) is ({ } d, var i)
            ? new Dictionary<string, string> { ["department"] = d.Code, ["name"] = d.Contacts[i].Name, ["role"] = d.Contacts[i].Role, ["phone"] = d.Contacts[i].Phone, ["email"] = d.Contacts[i].Email }
            : null;

    public override string Describe(DisclosurePlan plan, string key)
        => Find(plan, key) is ({ } d, var i) ? $"{d.Name}的联系人“{d.Contacts[i].Name}”" : "联系人";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        CheckPhone(typed, "phone", errors);
        CheckEmail(typed, "email", errors);
        var target = plan.FindDepartment(typed["department"]);
        if (typed["department"].Length > 0 && target is null) errors.Add(new(FieldId("department"), "请选择计划中的处室。"));
        var existing = key.Length == 0 ? null : Find(plan, key);
        if (key.Length > 0 && existing is null) errors.Add(new(FieldId("name"), "计划中已没有这位联系人（可能已被他人删除），请重新打开计划页面。"));
        if (errors.Count > 0 || target is null) return new(null, errors);

        var contact = new Contact { Name = typed["name"], Role = typed["role"], Phone = typed["phone"], Email = typed["email"] };
        return PlanEdit.Done(plan with
        {
            Departments = [.. plan.Departments.Select(d =>
            {
                var contacts = d.Contacts.ToList();
                var touched = false;
                // Changed in place when it stays in its department; otherwise out of the old one and last in the new one.
                if (existing is ({ } from, var at) && from.Code == d.Code)
                {
                    if (d.Code == target.Code) { contacts[at] = contact; return d with { Contacts = contacts }; }
                    contacts.RemoveAt(at);
                    touched = true;
                }
                if (d.Code == target.Code) { contacts.Add(contact); touched = true; }
                return touched ? d with { Contacts = contacts } : d;
            })],
        });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not ({ } department, var at)) return PlanEdit.Refused(Name, "计划中已没有这位联系人（可能已被他人删除）。");
        var contacts = department.Contacts.Where((_, i) => i != at).ToList();
        return PlanEdit.Done(plan with { Departments = [.. plan.Departments.Select(d => d.Code == department.Code ? d with { Contacts = contacts } : d)] });
    }
}

/// <summary>阶段 of 四、工作步骤: code (fixed once added: tasks and rules name it), name, first and last day.</summary>
public sealed class PhasePart : PlanPart
{
    public override string Name => "phase";
    public override string Noun => "阶段";

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        .. isNew ? [new PlanFieldSpec("code", "阶段代码", Required: true, MaxLength: 16, Hint: "如 p4；英文字母、数字、“-”和“.”，保存后不能修改。")] : Array.Empty<PlanFieldSpec>(),
        new("name", "阶段名称", Required: true),
        new("start", "开始日期", "date", Required: true, Hint: "格式 yyyy-MM-dd。"),
        new("end", "结束日期", "date", Required: true, Hint: "格式 yyyy-MM-dd。"),
    ];

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => plan.FindPhase(key) is { } p ? new Dictionary<string, string> { ["code"] = p.Code, ["name"] = p.Name, ["start"] = Day(p.Start), ["end"] = Day(p.End) } : null;

    public override string Describe(DisclosurePlan plan, string key) => $"阶段“{plan.FindPhase(key)?.Name ?? key}”";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        var start = Date(typed, "start", "开始日期", errors);
        var end = Date(typed, "end", "结束日期", errors);
        if (key.Length > 0 && plan.FindPhase(key) is null) errors.Add(new(FieldId("name"), "计划中已没有这个阶段（可能已被他人删除），请重新打开计划页面。"));
        if (errors.Count > 0 || start is not { } first || end is not { } last) return new(null, errors);
        if (key.Length == 0)
        {
            var added = new PlanPhase { Code = typed["code"], Name = typed["name"], Start = first, End = last };
            return PlanEdit.Done(plan with { Phases = [.. plan.Phases.Append(added).OrderBy(p => p.Start)] });
        }
        return PlanEdit.Done(plan with
        {
            Phases = [.. plan.Phases.Select(p => p.Code == key ? p with { Name = typed["name"], Start = first, End = last } : p).OrderBy(p => p.Start)],
        });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        if (plan.FindPhase(key) is not { } phase) return PlanEdit.Refused(Name, "计划中已没有这个阶段（可能已被他人删除）。");
        var users = phase.Tasks.Select(t => $"任务“{t.Title}”")
            .Concat(plan.Columns.SelectMany(c => c.Rules.OfType<ByPhaseEnd>().Where(r => r.Phase == key).Select(r => $"栏目“{c.Name}”的规则“{r.Title}”")))
            .ToList();
        if (users.Count > 0)
            return PlanEdit.Refused(Name, $"{Describe(plan, key)}仍有{string.Join("、", users)}，不能删除：请先删除这些任务、规则或把它们移到其他阶段。");
        return PlanEdit.Done(plan with { Phases = [.. plan.Phases.Where(p => p.Code != key)] });
    }
}

/// <summary>
/// 栏目规则 (二、公开内容): what a column must publish and by when, in one of the four shapes of <see cref="UpdateRule"/>;
/// the fields a shape does not use are left empty. The id is made once (<c>gzdt-rule-2</c>) and kept, since reminders name it.
/// </summary>
public sealed class RulePart : PlanPart
{
    public const string AtLeastEveryKind = "atLeastEvery";
    public const string WithinWorkingDaysKind = "withinWorkingDaysOfEvent";
    public const string YearlyKind = "yearlyByDate";
    public const string ByPhaseEndKind = "byPhaseEnd";

    public override string Name => "rule";
    public override string Noun => "栏目规则";
    public override string Within => "column";

    private static readonly IReadOnlyList<(string, string)> Kinds =
    [
        (AtLeastEveryKind, "定期更新（至少每隔若干天或月）"), (WithinWorkingDaysKind, "事件发生后若干个工作日内"),
        (YearlyKind, "每年某月某日前"), (ByPhaseEndKind, "某阶段结束前"),
    ];

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("column", "栏目", "select", Required: true, Options: plan => [.. plan.Columns.Select(c => (c.Code, c.Name))]),
        new("kind", "规则类型", "select", Required: true, Options: _ => Kinds),
        new("title", "应公开的内容", Required: true, Hint: "用处室看得懂的话，如“工作动态更新”。"),
        new("basis", "依据", MaxLength: 200, Hint: "条例条款或考核指标，提醒中会写明。"),
        new("days", "间隔天数", "number", MaxLength: 5, Hint: "定期更新：至少每隔多少天（与月数相加）。"),
        new("months", "间隔月数", "number", MaxLength: 5, Hint: "定期更新：至少每隔多少个月。"),
        new("workingDays", "工作日数", "number", MaxLength: 5, Hint: "事件类规则：事件发生后多少个工作日内（发生当日不计）。"),
        new("eventKinds", "事件类型", MaxLength: 200, Hint: "事件类规则：如“部门预算批复”，多个用“、”分隔。"),
        new("month", "截止月", "number", MaxLength: 2, Hint: "每年规则：几月（1—12）。"),
        new("day", "截止日", "number", MaxLength: 2, Hint: "每年规则：几日。"),
        new("phase", "阶段", "select", Hint: "阶段类规则：在哪个阶段结束前。", Options: plan => [("", "不适用"), .. plan.Phases.Select(p => (p.Code, p.Name))]),
    ];

    private static (PlanColumn Column, UpdateRule Rule)? Find(DisclosurePlan plan, string id)
        => plan.Columns.SelectMany(c => c.Rules.Select(r => (c, r))).FirstOrDefault(x => x.r.Id == id) is ({ } column, { } rule) ? (column, rule) : null;

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not ({ } column, { } rule)) return null;
        var values = new Dictionary<string, string> { ["column"] = column.Code, ["title"] = rule.Title, ["basis"] = rule.Basis };
        switch (rule)
        {
            case AtLeastEvery every: values["kind"] = AtLeastEveryKind; values["days"] = Text(every.Days); values["months"] = Text(every.Months); break;
            case WithinWorkingDaysOfEvent ev: values["kind"] = WithinWorkingDaysKind; values["workingDays"] = Text(ev.WorkingDays); values["eventKinds"] = string.Join("、", ev.EventKinds); break;
            case YearlyByDate yearly: values["kind"] = YearlyKind; values["month"] = Text(yearly.Month); values["day"] = Text(yearly.Day); break;
            case ByPhaseEnd byPhase: values["kind"] = ByPhaseEndKind; values["phase"] = byPhase.Phase; break;
        }
        return values;
    }

    public override string Describe(DisclosurePlan plan, string key)
        => Find(plan, key) is ({ } column, { } rule) ? $"栏目“{column.Name}”的规则“{rule.Title}”" : "栏目规则";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        var column = plan.FindColumn(typed["column"]);
        if (typed["column"].Length > 0 && column is null) errors.Add(new(FieldId("column"), "请选择计划中的栏目。"));
        var existing = key.Length == 0 ? null : Find(plan, key);
        if (key.Length > 0 && existing is null) errors.Add(new(FieldId("title"), "计划中已没有这条规则（可能已被他人删除），请重新打开计划页面。"));
        var id = existing?.Rule.Id ?? (column is null ? "" : NewId(plan, column.Code));
        UpdateRule? rule = null;
        switch (typed["kind"])
        {
            case AtLeastEveryKind:
                var days = Number(typed, "days", "间隔天数", errors, required: false);
                var months = Number(typed, "months", "间隔月数", errors, required: false);
                if (days is null && months is null && typed["days"].Length == 0 && typed["months"].Length == 0)
                    errors.Add(new(FieldId("days"), "定期更新须填写间隔天数或月数。"));
                rule = new AtLeastEvery { Id = id, Title = typed["title"], Basis = typed["basis"], Days = days ?? 0, Months = months ?? 0 };
                break;
            case WithinWorkingDaysKind:
                var workingDays = Number(typed, "workingDays", "工作日数", errors, required: true);
                var kinds = List(typed["eventKinds"]);
                if (kinds.Count == 0) errors.Add(new(FieldId("eventKinds"), "事件类规则须填写事件类型。"));
                rule = new WithinWorkingDaysOfEvent { Id = id, Title = typed["title"], Basis = typed["basis"], WorkingDays = workingDays ?? 0, EventKinds = kinds };
                break;
            case YearlyKind:
                var month = Number(typed, "month", "截止月", errors, required: true);
                var day = Number(typed, "day", "截止日", errors, required: true);
                rule = new YearlyByDate { Id = id, Title = typed["title"], Basis = typed["basis"], Month = month ?? 0, Day = day ?? 0 };
                break;
            case ByPhaseEndKind:
                if (typed["phase"].Length == 0) errors.Add(new(FieldId("phase"), "阶段类规则须选择阶段。"));
                rule = new ByPhaseEnd { Id = id, Title = typed["title"], Basis = typed["basis"], Phase = typed["phase"] };
                break;
            case "":
                break;
            default:
                errors.Add(new(FieldId("kind"), "请选择规则类型。"));
                break;
        }
        if (errors.Count > 0 || column is null || rule is null) return new(null, errors);

        // A yearly rule keeps the window it had (FromMonth/FromDay are not on the form).
        if (rule is YearlyByDate y && existing?.Rule is YearlyByDate was) rule = y with { FromMonth = was.FromMonth, FromDay = was.FromDay };
        return PlanEdit.Done(plan with
        {
            Columns = [.. plan.Columns.Select(c =>
            {
                var rules = c.Rules.ToList();
                var at = rules.FindIndex(r => r.Id == id);
                if (at >= 0 && c.Code == column.Code) { rules[at] = rule; return c with { Rules = rules }; }
                if (at >= 0) rules.RemoveAt(at);
                if (c.Code == column.Code) rules.Add(rule);
                return rules.Count == c.Rules.Count && c.Code != column.Code ? c : c with { Rules = rules };
            })],
        });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not ({ } column, _)) return PlanEdit.Refused(Name, "计划中已没有这条规则（可能已被他人删除）。");
        return PlanEdit.Done(plan with { Columns = [.. plan.Columns.Select(c => c.Code == column.Code ? c with { Rules = [.. c.Rules.Where(r => r.Id != key)] } : c)] });
    }

    private static string NewId(DisclosurePlan plan, string column)
    {
        var taken = plan.Columns.SelectMany(c => c.Rules).Select(r => r.Id).Concat(plan.Phases.SelectMany(p => p.Tasks).Select(t => t.Id)).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
            if (!taken.Contains($"{column}-rule-{n}")) return $"{column}-rule-{n}";
    }
}
