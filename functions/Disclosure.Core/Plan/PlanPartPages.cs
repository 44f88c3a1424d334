using System.Globalization;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>Where the plan's forms are: one per part (<see cref="PlanPart"/>), with the entry's key in the query.</summary>
public static class PlanUrls
{
    public static string Plan(int year) => $"/api/plan/{year.ToString(CultureInfo.InvariantCulture)}/edit";
    public static string Edit(int year, string part, string key) => $"{Plan(year)}/{part}?key={Uri.EscapeDataString(key)}";
    public static string New(int year, string part, string within = "", string withinValue = "")
        => within.Length == 0 ? $"{Plan(year)}/{part}" : $"{Plan(year)}/{part}?{within}={Uri.EscapeDataString(withinValue)}";
    public static string Delete(int year, string part, string key)
        => $"/api/plan/{year.ToString(CultureInfo.InvariantCulture)}/delete/{part}?key={Uri.EscapeDataString(key)}";
}

/// <summary>One saved change of the plan, as the pages list it (who, when, from which version, what).</summary>
[PageModel]
public sealed record PlanChangeRow(string At, string Actor, string Versions, string Text)
{
    public static IReadOnlyList<PlanChangeRow> Of(IEnumerable<PlanChange> changes) => changes.Select(c => new PlanChangeRow(
        c.At.ToOffset(Calendar.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), c.Actor,
        c.FromVersion.Length == 0 ? c.ToVersion : $"{c.FromVersion} → {c.ToVersion}", string.Join("；", c.Changes))).ToList();

    /// <summary>
    /// The saves made since version <paramref name="seen"/> (newest first), from the change log: what a person whose
    /// form was based on <paramref name="seen"/> did not see. All listed changes when that version is not among them.
    /// </summary>
    public static IReadOnlyList<PlanChangeRow> Since(IReadOnlyList<PlanChange> newestFirst, string seen)
    {
        var at = newestFirst.ToList().FindIndex(c => c.FromVersion == seen);
        return Of(at < 0 ? newestFirst : newestFirst.Take(at + 1));
    }
}

/// <summary>An entry of a part as the plan page lists it, with its edit and delete links.</summary>
[PageModel]
public sealed record PlanEntryRow(string Label, string Detail, string EditUrl, string DeleteUrl);

[PageModel]
public sealed record PlanDepartmentRow(string Code, string Name, string EditUrl, string DeleteUrl, IReadOnlyList<PlanEntryRow> Contacts, string AddContactUrl)
{
    /// <summary>How reminders reach the department, each with its form's links.</summary>
    public IReadOnlyList<PlanEntryRow> Channels { get; init; } = [];
    public string AddChannelUrl { get; init; } = "";
}

[PageModel]
public sealed record PlanColumnRow(string Name, string Department, IReadOnlyList<PlanEntryRow> Rules, string AddRuleUrl)
{
    /// <summary>The form of the column's own name and responsible department.</summary>
    public string EditUrl { get; init; } = "";
}

/// <summary>领导小组 as the plan page lists it: its members and its channels, each with its form's links.</summary>
[PageModel]
public sealed record PlanLeadershipRow(string Name, IReadOnlyList<PlanEntryRow> Members, string AddMemberUrl, IReadOnlyList<PlanEntryRow> Channels, string AddChannelUrl)
{
    /// <summary>The form of the group's own name.</summary>
    public string EditUrl { get; init; } = "";

    public static PlanLeadershipRow Of(DisclosurePlan plan)
    {
        var group = plan.LeadershipGroup;
        return new(group.Name,
            group.Members.Select((m, i) => new PlanEntryRow(m.Name, string.Join(" ", new[] { m.Role, m.Phone, m.Email }.Where(s => s.Length > 0)),
                PlanUrls.Edit(plan.Year, "leader", Text(i)), PlanUrls.Delete(plan.Year, "leader", Text(i)))).ToList(),
            PlanUrls.New(plan.Year, "leader"),
            PlanChannelRows.Of(plan.Year, LeadershipGroup.RecipientCode, group.Channels),
            PlanUrls.New(plan.Year, ChannelPart.PartName, "owner", LeadershipGroup.RecipientCode))
        {
            EditUrl = PlanUrls.Edit(plan.Year, LeadershipGroupPart.PartName, LeadershipGroup.RecipientCode),
        };
    }

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);
}

public static class PlanChannelRows
{
    public static IReadOnlyList<PlanEntryRow> Of(int year, string owner, IReadOnlyList<Notifications.ChannelAddress> channels)
        => channels.Select((c, i) => new PlanEntryRow(ChannelPart.Text(c), "",
            PlanUrls.Edit(year, ChannelPart.PartName, ChannelPart.Key(owner, i)), PlanUrls.Delete(year, ChannelPart.PartName, ChannelPart.Key(owner, i)))).ToList();
}

/// <summary>The form of one part of the plan (add or change), with what was typed, the errors beside their fields and, when stale, what changed.</summary>
[PageModel]
public sealed record PlanPartPageModel(int Year, string Heading, string Action, string Key, IReadOnlyList<PlanFormField> Fields,
    IReadOnlyList<FormError> Errors, IReadOnlyList<PlanChangeRow> Changed, string PlanETag, string PlanVersion, string FormToken, string DeleteUrl)
{
    public const string Template = "plan-part";
    public string BackUrl => PlanUrls.Plan(Year) + "#plan-parts";

    public static string PageTitle(PlanPart part, bool isNew) => (isNew ? "新增" : "修改") + part.Noun;

    public static PlanPartPageModel Build(DisclosurePlan plan, PlanPart part, string key, IReadOnlyDictionary<string, string> values,
        IReadOnlyList<FormError> errors, IReadOnlyList<PlanChangeRow> changed, string etag, string version, string formToken)
    {
        var isNew = key.Length == 0;
        return new(plan.Year, PageTitle(part, isNew) + (isNew ? "" : "：" + part.Describe(plan, key)), $"{PlanUrls.Plan(plan.Year)}/{part.Name}", key,
            part.Show(plan, isNew, values, errors), errors, changed, etag, version, formToken, isNew || !part.CanDelete ? "" : PlanUrls.Delete(plan.Year, part.Name, key));
    }
}

/// <summary>The page that asks before an entry of the plan is deleted, or says why it cannot be.</summary>
[PageModel]
public sealed record PlanDeletePageModel(int Year, string What, string Refusal, string Action, string Key, IReadOnlyList<FormError> Errors,
    IReadOnlyList<PlanChangeRow> Changed, string PlanETag, string PlanVersion, string FormToken)
{
    public const string Template = "plan-delete";
    /// <summary>The confirm button's id: where a problem of the save itself (stale, token) is shown.</summary>
    public const string ConfirmField = "confirm-delete";
    public string BackUrl => PlanUrls.Plan(Year) + "#plan-parts";
    public static string PageTitle(PlanPart part) => "删除" + part.Noun;
}
