using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class PlanLoaderTests
{
    [Fact]
    public void Seed_plan_of_2026_is_valid_against_the_catalogue()
    {
        var plan = PlanLoader.Parse(File.ReadAllText(PlanLoader.FileFor(2026)), CatalogueData);
        Assert.Equal(2026, plan.Year);
        Assert.Equal(["第一阶段（1—2月）", "第二阶段（3—10月）", "第三阶段（11—12月）"], plan.Phases.Select(p => p.Name));
        Assert.All(plan.Columns, c => Assert.Equal(CatalogueData.FindColumn(c.Code)!.ResponsibleDepartment, c.Department));
        Assert.Equal(14, plan.Columns.Single(c => c.Code == "gzdt").Rules.OfType<AtLeastEvery>().Single().Days);
        Assert.Equal(7, plan.Columns.Single(c => c.Code == "xzzf").Rules.OfType<WithinWorkingDaysOfEvent>().Single().WorkingDays);
        Assert.NotEmpty(plan.LeadershipGroup.Members);
    }

    [Fact]
    public void Plan_survives_a_round_trip_through_its_json()
    {
        var plan = SeedPlan();
        var again = PlanLoader.Parse(PlanLoader.Serialize(plan), CatalogueData);
        Assert.Equal(PlanLoader.Serialize(plan), PlanLoader.Serialize(again));
        Assert.IsType<ByPhaseEnd>(again.Columns.Single(c => c.Code == "ghjh").Rules[0]);
    }

    [Fact]
    public void Unknown_department_duplicate_rule_and_unsafe_id_are_each_reported_in_Chinese()
    {
        var plan = SeedPlan();
        var gzdt = plan.FindColumn("gzdt")!;
        var broken = plan with
        {
            Columns = [.. plan.Columns, gzdt with { Code = "gzdt2", Department = "wjc" }, gzdt with { Rules = [new AtLeastEvery { Id = "动态/1", Title = "x", Days = 14 }] }],
        };
        var problems = PlanLoader.Validate(broken, CatalogueData);
        Assert.Contains(problems, p => p.Contains("责任处室 wjc 未定义"));
        Assert.Contains(problems, p => p.Contains("任务或规则编号重复：gzdt-periodic"));
        Assert.Contains(problems, p => p.Contains("编号“动态/1”"));
        Assert.Contains(problems, p => p.Contains("栏目 gzdt2"));
    }

    [Fact]
    public void Malformed_json_is_a_validation_problem_not_a_crash()
    {
        var ex = Assert.Throws<PlanValidationException>(() => PlanLoader.Parse("{\"year\": 2026,"));
        Assert.StartsWith("计划文件格式错误", ex.Problems.Single());
    }
}
