using System.Globalization;
using Disclosure.Intake;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>One task of a phase as the plan page lists it, with the link that opens it in the edit form.</summary>
[PageModel]
public sealed record PlanTaskRow(string Id, string Title, string Department, string Due, string EditUrl);

[PageModel]
public sealed record PlanPhaseRow(string Code, string Name, string Start, string End, IReadOnlyList<PlanTaskRow> Tasks, string EditUrl, string DeleteUrl);

/// <summary>
/// The plan's editing page: the phases and their tasks, and one form that edits a task or adds one. The form carries the
/// plan's ETag (<see cref="PlanETag"/>) so that a save based on a plan someone else changed meanwhile is refused (409)
/// with what was typed kept, never written over theirs.
/// </summary>
[PageModel]
public sealed record PlanEditPageModel(
    int Year, string Title, string Version, IReadOnlyList<PlanPhaseRow> Phases, IReadOnlyList<FormOption> PhaseOptions,
    IReadOnlyList<FormOption> DepartmentOptions, string TaskId, string TaskTitle, string Due, IReadOnlyList<FormError> Errors,
    string Notice, string PlanETag, string FormToken)
{
    /// <summary>The departments with their contacts, and the columns with their rules, each with its form's links.</summary>
    public IReadOnlyList<PlanDepartmentRow> Departments { get; init; } = [];
    public IReadOnlyList<PlanColumnRow> Columns { get; init; } = [];
    /// <summary>领导小组: members and channels, each with its form's links.</summary>
    public PlanLeadershipRow? Leadership { get; init; }
    /// <summary>The latest saves (who, when, what changed), newest first.</summary>
    public IReadOnlyList<PlanChangeRow> Changes { get; init; } = [];
    /// <summary>When a save was refused as stale: the saves the person had not seen.</summary>
    public IReadOnlyList<PlanChangeRow> Changed { get; init; } = [];
    public string AddDepartmentUrl => PlanUrls.New(Year, "department");
    public string AddPhaseUrl => PlanUrls.New(Year, "phase");

    public const string Template = "plan-edit";
    public const int MaxTitleLength = 200;

    public string Action => $"/api/plan/{Year}/edit";
    public bool IsNew => TaskId.Length == 0;
    public string TitleError => Errors.FirstOrDefault(e => e.FieldId == "task-title")?.Message ?? "";
    public string DepartmentError => Errors.FirstOrDefault(e => e.FieldId == "task-department")?.Message ?? "";
    public string DueError => Errors.FirstOrDefault(e => e.FieldId == "task-due")?.Message ?? "";
    public string PhaseError => Errors.FirstOrDefault(e => e.FieldId == "task-phase")?.Message ?? "";

    /// <summary>A date input cannot hold what is not a date (HTML): what was mistyped comes back in a text input, to correct.</summary>
    public string DueInputType => Due.Length == 0 || DateOnly.TryParseExact(Due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? "date" : "text";

    public static string PageTitle(int year) => $"{year}年度政府信息公开工作计划";

    public static PlanEditPageModel Build(DisclosurePlan plan, PlanTaskForm form, IReadOnlyList<FormError> errors, string notice, string etag, string formToken,
        IReadOnlyList<PlanChange>? changes = null, IReadOnlyList<PlanChangeRow>? changed = null)
    {
        string Name(string code) => plan.FindDepartment(code)?.Name ?? code;
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var year = plan.Year;
        var phases = plan.Phases.Select(p => new PlanPhaseRow(p.Code, p.Name, Day(p.Start), Day(p.End),
            p.Tasks.Select(t => new PlanTaskRow(t.Id, t.Title, Name(t.Department), t.Due is { } d ? Day(d) : "阶段结束时",
                $"/api/plan/{plan.Year}/edit?task={Uri.EscapeDataString(t.Id)}#task-form")).ToList(),
            PlanUrls.Edit(year, "phase", p.Code), PlanUrls.Delete(year, "phase", p.Code))).ToList();
        var departments = plan.Departments.Select(d => new PlanDepartmentRow(d.Code, d.Name, PlanUrls.Edit(year, "department", d.Code),
            PlanUrls.Delete(year, "department", d.Code),
            d.Contacts.Select((c, i) => new PlanEntryRow(c.Name, string.Join(" ", new[] { c.Role, c.Phone, c.Email }.Where(s => s.Length > 0)),
                PlanUrls.Edit(year, "contact", ContactPart.Key(d.Code, i)), PlanUrls.Delete(year, "contact", ContactPart.Key(d.Code, i)))).ToList(),
            PlanUrls.New(year, "contact", "department", d.Code))
        {
            Channels = PlanChannelRows.Of(year, d.Code, d.Channels), AddChannelUrl = PlanUrls.New(year, ChannelPart.PartName, "owner", d.Code),
        }).ToList();
        var columns = plan.Columns.Select(c => new PlanColumnRow(c.Name, Name(c.Department),
            c.Rules.Select(r => new PlanEntryRow(r.Title, r.Basis, PlanUrls.Edit(year, "rule", r.Id), PlanUrls.Delete(year, "rule", r.Id))).ToList(),
            PlanUrls.New(year, "rule", "column", c.Code)) { EditUrl = PlanUrls.Edit(year, "column", c.Code) }).ToList();
        return new PlanEditPageModel(plan.Year, plan.Title, plan.Version, phases,
            plan.Phases.Select(p => new FormOption(p.Code, p.Name, p.Code == form.Phase)).ToList(),
            plan.Departments.Select(d => new FormOption(d.Code, d.Name, d.Code == form.Department)).ToList(),
            form.TaskId, form.Title, form.Due, errors, notice, etag, formToken)
        {
            Departments = departments, Columns = columns, Leadership = PlanLeadershipRow.Of(plan), Changes = PlanChangeRow.Of(changes ?? []), Changed = changed ?? [],
        };
    }
}

/// <summary>What the task form holds, as typed (for an existing task, as the plan has it).</summary>
public sealed record PlanTaskForm(string TaskId, string Phase, string Title, string Department, string Due)
{
    public static PlanTaskForm Empty(DisclosurePlan plan) => new("", plan.Phases.FirstOrDefault()?.Code ?? "", "", "", "");

    /// <summary>The task <paramref name="id"/> as the form shows it, or null when the plan has none.</summary>
    public static PlanTaskForm? Of(DisclosurePlan plan, string id)
    {
        foreach (var phase in plan.Phases)
            if (phase.Tasks.FirstOrDefault(t => t.Id == id) is { } task)
                return new(task.Id, phase.Code, task.Title, task.Department,
                    task.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        return null;
    }

    /// <summary>
    /// The plan with this task changed (moved to its phase if that changed) or added, and a new plan version; or the
    /// errors by field. A new task's id is made from its phase (<c>p2-task-3</c>): stable, unique, safe in a URL.
    /// </summary>
    public (DisclosurePlan? Plan, IReadOnlyList<FormError> Errors) ApplyTo(DisclosurePlan plan)
    {
        var errors = new List<FormError>();
        var title = InputText.Clean(Title);
        if (title.Length == 0) errors.Add(new("task-title", "请填写任务名称。"));
        else if (InputText.Problem("任务名称", title, PlanEditPageModel.MaxTitleLength) is { } problem) errors.Add(new("task-title", problem));
        var phase = plan.Phases.FirstOrDefault(p => p.Code == Phase);
        if (phase is null) errors.Add(new("task-phase", "请选择计划中的阶段。"));
        if (plan.FindDepartment(Department) is null) errors.Add(new("task-department", "请选择计划中的责任处室。"));
        DateOnly? due = null;
        if (Due.Trim().Length > 0)
        {
            if (!DateOnly.TryParseExact(Due.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                errors.Add(new("task-due", "完成日期应为 yyyy-MM-dd 格式，或不填（阶段结束时）。"));
            else if (phase is not null && (day < phase.Start || day.Year != plan.Year))
                errors.Add(new("task-due", $"完成日期应在本阶段开始（{phase.Start:yyyy-MM-dd}）之后、{plan.Year}年内。"));
            else due = day;
        }
        var existing = TaskId.Length == 0 ? null : plan.Phases.SelectMany(p => p.Tasks).FirstOrDefault(t => t.Id == TaskId);
        if (TaskId.Length > 0 && existing is null) errors.Add(new("task-title", "计划中已没有这项任务（可能已被他人删除），请重新打开计划页面。"));
        if (errors.Count > 0 || phase is null) return (null, errors);

        var id = existing?.Id ?? NewId(plan, phase.Code);
        var task = new PlanTask { Id = id, Title = title, Department = Department, Due = due };
        var phases = plan.Phases.Select(p =>
        {
            var kept = p.Tasks.Where(t => t.Id != id).ToList();
            if (p.Code != phase.Code) return kept.Count == p.Tasks.Count ? p : p with { Tasks = kept };
            // An edited task keeps its place in its phase; a new or moved one goes last.
            var at = p.Tasks.ToList().FindIndex(t => t.Id == id);
            if (at >= 0) kept.Insert(at, task); else kept.Add(task);
            return p with { Tasks = kept };
        }).ToList();
        return (plan with { Phases = phases, Version = NextVersion(plan.Version) }, []);
    }

    private static string NewId(DisclosurePlan plan, string phase)
    {
        var taken = plan.Phases.SelectMany(p => p.Tasks).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
            if (!taken.Contains($"{phase}-task-{n}")) return $"{phase}-task-{n}";
    }

    /// <summary>"2026.1" → "2026.2"; a version not ending in a number gets ".1".</summary>
    public static string NextVersion(string version)
    {
        var dot = version.LastIndexOf('.');
        return dot >= 0 && int.TryParse(version[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? version[..(dot + 1)] + (n + 1).ToString(CultureInfo.InvariantCulture)
            : version + ".1";
    }
}
