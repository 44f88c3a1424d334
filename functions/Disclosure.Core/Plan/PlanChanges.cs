using System.Text.Json;
using Disclosure.Identity;

namespace Disclosure.Plan;

/// <summary>
/// One save of a plan in its audit trail: who (name and stable id), when, from which version to which, and what
/// changed, as <see cref="PlanDiff"/> computed it from the plan before and after. The store writes it with the plan in
/// one transaction, so there is no saved plan without its entry and no entry for a save that was refused.
/// </summary>
public sealed record PlanChange
{
    public required int Year { get; init; }
    /// <summary>Unique per save; part of the entry's key, so the same entry is never stored twice.</summary>
    public required string EventId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string ActorId { get; init; }
    public required string FromVersion { get; init; }
    public required string ToVersion { get; init; }
    /// <summary>How the plan was saved: <c>api</c> (PUT of the whole plan) or the workbench form's part (<c>department</c> …).</summary>
    public required string Via { get; init; }
    public required IReadOnlyList<string> Changes { get; init; }
}

/// <summary>What changed between two versions of a plan, in the words of the plan (新增处室 xcc（宣传处）…), by code and id.</summary>
public static class PlanDiff
{
    public static IReadOnlyList<string> Describe(DisclosurePlan before, DisclosurePlan after)
    {
        var changes = new List<string>();
        if (before.Title != after.Title) changes.Add($"修改计划标题为“{after.Title}”");
        Compare(changes, "处室", before.Departments, after.Departments, d => d.Code, d => $"{d.Code}（{d.Name}）",
            d => d with { Contacts = [], Channels = [] });
        foreach (var department in after.Departments)
        {
            if (before.FindDepartment(department.Code) is not { } old) continue;
            if (!Same(old.Contacts, department.Contacts)) changes.Add($"修改处室 {department.Code}（{department.Name}）的联系人");
            // Named, not listed: the channels' addresses stay out of the log.
            if (!Same(old.Channels, department.Channels)) changes.Add($"修改处室 {department.Code}（{department.Name}）的提醒渠道");
        }
        Compare(changes, "阶段", before.Phases, after.Phases, p => p.Code, p => $"{p.Code}（{p.Name}）", p => p with { Tasks = [] });
        Compare(changes, "任务", before.Phases.SelectMany(p => p.Tasks.Select(t => (Phase: p.Code, Task: t))).ToList(),
            after.Phases.SelectMany(p => p.Tasks.Select(t => (Phase: p.Code, Task: t))).ToList(),
            t => t.Task.Id, t => $"{t.Task.Id}（{t.Task.Title}）", t => t);
        Compare(changes, "栏目", before.Columns, after.Columns, c => c.Code, c => $"{c.Code}（{c.Name}）", c => c with { Rules = [] });
        Compare(changes, "栏目规则", before.Columns.SelectMany(c => c.Rules.Select(r => (Column: c.Code, Rule: r))).ToList(),
            after.Columns.SelectMany(c => c.Rules.Select(r => (Column: c.Code, Rule: r))).ToList(),
            r => r.Rule.Id, r => $"{r.Rule.Id}（{r.Rule.Title}）", r => r);
        if (before.LeadershipGroup.Name != after.LeadershipGroup.Name) changes.Add($"修改领导小组名称为“{after.LeadershipGroup.Name}”");
        else if (!Same(before.LeadershipGroup with { Members = [], Channels = [] }, after.LeadershipGroup with { Members = [], Channels = [] }))
            changes.Add("修改领导小组");
        if (!Same(before.LeadershipGroup.Members, after.LeadershipGroup.Members)) changes.Add("修改领导小组成员");
        if (!Same(before.LeadershipGroup.Channels, after.LeadershipGroup.Channels)) changes.Add("修改领导小组的提醒渠道");
        return changes;
    }

    private static void Compare<T>(List<string> changes, string noun, IReadOnlyList<T> before, IReadOnlyList<T> after,
        Func<T, string> key, Func<T, string> name, Func<T, object> own)
    {
        var old = before.GroupBy(key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var item in after)
        {
            if (!old.TryGetValue(key(item), out var was)) changes.Add($"新增{noun} {name(item)}");
            else if (!Same(own(was), own(item))) changes.Add($"修改{noun} {name(item)}");
        }
        foreach (var item in before.Where(b => !now.ContainsKey(key(b)))) changes.Add($"删除{noun} {name(item)}");
    }

    // Records holding lists compare their lists by reference; their JSON compares what they hold.
    private static bool Same(object a, object b)
        => JsonSerializer.Serialize(a, a.GetType(), PlanLoader.Json) == JsonSerializer.Serialize(b, b.GetType(), PlanLoader.Json);
}
