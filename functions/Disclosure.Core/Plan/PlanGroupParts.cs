using System.Globalization;
using Disclosure.Notifications;
using Disclosure.Workbench;

namespace Disclosure.Plan;

/// <summary>
/// The names of the group robots the settings configure (<c>Webhooks__Targets__&lt;name&gt;__Url</c>): a robot's URL
/// carries its key and lives in Key Vault, so a plan names a target and a form offers only these names.
/// </summary>
public sealed record RobotTargetNames(IReadOnlyList<string> Names);

/// <summary>
/// 栏目 as the plan names it (二、公开内容): its name in reminders and its responsible department. The columns themselves
/// come from the catalogue's configuration, so a form neither adds nor removes one, and the code never changes: items'
/// 索引号 and URLs are made from the catalogue's code, which a rename leaves as it was.
/// </summary>
public sealed class ColumnPart : PlanPart
{
    public override string Name => "column";
    public override string Noun => "栏目";
    public override bool CanAdd => false;
    public override bool CanDelete => false;

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("name", "栏目名称", Required: true, MaxLength: 32, Hint: "计划和提醒中对栏目的称呼；栏目代码、信息的索引号和网址都不会改变。"),
        new("department", "责任处室", "select", Required: true, Options: DepartmentOptions),
    ];

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => plan.FindColumn(key) is { } c ? new Dictionary<string, string> { ["name"] = c.Name, ["department"] = c.Department } : null;

    public override string Describe(DisclosurePlan plan, string key) => $"栏目 {key}（{plan.FindColumn(key)?.Name}）";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        if (key.Length == 0) return PlanEdit.Refused(FieldId("name"), NotHere);
        var errors = new List<FormError>();
        var typed = Typed(values, isNew: false, errors);
        if (typed["department"].Length > 0 && plan.FindDepartment(typed["department"]) is null)
            errors.Add(new(FieldId("department"), "请选择计划中的处室。"));
        if (plan.FindColumn(key) is null) errors.Add(new(FieldId("name"), "计划中已没有这个栏目，请重新打开计划页面。"));
        if (errors.Count > 0) return new(null, errors);
        return PlanEdit.Done(plan with
        {
            Columns = [.. plan.Columns.Select(c => c.Code == key ? c with { Name = typed["name"], Department = typed["department"] } : c)],
        });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key) => PlanEdit.Refused(Name, NotHere);

    private const string NotHere = "栏目来自信息公开目录配置：计划中只能修改栏目的名称和责任处室，不能新增或删除栏目（可删除它的规则）。";
}

/// <summary>
/// 领导小组 itself (五、保障措施): its own name, as reminders, escalations and the plan page call it. There is one group,
/// keyed by its recipient code (<c>leadership</c>); it is neither added nor deleted by a form, and its members and channels
/// have forms of their own (<see cref="LeadershipMemberPart"/>, <see cref="ChannelPart"/>).
/// </summary>
public sealed class LeadershipGroupPart : PlanPart
{
    public const string PartName = "group";
    public const int MaxNameLength = 64;
    public override string Name => PartName;
    public override string Noun => "领导小组";
    public override bool CanAdd => false;
    public override string? OnlyKey => LeadershipGroup.RecipientCode;
    public override bool CanDelete => false;

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("name", "领导小组名称", Required: true, MaxLength: MaxNameLength, Hint: "如“政务公开工作领导小组”：提醒、逾期报告和计划页面这样称呼它。"),
    ];

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => key == LeadershipGroup.RecipientCode ? new Dictionary<string, string> { ["name"] = plan.LeadershipGroup.Name } : null;

    public override string Describe(DisclosurePlan plan, string key) => $"领导小组“{plan.LeadershipGroup.Name}”";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        if (key != LeadershipGroup.RecipientCode) return PlanEdit.Refused(FieldId("name"), OnlyOne);
        var errors = new List<FormError>();
        var typed = Typed(values, isNew: false, errors);
        if (errors.Count > 0) return new(null, errors);
        return PlanEdit.Done(plan with { LeadershipGroup = plan.LeadershipGroup with { Name = typed["name"] } });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key) => PlanEdit.Refused(Name, OnlyOne);

    private const string OnlyOne = "计划中只有一个领导小组：只能修改它的名称，不能新增或删除（成员和提醒渠道在各自的表单中修改）。";
}

/// <summary>
/// 领导小组成员 (五、保障措施: 以局主要领导为组长): named by place in the list (<c>0</c>). The group receives escalations,
/// so its last member cannot go; its channels are <see cref="ChannelPart"/>'s, with the owner <c>leadership</c>.
/// </summary>
public sealed class LeadershipMemberPart : PlanPart
{
    public override string Name => "leader";
    public override string Noun => "领导小组成员";

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("name", "姓名或职务", Required: true, MaxLength: 32, Hint: "如“局长”或姓名。"),
        new("role", "在领导小组中的职务", MaxLength: 32, Hint: "如 组长、副组长、成员。"),
        new("phone", "电话", "tel", MaxLength: 32),
        new("email", "电子邮箱", "email", MaxLength: 128),
    ];

    private static int? Find(DisclosurePlan plan, string key)
        => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < plan.LeadershipGroup.Members.Count ? i : null;

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
        => Find(plan, key) is { } i
            ? new Dictionary<string, string>
            {
                ["name"] = plan.LeadershipGroup.Members[i].Name, ["role"] = plan.LeadershipGroup.Members[i].Role,
                ["phone"] = plan.LeadershipGroup.Members[i].Phone, ["email"] = plan.LeadershipGroup.Members[i].Email,
            }
            : null;

    public override string Describe(DisclosurePlan plan, string key)
        => Find(plan, key) is { } i ? $"{plan.LeadershipGroup.Name}成员“{plan.LeadershipGroup.Members[i].Name}”" : "领导小组成员";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        CheckPhone(typed, "phone", errors);
        CheckEmail(typed, "email", errors);
        var at = key.Length == 0 ? null : Find(plan, key);
        if (key.Length > 0 && at is null) errors.Add(new(FieldId("name"), "领导小组中已没有这位成员（可能已被他人删除），请重新打开计划页面。"));
        if (errors.Count > 0) return new(null, errors);

        var member = new Contact { Name = typed["name"], Role = typed["role"], Phone = typed["phone"], Email = typed["email"] };
        var members = plan.LeadershipGroup.Members.ToList();
        if (at is { } i) members[i] = member;
        else members.Add(member);
        return PlanEdit.Done(plan with { LeadershipGroup = plan.LeadershipGroup with { Members = members } });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not { } at) return PlanEdit.Refused(Name, "领导小组中已没有这位成员（可能已被他人删除）。");
        if (plan.LeadershipGroup.Members.Count == 1)
            return PlanEdit.Refused(Name, $"{Describe(plan, key)}是领导小组唯一的成员，不能删除：逾期事项要报告领导小组，请先新增接替的成员。");
        return PlanEdit.Done(plan with { LeadershipGroup = plan.LeadershipGroup with { Members = [.. plan.LeadershipGroup.Members.Where((_, i) => i != at)] } });
    }
}

/// <summary>
/// 提醒渠道: how reminders reach a department or the leadership group (<c>bgs:0</c>, <c>leadership:0</c>): a mailbox, a
/// group robot chosen among the configured targets, or only the outbox page. A robot's URL is never typed here nor shown:
/// it carries the robot's key, so it lives in the settings (Key Vault) and the plan holds the target's name.
/// </summary>
public sealed class ChannelPart(IReadOnlyList<string> robotTargets) : PlanPart
{
    public const string PartName = "channel";
    public override string Name => PartName;
    public override string Noun => "提醒渠道";
    public override string Within => "owner";

    private static readonly IReadOnlyList<(string, string)> Kinds =
    [
        (nameof(ChannelKind.Email), "电子邮件"), (nameof(ChannelKind.WeCom), "企业微信群机器人"),
        (nameof(ChannelKind.DingTalk), "钉钉群机器人"), (nameof(ChannelKind.Outbox), "仅记入发件箱（在发件箱页面查看）"),
    ];

    public override IReadOnlyList<PlanFieldSpec> Fields(bool isNew) =>
    [
        new("owner", "接收方", "select", Required: true,
            Options: plan => [.. DepartmentOptions(plan), (LeadershipGroup.RecipientCode, plan.LeadershipGroup.Name)]),
        new("kind", "渠道", "select", Required: true, Options: _ => Kinds),
        new("email", "电子邮箱", "email", MaxLength: 128, Hint: "渠道为电子邮件时填写。"),
        new("target", "群机器人", "select", MaxLength: 64,
            Hint: "渠道为群机器人时选择。机器人地址含密钥，只保存在设置（Key Vault）的 Webhooks__Targets__名称__Url 中，这里只选名称；列表中没有时请先请运维人员配置。",
            Options: _ => [("", "不适用"), .. robotTargets.Select(t => (t, t))]),
    ];

    public static string Key(string owner, int index) => $"{owner}:{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A channel as people read it; a robot's URL (from a hand-edited plan) is not repeated, since it carries a key.</summary>
    public static string Text(ChannelAddress channel) => channel.Kind switch
    {
        ChannelKind.Email => $"电子邮件 {channel.Address}",
        ChannelKind.Outbox => "仅记入发件箱",
        _ => $"{OutboxAdministration.ChannelText(channel.Kind)} {(IsUrl(channel.Address) ? "（地址含密钥，不显示）" : channel.Address)}",
    };

    private static bool IsUrl(string address) => address.Contains("://", StringComparison.Ordinal);

    private static IReadOnlyList<ChannelAddress>? ChannelsOf(DisclosurePlan plan, string owner)
        => owner == LeadershipGroup.RecipientCode ? plan.LeadershipGroup.Channels : plan.FindDepartment(owner)?.Channels;

    private static string OwnerName(DisclosurePlan plan, string owner)
        => owner == LeadershipGroup.RecipientCode ? plan.LeadershipGroup.Name : plan.FindDepartment(owner)?.Name ?? owner;

    private static (string Owner, int Index)? Find(DisclosurePlan plan, string key)
    {
        var colon = key.LastIndexOf(':');
        if (colon < 0 || ChannelsOf(plan, key[..colon]) is not { } channels) return null;
        return int.TryParse(key[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < channels.Count ? (key[..colon], i) : null;
    }

    public override IReadOnlyDictionary<string, string>? ValuesOf(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not ({ } owner, var i)) return null;
        var channel = ChannelsOf(plan, owner)![i];
        return new Dictionary<string, string>
        {
            ["owner"] = owner, ["kind"] = channel.Kind.ToString(),
            ["email"] = channel.Kind == ChannelKind.Email ? channel.Address : "",
            ["target"] = channel.Kind is ChannelKind.WeCom or ChannelKind.DingTalk && !IsUrl(channel.Address) ? channel.Address : "",
        };
    }

    public override string Describe(DisclosurePlan plan, string key)
        => Find(plan, key) is ({ } owner, var i) ? $"{OwnerName(plan, owner)}的提醒渠道“{Text(ChannelsOf(plan, owner)![i])}”" : "提醒渠道";

    public override PlanEdit Apply(DisclosurePlan plan, string key, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<FormError>();
        var typed = Typed(values, key.Length == 0, errors);
        var owner = typed["owner"];
        if (owner.Length > 0 && ChannelsOf(plan, owner) is null) errors.Add(new(FieldId("owner"), "请选择计划中的处室或领导小组。"));
        var existing = key.Length == 0 ? null : Find(plan, key);
        if (key.Length > 0 && existing is null) errors.Add(new(FieldId("kind"), "计划中已没有这个提醒渠道（可能已被他人删除），请重新打开计划页面。"));

        ChannelAddress? channel = null;
        switch (Enum.TryParse<ChannelKind>(typed["kind"], out var kind) && Enum.IsDefined(kind) && typed["kind"].All(char.IsAsciiLetter) ? kind : (ChannelKind?)null)
        {
            case ChannelKind.Email:
                if (typed["email"].Length == 0) errors.Add(new(FieldId("email"), "渠道为电子邮件时请填写电子邮箱。"));
                else CheckEmail(typed, "email", errors);
                channel = new ChannelAddress { Kind = ChannelKind.Email, Address = typed["email"] };
                break;
            case ChannelKind.WeCom or ChannelKind.DingTalk:
                if (IsUrl(typed["target"]))
                    errors.Add(new(FieldId("target"), "群机器人的地址含密钥，不能在表单中填写：请运维人员在设置（Key Vault）中配置 Webhooks__Targets__名称__Url，再在这里选择名称。"));
                else if (typed["target"].Length == 0) errors.Add(new(FieldId("target"), "渠道为群机器人时请选择群机器人。"));
                else if (!robotTargets.Contains(typed["target"], StringComparer.Ordinal))
                    errors.Add(new(FieldId("target"), $"设置中没有名为“{typed["target"]}”的群机器人，请从列表中选择。"));
                channel = new ChannelAddress { Kind = kind, Address = typed["target"] };
                break;
            case ChannelKind.Outbox:
                channel = new ChannelAddress { Kind = ChannelKind.Outbox };
                break;
            default:
                if (typed["kind"].Length > 0) errors.Add(new(FieldId("kind"), "请选择渠道。"));
                break;
        }
        if (errors.Count == 0 && channel is not null && ChannelsOf(plan, owner)!.Where((c, i) => existing is not ({ } o, var at) || o != owner || i != at).Contains(channel))
            errors.Add(new(FieldId("kind"), $"{OwnerName(plan, owner)}已有这个提醒渠道。"));
        if (errors.Count > 0 || channel is null) return new(null, errors);

        // Changed in place when it stays with its owner; otherwise out of the old owner's list and last in the new one's.
        IReadOnlyList<ChannelAddress> Changed(string code, IReadOnlyList<ChannelAddress> channels)
        {
            var list = channels.ToList();
            if (existing is ({ } from, var at) && from == code)
            {
                if (code == owner) { list[at] = channel; return list; }
                list.RemoveAt(at);
            }
            if (code == owner) list.Add(channel);
            return list;
        }
        return PlanEdit.Done(plan with
        {
            Departments = [.. plan.Departments.Select(d => d.Code == owner || existing?.Owner == d.Code ? d with { Channels = Changed(d.Code, d.Channels) } : d)],
            LeadershipGroup = plan.LeadershipGroup with { Channels = Changed(LeadershipGroup.RecipientCode, plan.LeadershipGroup.Channels) },
        });
    }

    public override PlanEdit Delete(DisclosurePlan plan, string key)
    {
        if (Find(plan, key) is not ({ } owner, var at)) return PlanEdit.Refused(Name, "计划中已没有这个提醒渠道（可能已被他人删除）。");
        IReadOnlyList<ChannelAddress> Without(IReadOnlyList<ChannelAddress> channels) => [.. channels.Where((_, i) => i != at)];
        return PlanEdit.Done(owner == LeadershipGroup.RecipientCode
            ? plan with { LeadershipGroup = plan.LeadershipGroup with { Channels = Without(plan.LeadershipGroup.Channels) } }
            : plan with { Departments = [.. plan.Departments.Select(d => d.Code == owner ? d with { Channels = Without(d.Channels) } : d)] });
    }
}
