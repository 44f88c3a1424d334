using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

/// <summary>Who, besides the 公开办, may record an event that starts a working-day deadline.</summary>
public class EventResponsibilityTests
{
    [Fact]
    public void The_department_whose_column_the_event_starts_is_responsible_and_others_are_not()
    {
        var plan = SeedPlan();

        Assert.True(plan.IsResponsibleForEvent("cwc", "部门预算批复"));
        Assert.True(plan.IsResponsibleForEvent("xmc", "项目验收"));
        Assert.False(plan.IsResponsibleForEvent("bgs", "部门预算批复"));
        Assert.False(plan.IsResponsibleForEvent("cwc", "项目验收"));
    }

    [Fact]
    public void Every_department_with_a_column_the_event_starts_is_responsible()
    {
        var plan = PlanWith(
            Column("zcfg", "zcfgc", new WithinWorkingDaysOfEvent { Id = "zcfg-issued", Title = "公开新印发的政策文件", WorkingDays = 20, EventKinds = ["政策文件印发"] }),
            Column("zcjd", "bgs", new WithinWorkingDaysOfEvent { Id = "zcjd-issued", Title = "发布政策解读", WorkingDays = 20, EventKinds = ["政策文件印发"] }));

        Assert.True(plan.IsResponsibleForEvent("zcfgc", "政策文件印发"));
        Assert.True(plan.IsResponsibleForEvent("bgs", "政策文件印发"));
    }

    [Fact]
    public void Keeping_a_column_without_an_event_rule_makes_no_department_responsible()
    {
        var plan = PlanWith(Column("gzdt", "bgs", new AtLeastEvery { Id = "gzdt-periodic", Title = "发布工作动态", Days = 14 }));

        Assert.False(plan.IsResponsibleForEvent("bgs", "部门预算批复"));
    }

    [Fact]
    public void No_department_and_an_event_kind_the_plan_does_not_know_are_never_responsible()
    {
        var plan = SeedPlan();

        Assert.False(plan.IsResponsibleForEvent(null, "部门预算批复"));
        Assert.False(plan.IsResponsibleForEvent("cwc", "未知事件"));
    }

    private static PlanColumn Column(string code, string department, UpdateRule rule)
        => new() { Code = code, Name = code, Department = department, Rules = [rule] };
}
