using Disclosure.Plan;
using static Disclosure.Tests.Plan.ReminderHarness;

namespace Disclosure.Tests.Plan;

public class DigestComposerTests
{
    private static readonly DisclosurePlan Plan = SeedPlan();

    private static IReadOnlyList<Obligation> OpenFor(string department, string day)
        => new ObligationCalculator(WorkingDays).Calculate(Plan, PublicationFacts.None, D(day), 5).Where(o => o.Department == department).ToList();

    [Fact]
    public void Department_digest_lists_all_open_items_by_state_and_marks_the_new_ones()
    {
        var open = OpenFor("bgs", "2026-02-02");
        var fresh = new HashSet<string> { Reminder.ForDepartment(open.Single(o => o.RuleOrTaskId == "ndbg-annual")).Key };
        var n = new DigestComposer(new ReminderOptions { ObligationsPageUrl = "https://kjj.example.gov.cn/admin/obligations" })
            .ForDepartment(Plan, Plan.FindDepartment("bgs")!, D("2026-02-02"), open, fresh);

        Assert.StartsWith("【政务公开提醒】办公室（2月2日）：逾期", n.Subject);
        Assert.Contains("一、已逾期", n.Text);
        Assert.Contains("【新】【年度报告】公布上一年度政府信息公开工作年度报告——应于2026年1月31日（星期六）前完成，已逾期1个工作日", n.Text);
        Assert.Contains("<strong>【新】</strong>【年度报告】", n.Html);
        Assert.Contains("<html lang=\"zh-CN\">", n.Html);
        Assert.Contains("**【新】**", n.Markdown);
        Assert.Contains("?department=bgs", n.Text);
        Assert.Equal(fresh.Order(), n.ReminderKeys);
        Assert.Matches("^digest-bgs-20260202-[0-9a-f]{16}$", n.Id);
    }

    [Fact]
    public void Markup_in_plan_text_is_encoded_in_html_and_neutralised_in_markdown()
    {
        var plan = Plan with { Columns = [Plan.FindColumn("gzdt")! with { Rules = [new AtLeastEvery { Id = "x", Title = "<b>动态</b>*更新*", Days = 14 }] }] };
        var open = new ObligationCalculator(WorkingDays).Calculate(plan, PublicationFacts.None, D("2026-01-14"), 5);
        var n = new DigestComposer(new ReminderOptions()).ForDepartment(plan, plan.FindDepartment("bgs")!, D("2026-01-14"), open,
            open.Select(o => Reminder.ForDepartment(o).Key).ToHashSet());
        Assert.Contains("&lt;b&gt;动态&lt;/b&gt;", n.Html);
        Assert.DoesNotContain("<b>", n.Html);
        Assert.Contains("\\<b\\>动态\\</b\\>\\*更新\\*", n.Markdown);
    }

    [Fact]
    public void Same_new_reminders_give_the_same_message_id_and_different_ones_another()
    {
        var open = OpenFor("bgs", "2026-02-02");
        var composer = new DigestComposer(new ReminderOptions());
        var all = open.Select(o => Reminder.ForDepartment(o).Key).ToHashSet();
        var a = composer.ForDepartment(Plan, Plan.FindDepartment("bgs")!, D("2026-02-02"), open, all);
        var b = composer.ForDepartment(Plan, Plan.FindDepartment("bgs")!, D("2026-02-02"), open, all.Reverse().ToHashSet());
        var c = composer.ForDepartment(Plan, Plan.FindDepartment("bgs")!, D("2026-02-02"), open, all.Skip(1).ToHashSet());
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
    }

    [Fact]
    public void Escalation_names_department_contact_and_threshold()
    {
        var o = new ObligationCalculator(WorkingDays).Calculate(Plan, PublicationFacts.None, D("2026-02-09"), 5).Single(o => o.RuleOrTaskId == "ndbg-annual");
        var n = new DigestComposer(new ReminderOptions()).ForLeadership(Plan, D("2026-02-09"), [Reminder.Escalation(o, [5, 10])!]);
        Assert.Equal("leadership", n.RecipientCode);
        Assert.Contains("办公室（联系人：信息公开联络员 0571-85000010）", n.Text);
        Assert.Contains("已逾期6个工作日（督办时限5个工作日）", n.Text);
        Assert.Equal("【政务公开督办】2月9日：1项公开事项逾期", n.Subject);
    }
}
