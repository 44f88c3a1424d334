using Disclosure.Notifications;
using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

/// <summary>
/// The plan's forms for a column's own name and department, the leadership group's members and the channels reminders
/// take: what each accepts, what it refuses beside which field, and that the plan's one validator agrees.
/// </summary>
public class PlanGroupPartsTests
{
    private static readonly RobotTargetNames Robots = new(["bgs-wecom", "leaders-dingtalk"]);

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static DisclosurePlan Saved(PlanEdit edit)
    {
        Assert.True(edit.Plan is not null, string.Join("；", edit.Errors.Select(e => $"{e.FieldId}: {e.Message}")));
        Assert.Empty(PlanLoader.Validate(edit.Plan, CatalogueData));
        return edit.Plan;
    }

    [Fact]
    public void The_leadership_groups_name_is_changed_alone_and_the_plans_validator_refuses_an_empty_or_control_character_name_from_the_json_api_too()
    {
        var plan = SeedPlan();
        var group = PlanPart.Find(LeadershipGroupPart.PartName, Robots)!;

        var after = Saved(group.Apply(plan, LeadershipGroup.RecipientCode, Values(("name", "政务公开工作领导小组"))));

        Assert.Equal("政务公开工作领导小组", after.LeadershipGroup.Name);
        Assert.Equal(plan.LeadershipGroup.Members, after.LeadershipGroup.Members);
        Assert.Equal(plan.LeadershipGroup.Channels, after.LeadershipGroup.Channels);
        Assert.Equal(["修改领导小组名称为“政务公开工作领导小组”"], PlanDiff.Describe(plan, after));
        Assert.Equal("group-name", Assert.Single(group.Apply(plan, LeadershipGroup.RecipientCode, Values(("name", ""))).Errors).FieldId);
        Assert.Null(group.Apply(plan, "", Values(("name", "另一个领导小组"))).Plan); // one group: never added
        Assert.Null(group.Delete(plan, LeadershipGroup.RecipientCode).Plan);

        // A JSON PUT goes through the same validator: no nameless group, no control character in its name.
        foreach (var name in new[] { " ", "领导\u202E小组" })
        {
            var problem = Assert.Single(PlanLoader.ValidateFields(plan with { LeadershipGroup = plan.LeadershipGroup with { Name = name } }, CatalogueData));
            Assert.Equal(PlanFields.GroupName, problem.Field);
        }
    }

    [Fact]
    public void Renaming_a_column_and_moving_it_to_another_department_keeps_its_code_and_rules()
    {
        var plan = SeedPlan();
        var column = PlanPart.Find("column", Robots)!;
        var before = plan.FindColumn("gzdt")!;

        var after = Saved(column.Apply(plan, "gzdt", Values(("name", "工作动态（机关）"), ("department", "zcfgc"))));

        var renamed = after.FindColumn("gzdt")!;
        Assert.Equal(("gzdt", "工作动态（机关）", "zcfgc"), (renamed.Code, renamed.Name, renamed.Department));
        Assert.Equal(before.Rules, renamed.Rules);
        Assert.Equal(plan.Columns.Select(c => c.Code), after.Columns.Select(c => c.Code));
        Assert.NotEqual(plan.Version, after.Version);
    }

    [Fact]
    public void A_column_is_neither_added_nor_deleted_by_a_form_and_its_department_must_be_in_the_plan()
    {
        var plan = SeedPlan();
        var column = PlanPart.Find("column", Robots)!;
        Assert.False(column.CanAdd);
        Assert.False(column.CanDelete);
        Assert.Null(column.Apply(plan, "", Values(("name", "新栏目"), ("department", "bgs"))).Plan);
        Assert.Contains("信息公开目录配置", column.Delete(plan, "gzdt").Errors.Single().Message);

        var unknown = column.Apply(plan, "gzdt", Values(("name", "工作动态"), ("department", "wjc")));
        Assert.Equal("column-department", unknown.Errors.Single().FieldId);
        var empty = column.Apply(plan, "gzdt", Values(("name", ""), ("department", "bgs")));
        Assert.Equal("column-name", empty.Errors.Single().FieldId);
        var tooLong = column.Apply(plan, "gzdt", Values(("name", new string('栏', 33)), ("department", "bgs")));
        Assert.Equal("column-name", tooLong.Errors.Single().FieldId);

        // The JSON API's validator names the same field for a department the plan lacks.
        var broken = plan with { Columns = [.. plan.Columns.Select(c => c.Code == "gzdt" ? c with { Department = "wjc" } : c)] };
        Assert.Contains(PlanLoader.ValidateFields(broken), p => p.Field == PlanFields.ColumnDepartment && p.Message.Contains("wjc"));
    }

    [Fact]
    public void Leadership_members_are_added_changed_and_deleted_but_never_the_last_one()
    {
        var plan = SeedPlan();
        var leader = PlanPart.Find("leader", Robots)!;

        var added = Saved(leader.Apply(plan, "", Values(("name", "办公室主任"), ("role", "成员"), ("phone", "0571-85000001"), ("email", "bgs@kjj.gov.cn"))));
        Assert.Equal("办公室主任", added.LeadershipGroup.Members[^1].Name);
        var changed = Saved(leader.Apply(added, "0", Values(("name", "局长"), ("role", "组长"), ("phone", ""), ("email", "jz@kjj.gov.cn"))));
        Assert.Equal("jz@kjj.gov.cn", changed.LeadershipGroup.Members[0].Email);
        Assert.Equal(added.LeadershipGroup.Members.Count, changed.LeadershipGroup.Members.Count);

        var badPhone = leader.Apply(plan, "0", Values(("name", "局长"), ("role", "组长"), ("phone", "电话号码"), ("email", "")));
        Assert.Equal("leader-phone", badPhone.Errors.Single().FieldId);
        var badEmail = leader.Apply(plan, "0", Values(("name", "局长"), ("role", "组长"), ("phone", ""), ("email", "jz.kjj.gov.cn")));
        Assert.Equal("leader-email", badEmail.Errors.Single().FieldId);

        var alone = plan with { LeadershipGroup = plan.LeadershipGroup with { Members = [plan.LeadershipGroup.Members[0]] } };
        var refused = leader.Delete(alone, "0");
        Assert.Null(refused.Plan);
        Assert.Contains("唯一的成员", refused.Errors.Single().Message);
        Assert.Equal(plan.LeadershipGroup.Members.Count - 1, Saved(leader.Delete(plan, "2")).LeadershipGroup.Members.Count);
    }

    [Fact]
    public void A_department_channel_is_a_mailbox_or_a_configured_robot_by_name_never_a_robot_url()
    {
        var plan = SeedPlan();
        var channel = PlanPart.Find("channel", Robots)!;

        var robot = Saved(channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "WeCom"), ("email", ""), ("target", "bgs-wecom"))));
        Assert.Equal(new ChannelAddress { Kind = ChannelKind.WeCom, Address = "bgs-wecom" }, robot.FindDepartment("bgs")!.Channels[^1]);

        var url = channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "WeCom"), ("email", ""), ("target", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")));
        Assert.Equal("channel-target", url.Errors.Single().FieldId);
        Assert.Contains("Key Vault", url.Errors.Single().Message);
        var unconfigured = channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "DingTalk"), ("email", ""), ("target", "nobody")));
        Assert.Equal("channel-target", unconfigured.Errors.Single().FieldId);
        var noMailbox = channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "Email"), ("email", ""), ("target", "")));
        Assert.Equal("channel-email", noMailbox.Errors.Single().FieldId);
        var twice = channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "Email"), ("email", "bgs@kjj.gov.cn"), ("target", "")));
        Assert.Equal("channel-kind", twice.Errors.Single().FieldId);
        var numeric = channel.Apply(plan, "", Values(("owner", "bgs"), ("kind", "1"), ("email", ""), ("target", "")));
        Assert.Equal("channel-kind", numeric.Errors.Single().FieldId);

        // Changed in place, then moved to the leadership group, then deleted.
        var mailbox = Saved(channel.Apply(plan, "bgs:0", Values(("owner", "bgs"), ("kind", "Email"), ("email", "bgs-new@kjj.gov.cn"), ("target", ""))));
        Assert.Equal("bgs-new@kjj.gov.cn", mailbox.FindDepartment("bgs")!.Channels.Single().Address);
        var moved = Saved(channel.Apply(mailbox, "bgs:0", Values(("owner", LeadershipGroup.RecipientCode), ("kind", "DingTalk"), ("email", ""), ("target", "leaders-dingtalk"))));
        Assert.Empty(moved.FindDepartment("bgs")!.Channels);
        Assert.Equal(new ChannelAddress { Kind = ChannelKind.DingTalk, Address = "leaders-dingtalk" }, moved.LeadershipGroup.Channels[^1]);
        var gone = Saved(channel.Delete(moved, $"{LeadershipGroup.RecipientCode}:{moved.LeadershipGroup.Channels.Count - 1}"));
        Assert.Equal(plan.LeadershipGroup.Channels, gone.LeadershipGroup.Channels);
    }

    [Fact]
    public void A_robot_url_from_a_hand_edited_plan_is_neither_shown_nor_put_in_the_form()
    {
        var plan = SeedPlan();
        const string Url = "https://oapi.dingtalk.com/robot/send?access_token=secret-token";
        var withUrl = plan with { Departments = [.. plan.Departments.Select(d => d.Code == "bgs" ? d with { Channels = [new ChannelAddress { Kind = ChannelKind.DingTalk, Address = Url }] } : d)] };
        var channel = PlanPart.Find("channel", Robots)!;
        Assert.Equal("", channel.ValuesOf(withUrl, "bgs:0")!["target"]);
        Assert.DoesNotContain("secret-token", channel.Describe(withUrl, "bgs:0"));
        Assert.DoesNotContain("secret-token", ChannelPart.Text(withUrl.FindDepartment("bgs")!.Channels[0]));
    }

    [Fact]
    public void The_validator_refuses_a_channel_that_cannot_carry_a_message()
    {
        var plan = SeedPlan();
        var broken = plan with
        {
            Departments = [.. plan.Departments.Select(d => d.Code == "bgs" ? d with { Channels = [new ChannelAddress { Kind = ChannelKind.Email, Address = "办公室" }] } : d)],
            LeadershipGroup = plan.LeadershipGroup with { Channels = [new ChannelAddress { Kind = ChannelKind.WeCom }] },
        };
        var problems = PlanLoader.ValidateFields(broken);
        Assert.Contains(problems, p => p.Field == PlanFields.ChannelEmail && p.Message.Contains("办公室"));
        Assert.Contains(problems, p => p.Field == PlanFields.ChannelTarget);
    }

    [Fact]
    public void The_change_log_names_what_changed_of_a_column_the_leadership_group_and_channels_without_addresses()
    {
        var plan = SeedPlan();
        var column = Saved(PlanPart.Find("column", Robots)!.Apply(plan, "gzdt", Values(("name", "工作动态（机关）"), ("department", "bgs"))));
        Assert.Equal(["修改栏目 gzdt（工作动态（机关））"], PlanDiff.Describe(plan, column));
        var member = Saved(PlanPart.Find("leader", Robots)!.Apply(plan, "", Values(("name", "办公室主任"), ("role", "成员"), ("phone", ""), ("email", ""))));
        Assert.Equal(["修改领导小组成员"], PlanDiff.Describe(plan, member));
        var channel = Saved(PlanPart.Find("channel", Robots)!.Apply(plan, "bgs:0", Values(("owner", "bgs"), ("kind", "Email"), ("email", "bgs-new@kjj.gov.cn"), ("target", ""))));
        Assert.Equal(["修改处室 bgs（办公室）的提醒渠道"], PlanDiff.Describe(plan, channel));
        var leaders = Saved(PlanPart.Find("channel", Robots)!.Apply(plan, "", Values(("owner", "leadership"), ("kind", "WeCom"), ("email", ""), ("target", "bgs-wecom"))));
        Assert.Equal(["修改领导小组的提醒渠道"], PlanDiff.Describe(plan, leaders));
    }
}
