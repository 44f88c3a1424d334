using System.Text.Json;
using Disclosure.Catalogue;
using Disclosure.Notifications;

namespace Disclosure.Plan;

public static class PlanLoader
{
    /// <summary>The catalogue's options, plus: a rule's "kind" may come anywhere in its object (hand-edited files).</summary>
    public static readonly JsonSerializerOptions Json = new(CatalogueLoader.Json)
    {
        AllowOutOfOrderMetadataProperties = true,
        WriteIndented = true,
    };

    public static string FileFor(int year) => DataFiles.Combine("plan", $"{year}.json");

    public static DisclosurePlan Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses and validates; every problem is reported in Chinese to the administrator who edited the plan.</summary>
    public static DisclosurePlan Parse(string json, CatalogueSettings? catalogue = null)
    {
        DisclosurePlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<DisclosurePlan>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new PlanValidationException([$"计划文件格式错误：{ex.Message}"]);
        }
        if (plan is null) throw new PlanValidationException(["计划文件为空"]);
        var problems = ValidateFields(plan, catalogue);
        if (problems.Count > 0) throw new PlanValidationException(problems);
        return plan;
    }

    public static string Serialize(DisclosurePlan plan) => JsonSerializer.Serialize(plan, Json);

    public static IReadOnlyList<string> Validate(DisclosurePlan plan, CatalogueSettings? catalogue = null)
        => ValidateFields(plan, catalogue).Select(p => p.Message).ToList();

    /// <summary>
    /// The plan's one validator, for the JSON API and the workbench's forms alike: each problem names the form field it
    /// concerns (<see cref="PlanFields"/>), so a form shows it beside that field and the JSON API lists the same words.
    /// </summary>
    public static IReadOnlyList<PlanProblem> ValidateFields(DisclosurePlan plan, CatalogueSettings? catalogue = null)
    {
        var problems = new PlanProblems();
        if (string.IsNullOrWhiteSpace(plan.Version)) problems.Add(PlanFields.Plan, "计划缺少版本号");
        var departments = plan.Departments.Select(d => d.Code).ToHashSet();
        foreach (var dup in plan.Departments.GroupBy(d => d.Code).Where(g => g.Count() > 1))
            problems.Add(PlanFields.DepartmentCode, $"处室代码重复：{dup.Key}");
        foreach (var d in plan.Departments.Where(d => !ObligationIds.IsSafe(d.Code)))
            problems.Add(PlanFields.DepartmentCode, $"处室代码“{d.Code}”只能包含英文字母、数字、“-”和“.”");
        if (departments.Contains(LeadershipGroup.RecipientCode))
            problems.Add(PlanFields.DepartmentCode, $"处室代码不能使用保留字 {LeadershipGroup.RecipientCode}");
        if (catalogue is not null)
        {
            foreach (var d in plan.Departments.Where(d => catalogue.FindDepartment(d.Code) is null))
                problems.Add(PlanFields.DepartmentCode, $"处室 {d.Code}（{d.Name}）不在信息公开目录配置中");
            foreach (var c in plan.Columns.Where(c => catalogue.FindColumn(c.Code) is null))
                problems.Add(PlanFields.RuleColumn, $"栏目 {c.Code}（{c.Name}）不在信息公开目录配置中");
        }

        foreach (var dup in plan.Phases.GroupBy(p => p.Code).Where(g => g.Count() > 1))
            problems.Add(PlanFields.PhaseCode, $"阶段代码重复：{dup.Key}");
        foreach (var phase in plan.Phases.Where(p => !ObligationIds.IsSafe(p.Code)))
            problems.Add(PlanFields.PhaseCode, $"阶段代码“{phase.Code}”只能包含英文字母、数字、“-”和“.”");
        foreach (var phase in plan.Phases)
        {
            if (phase.Start > phase.End) problems.Add(PlanFields.PhaseEnd, $"阶段“{phase.Name}”的开始日期晚于结束日期");
            if (phase.Start.Year != plan.Year || phase.End.Year != plan.Year)
                problems.Add(PlanFields.PhaseStart, $"阶段“{phase.Name}”不在 {plan.Year} 年内");
            foreach (var task in phase.Tasks)
            {
                if (!departments.Contains(task.Department)) problems.Add(PlanFields.TaskDepartment, $"任务“{task.Title}”的责任处室 {task.Department} 未定义");
                if (task.Due is { } due && (due < phase.Start || due.Year != plan.Year))
                    problems.Add(PlanFields.TaskDue, $"任务“{task.Title}”的完成日期 {due:yyyy-MM-dd} 不在本阶段或本年度内");
            }
        }

        var ids = plan.Phases.SelectMany(p => p.Tasks.Select(t => t.Id))
            .Concat(plan.Columns.SelectMany(c => c.Rules.Select(r => r.Id)))
            .ToList();
        foreach (var dup in ids.GroupBy(i => i).Where(g => g.Count() > 1))
            problems.Add(PlanFields.Plan, $"任务或规则编号重复：{dup.Key}");
        foreach (var id in ids.Where(i => !ObligationIds.IsSafe(i)))
            problems.Add(PlanFields.Plan, $"编号“{id}”只能包含英文字母、数字、“-”和“.”");

        foreach (var column in plan.Columns)
        {
            if (!departments.Contains(column.Department)) problems.Add(PlanFields.ColumnDepartment, $"栏目“{column.Name}”的责任处室 {column.Department} 未定义");
            foreach (var rule in column.Rules)
            {
                switch (rule)
                {
                    case AtLeastEvery every when every.Days < 0 || every.Months < 0 || every.Days + every.Months == 0:
                        problems.Add(PlanFields.RuleDays, $"规则 {rule.Id}：更新周期必须为正数");
                        break;
                    case WithinWorkingDaysOfEvent ev when ev.WorkingDays < 0 || ev.EventKinds.Count == 0:
                        problems.Add(PlanFields.RuleWorkingDays, $"规则 {rule.Id}：须指定事件类型和非负的工作日数");
                        break;
                    case YearlyByDate yearly when !IsDate(plan.Year, yearly.Month, yearly.Day) || !IsDate(plan.Year, yearly.FromMonth, yearly.FromDay):
                        problems.Add(PlanFields.RuleMonth, $"规则 {rule.Id}：日期无效");
                        break;
                    case ByPhaseEnd byPhase when plan.FindPhase(byPhase.Phase) is null:
                        problems.Add(PlanFields.RulePhase, $"规则 {rule.Id}：阶段 {byPhase.Phase} 未定义");
                        break;
                }
            }
        }
        // Its name is in every escalation and on the plan page: the form's own rules, for the JSON API as well.
        if (string.IsNullOrWhiteSpace(plan.LeadershipGroup.Name)) problems.Add(PlanFields.GroupName, "领导小组缺少名称");
        else if (Intake.InputText.Problem("领导小组名称", plan.LeadershipGroup.Name, LeadershipGroupPart.MaxNameLength) is { } groupName)
            problems.Add(PlanFields.GroupName, groupName);
        if (plan.LeadershipGroup.Members.Count == 0) problems.Add(PlanFields.Plan, "领导小组没有成员");
        foreach (var (owner, channels) in plan.Departments.Select(d => (d.Name, d.Channels)).Append((plan.LeadershipGroup.Name, plan.LeadershipGroup.Channels)))
        {
            // A channel that cannot carry a message would only show up at the first reminder, as a failed delivery.
            foreach (var channel in channels)
            {
                if (channel.Kind == ChannelKind.Email && !PlanPart.IsMailbox(channel.Address))
                    problems.Add(PlanFields.ChannelEmail, $"{owner}的提醒邮箱“{channel.Address}”不是电子邮箱地址");
                if (channel.Kind is ChannelKind.WeCom or ChannelKind.DingTalk && string.IsNullOrWhiteSpace(channel.Address))
                    problems.Add(PlanFields.ChannelTarget, $"{owner}的群机器人提醒渠道没有指定群机器人");
            }
        }
        return problems.Found;
    }

    private static bool IsDate(int year, int month, int day)
        => month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
}

public sealed class PlanValidationException(IReadOnlyList<PlanProblem> found)
    : FormatException("年度计划无效：" + string.Join("；", found.Select(p => p.Message)))
{
    public PlanValidationException(IReadOnlyList<string> problems) : this(problems.Select(p => new PlanProblem(PlanFields.Plan, p)).ToList()) { }

    public IReadOnlyList<PlanProblem> Found { get; } = found;
    public IReadOnlyList<string> Problems { get; } = found.Select(p => p.Message).ToList();
}

/// <summary>One problem of a plan, in Chinese, and the form field it concerns (<see cref="PlanFields.Plan"/> for the plan as a whole).</summary>
public sealed record PlanProblem(string Field, string Message);

/// <summary>
/// The names of the plan's form fields, which are also the HTML ids of the workbench's plan forms: the validator says
/// which field a problem concerns, so the page can show it there.
/// </summary>
public static class PlanFields
{
    public const string Plan = "plan";
    public const string TaskDepartment = "task-department";
    public const string TaskDue = "task-due";
    public const string DepartmentCode = "department-code";
    public const string PhaseCode = "phase-code";
    public const string PhaseStart = "phase-start";
    public const string PhaseEnd = "phase-end";
    public const string RuleColumn = "rule-column";
    public const string RuleDays = "rule-days";
    public const string RuleWorkingDays = "rule-workingDays";
    public const string RuleMonth = "rule-month";
    public const string RulePhase = "rule-phase";
    public const string ColumnDepartment = "column-department";
    public const string ChannelEmail = "channel-email";
    public const string ChannelTarget = "channel-target";
    public const string GroupName = "group-name";
}

internal sealed class PlanProblems
{
    public List<PlanProblem> Found { get; } = [];
    public void Add(string field, string message) => Found.Add(new PlanProblem(field, message));
}
