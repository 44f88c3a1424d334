using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Deadlines;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Deadlines;

public class ItemDeadlinesTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private static readonly ItemDeadlines Deadlines = new(Settings, Calendar);

    [Theory]
    [InlineData("tzgg", "通知", "art26")]              // 条例第二十六条: the default
    [InlineData("zcfg", "行政规范性文件", "art26")]
    [InlineData("czzj", "预算", "budget")]            // 预算法第十四条
    [InlineData("czzj", "决算", "budget")]
    [InlineData("czzj", "行政规范性文件", "art26")]    // a rule made by the 财政 column is still a 规范性文件 under Art. 26
    [InlineData("xzzf", "行政许可", "double-publicity")]
    [InlineData("xzzf", "行政处罚", "double-publicity")]
    [InlineData("xzzf", "行政强制", "art26")]          // 双公示 covers 许可 and 处罚 only
    [InlineData("zcjd", "解读", "interpretation")]
    [InlineData("kjxm", "公示", "notice-period")]
    public void Each_item_gets_the_rule_of_its_genre_and_column_from_the_catalogue(string column, string genre, string rule)
        => Assert.Equal(rule, Deadlines.RuleFor(column, genre).Id);

    [Fact]
    public void A_genre_rule_wins_over_a_column_rule_and_both_over_the_default()
    {
        var catalogue = Settings with
        {
            DeadlineRules =
            [
                new DeadlineRule { Id = "column", Basis = "栏目", Count = 5, Columns = ["czzj"] },
                new DeadlineRule { Id = "genre", Basis = "体裁", Count = 3, Genres = ["预算"] },
                new DeadlineRule { Id = "both", Basis = "栏目和体裁", Count = 1, Columns = ["czzj"], Genres = ["决算"] },
            ],
        };
        var deadlines = new ItemDeadlines(catalogue, Calendar);
        Assert.Equal("genre", deadlines.RuleFor("czzj", "预算").Id);
        Assert.Equal("both", deadlines.RuleFor("czzj", "决算").Id);
        Assert.Equal("column", deadlines.RuleFor("czzj", "通知").Id);
        Assert.Same(DeadlineRule.Article26, deadlines.RuleFor("tzgg", "通知"));
    }

    [Fact]
    public void The_shipped_default_is_Art_26_twenty_working_days_from_formation()
    {
        var rule = Deadlines.Default;
        Assert.Equal((20, DeadlineUnit.WorkingDays, DeadlineStart.FormedOn), (rule.Count, rule.Unit, rule.Start));
        Assert.Contains("第二十六条", rule.Basis);
    }

    [Fact]
    public void A_budget_approved_on_6_February_2026_is_due_26_February_under_Budget_Law_Art_14()
    {
        // Main counted 20 working days (春节 in between) and said 2026-03-12.
        var budget = Item(i => i with { ColumnCode = "czzj", Genre = "预算", FormedOn = new DateOnly(2026, 2, 6), ApprovedOn = new DateOnly(2026, 2, 6) });
        var deadline = Deadlines.For(budget)!;
        Assert.Equal(CalendarAnswer<DateOnly>.Of(new DateOnly(2026, 2, 26)), deadline.DueOn);
        Assert.Equal("《预算法》第十四条：批复日期2026年2月6日起20日内", deadline.Why);
    }

    [Fact]
    public void A_plan_event_of_a_kind_the_catalogue_names_is_timed_by_that_rule()
    {
        Assert.Equal("budget", Deadlines.RuleForEvent("部门预算批复")!.Id);
        Assert.Equal("double-publicity", Deadlines.RuleForEvent("行政处罚决定")!.Id);
        Assert.Null(Deadlines.RuleForEvent("领导班子调整"));
    }

    [Theory]
    [InlineData("市科学技术局", false, false)]
    [InlineData("市科学技术局、市财政局", false, false)]   // jointly issued: the agency's own
    [InlineData("省科学技术厅", false, true)]               // another 发布机构
    [InlineData("市科学技术局", true, true)]                // marked 转发
    public void A_document_is_reposted_when_marked_so_or_issued_by_another_agency(string publisher, bool marked, bool reposted)
        => Assert.Equal(reposted, Reposting.IsReposted(Item(i => i with { Publisher = publisher, Reposted = marked }), Settings.Agency));

    [Theory]
    [InlineData("""[{"id":"a","basis":"x","count":1},{"id":"a","basis":"y","count":2,"genres":["预算"]}]""", "编号重复")]
    [InlineData("""[{"id":"a","basis":"x","count":-1}]""", "不能为负数")]
    [InlineData("""[{"id":"a","basis":"","count":1}]""", "依据")]
    [InlineData("""[{"id":"a","basis":"x","count":1,"columns":["nope"]}]""", "栏目 nope 不存在")]
    [InlineData("""[{"id":"a","basis":"x","count":1,"genres":["不存在"]}]""", "体裁")]
    [InlineData("""[{"id":"a","basis":"x","count":1},{"id":"b","basis":"y","count":2}]""", "默认")]
    public void A_catalogue_with_a_broken_deadline_rule_is_refused_at_start(string rules, string message)
    {
        var json = File.ReadAllText(DataFiles.Combine("catalogue.json"));
        var at = json.IndexOf("\"deadlineRules\"", StringComparison.Ordinal);
        var broken = json[..at] + "\"deadlineRules\": " + rules + "\n}";
        Assert.Contains(message, Assert.Throws<FormatException>(() => CatalogueLoader.Parse(broken)).Message);
    }
}
