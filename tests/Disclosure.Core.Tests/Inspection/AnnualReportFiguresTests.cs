using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Tests.Inspection;

public class AnnualReportFiguresTests
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private static readonly DateTimeOffset GeneratedAt = new(2026, 1, 20, 2, 0, 0, TimeSpan.Zero);

    private static AnnualReportModel Build(AnnualReportFigures? figures) =>
        AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), figures, Catalogue, Calendar, GeneratedAt);

    private static string[] Row(params string[] cells) => cells;

    [Fact]
    public void Table_two_counts_every_cell_from_the_catalogue_when_nothing_is_entered()
    {
        var model = Build(null);
        var grid = AnnualReportTables.ProactiveDisclosure(model.ProactiveDisclosure).ToGrid();

        string[][] expected =
        [
            Row("第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项"),
            Row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            Row("规章", "1", "1", "2"),
            Row("行政规范性文件", "4", "1", "5"),
            Row("第二十条第（五）项", "第二十条第（五）项", "第二十条第（五）项", "第二十条第（五）项"),
            Row("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
            Row("行政许可", "3", "3", "3"),
            Row("第二十条第（六）项", "第二十条第（六）项", "第二十条第（六）项", "第二十条第（六）项"),
            Row("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
            Row("行政处罚", "2", "2", "2"),
            Row("行政强制", "0", "0", "0"),
            Row("第二十条第（八）项", "第二十条第（八）项", "第二十条第（八）项", "第二十条第（八）项"),
            Row("信息内容", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）"),
            Row("行政事业性收费", "0", "0", "0"),
        ];
        Assert.Equal(expected, grid);
        Assert.Equal(FigureSource.Catalogue, model.ProactiveDisclosure.Penalties.Source);
        Assert.Equal("注：行政许可、行政处罚、行政强制本年处理决定数量据本机关政府信息公开目录中本年公开的处理决定统计。",
            AnnualReportTables.SourceNote(model.ProactiveDisclosure));
    }

    [Fact]
    public void Entered_decision_counts_win_over_the_catalogue_and_the_note_says_which_is_which()
    {
        var model = Build(AnnualReportSeed.Figures());
        var t = model.ProactiveDisclosure;

        Assert.Equal(new RegulationCounts(1, 1, 2), t.Rules);
        Assert.Equal(new RegulationCounts(4, 1, 5), t.NormativeDocuments);
        Assert.Equal(new DecisionCount(3, FigureSource.Catalogue, 3), t.Licensing);
        Assert.Equal(new DecisionCount(5, FigureSource.Entered, 2), t.Penalties);
        Assert.Equal(new DecisionCount(0, FigureSource.Catalogue, 0), t.Enforcement);
        Assert.Equal(12.5m, t.AdministrativeFeesTenThousandYuan);

        var grid = AnnualReportTables.ProactiveDisclosure(t).ToGrid();
        Assert.Equal(Row("行政处罚", "5", "5", "5"), grid[9]);
        Assert.Equal(Row("行政事业性收费", "12.5", "12.5", "12.5"), grid[13]);
        Assert.Equal("注：行政许可、行政强制本年处理决定数量据本机关政府信息公开目录中本年公开的处理决定统计；行政处罚本年处理决定数量为本机关填报数。",
            AnnualReportTables.SourceNote(t));
    }

    [Fact]
    public void A_repeal_mark_without_a_repeal_instrument_is_left_out_and_reported()
    {
        var model = Build(null);
        Assert.Contains(model.Warnings, w => w.Contains("有1件行政规范性文件标注为废止") && w.Contains("未计入本年废止件数"));
    }

    [Fact]
    public void Table_three_prints_every_row_with_parents_and_totals_summed()
    {
        var model = Build(AnnualReportSeed.Figures());
        var grid = AnnualReportTables.Applications(model.Applications).ToGrid();

        // Figures only (the last seven columns), in print order: 一, 二, (一), (二), (三)1–8, (四)1–3, (五)1–5, (六)1–3, (七), 四.
        string[][] expected =
        [
            Row("20", "5", "3", "1", "2", "1", "32"),
            Row("2", "1", "0", "0", "0", "0", "3"),
            Row("8", "2", "1", "0", "1", "0", "12"),
            Row("3", "1", "0", "0", "0", "0", "4"),
            Row("1", "0", "0", "0", "0", "0", "1"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("1", "1", "0", "0", "0", "0", "2"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "1", "0", "0", "0", "1"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("4", "1", "0", "1", "0", "0", "6"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("1", "0", "0", "0", "0", "0", "1"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("1", "0", "0", "0", "0", "1", "2"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("1", "0", "0", "0", "0", "0", "1"),
            Row("0", "0", "0", "0", "0", "0", "0"),
            Row("0", "0", "1", "0", "0", "0", "1"),
            Row("20", "5", "3", "1", "1", "1", "31"),
            Row("2", "1", "0", "0", "1", "0", "4"),
        ];
        var body = grid.Skip(3).ToArray();
        Assert.Equal(expected, body.Select(r => r[3..]).ToArray());

        // The label columns, as the format words them.
        Assert.Equal(Row("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"), body[0][..3]);
        Assert.Equal(Row("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"), body[6][..3]);
        Assert.Equal(Row("三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), body[21][..3]);
        Assert.Equal(Row("三、本年度办理结果", "（七）总计", "（七）总计"), body[23][..3]);
        Assert.Equal(Row("四、结转下年度继续办理", "四、结转下年度继续办理", "四、结转下年度继续办理"), body[24][..3]);
        Assert.Equal(Row("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"), grid[2][3..]);
    }

    [Fact]
    public void Table_four_prints_each_block_with_its_total()
    {
        var model = Build(AnnualReportSeed.Figures());
        var grid = AnnualReportTables.Reviews(model.Reconsideration, model.LitigationDirect, model.LitigationAfterReconsideration).ToGrid();

        Assert.Equal(4, grid.Length);
        Assert.Equal(Enumerable.Repeat("行政复议", 5).Concat(Enumerable.Repeat("行政诉讼", 10)), grid[0]);
        Assert.Equal(Row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
            "未经复议直接起诉", "未经复议直接起诉", "未经复议直接起诉", "未经复议直接起诉", "未经复议直接起诉",
            "复议后起诉", "复议后起诉", "复议后起诉", "复议后起诉", "复议后起诉"), grid[1]);
        Assert.Equal(Row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
            "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
            "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"), grid[2]);
        Assert.Equal(Row("2", "1", "0", "1", "4", "1", "0", "1", "0", "2", "0", "0", "0", "1", "1"), grid[3]);
    }

    [Fact]
    public void Consistent_figures_pass_validation()
    {
        Assert.Empty(AnnualReportFiguresValidator.Validate(AnnualReportSeed.Figures(), 2026));
    }

    [Fact]
    public void An_inconsistent_table_three_is_refused_naming_the_column_and_the_difference()
    {
        var figures = new AnnualReportFigures
        {
            Year = 2025,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(0, 0, 10, 0, 0, 0),
                [ApplicationRow.CarriedOver] = new(0, 0, 2, 0, 0, 0),
                [ApplicationRow.Disclosed] = new(0, 0, 11, 0, 0, 0),
            },
        };
        var errors = AnnualReportFiguresValidator.Validate(figures, 2026);
        Assert.Equal(["法人或其他组织—科研机构：一+二=12，三(七)+四=11，相差1"], errors);
    }

    [Fact]
    public void The_natural_person_column_is_checked_too()
    {
        var figures = new AnnualReportFigures
        {
            Year = 2025,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(3, 0, 0, 0, 0, 0),
                [ApplicationRow.CarriedForward] = new(5, 0, 0, 0, 0, 0),
            },
        };
        Assert.Equal(["自然人：一+二=3，三(七)+四=5，相差2"], AnnualReportFiguresValidator.Validate(figures, 2026));
    }

    [Fact]
    public void An_entered_result_total_that_is_not_the_sum_of_its_rows_is_refused()
    {
        var good = AnnualReportSeed.Figures();
        var rows = new Dictionary<ApplicationRow, ApplicantCounts>(good.Applications)
        {
            [ApplicationRow.ResultTotal] = new(21, 5, 3, 1, 1, 1),
        };
        var errors = AnnualReportFiguresValidator.Validate(good with { Applications = rows }, 2026);
        Assert.Equal(["自然人：三(七)=21，三(一)至三(六)之和=20，相差1"], errors);
    }

    [Fact]
    public void An_entered_parent_row_must_equal_its_sub_rows()
    {
        var good = AnnualReportSeed.Figures();
        var rows = new Dictionary<ApplicationRow, ApplicantCounts>(good.Applications)
        {
            [ApplicationRow.Withheld] = new(2, 1, 0, 0, 0, 0),
        };
        var errors = AnnualReportFiguresValidator.Validate(good with { Applications = rows }, 2026);
        Assert.Equal(["法人或其他组织—科研机构：三(三)=0，其下各项之和=1，相差1"], errors);
    }

    [Fact]
    public void An_entered_total_column_must_equal_the_sum_of_the_applicant_columns()
    {
        var good = AnnualReportSeed.Figures();
        var rows = new Dictionary<ApplicationRow, ApplicantCounts>(good.Applications)
        {
            [ApplicationRow.NewThisYear] = good.Applications[ApplicationRow.NewThisYear] with { Total = 30 },
        };
        var errors = AnnualReportFiguresValidator.Validate(good with { Applications = rows }, 2026);
        Assert.Equal(["总计：一总计=30，各列之和=32，相差2"], errors);
    }

    [Fact]
    public void A_table_four_total_that_is_not_the_sum_of_the_four_outcomes_is_refused()
    {
        var figures = AnnualReportSeed.Figures() with
        {
            Reconsideration = new OutcomeCounts(2, 1, 0, 1, total: 5),
            LitigationAfterReconsideration = new OutcomeCounts(0, 0, 0, 1, total: 0),
        };
        Assert.Equal(
        [
            "行政复议：总计=5，结果维持+结果纠正+其他结果+尚未审结=4，相差1",
            "行政诉讼—复议后起诉：总计=0，结果维持+结果纠正+其他结果+尚未审结=1，相差1",
        ], AnnualReportFiguresValidator.Validate(figures, 2026));
    }

    [Fact]
    public void Negative_numbers_are_refused_wherever_they_are_entered()
    {
        var figures = new AnnualReportFigures
        {
            Year = 2025,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(-1, 0, 0, 0, 0, 0),
                [ApplicationRow.CarriedForward] = new(-1, 0, 0, 0, 0, 0),
            },
            LitigationDirect = new OutcomeCounts(0, -2, 0, 0),
            LicensingDecisions = -3,
            AdministrativeFeesTenThousandYuan = -0.5m,
        };
        var errors = AnnualReportFiguresValidator.Validate(figures, 2026);
        Assert.Contains("自然人：一填报为-1，不能为负数", errors);
        Assert.Contains("自然人：四填报为-1，不能为负数", errors);
        Assert.Contains("行政诉讼—未经复议直接起诉—结果纠正填报为-2，不能为负数", errors);
        Assert.Contains("行政许可本年处理决定数量填报为-3，不能为负数", errors);
        Assert.Contains("行政事业性收费本年收费金额（单位：万元）填报为-0.5，不能为负数", errors);
    }

    [Fact]
    public void A_year_before_the_regulation_or_in_the_future_is_refused()
    {
        Assert.Equal(["年度2007无效：应在2008年至2026年之间"], AnnualReportFiguresValidator.Validate(new AnnualReportFigures { Year = 2007 }, 2026));
        Assert.Equal(["年度2027无效：应在2008年至2026年之间"], AnnualReportFiguresValidator.Validate(new AnnualReportFigures { Year = 2027 }, 2026));
    }

    [Fact]
    public void Drafts_are_written_from_the_year_s_figures_and_edited_text_replaces_them()
    {
        var draft = Build(AnnualReportSeed.Figures());
        Assert.True(draft.HasDraftSections);
        Assert.Equal("2025年，本机关新收政府信息公开申请32件，上年结转3件；本年度办结31件，其中予以公开12件，部分公开4件，不予公开4件，无法提供7件，不予处理2件，其他处理2件；结转下年度继续办理4件。",
            draft.Overview[1].Text);
        Assert.StartsWith("2025年，本机关通过政府信息公开专栏主动公开政府信息", draft.Overview[0].Text);
        Assert.Contains("本年制发行政规范性文件4件，废止1件，截至年底现行有效5件；发布政策解读1条。", draft.Overview[0].Text);
        Assert.Equal("2025年，本机关因政府信息公开工作被申请行政复议4件，被提起行政诉讼3件（其中未经复议直接起诉2件，复议后起诉1件）。", draft.Overview[4].Text);
        Assert.Equal("2025年，本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知2件，收取信息处理费300元。", draft.OtherMatters.Text);
        Assert.Contains(AnnualReportDrafts.ToBeWritten, draft.ProblemsAndImprovements.Text);
        Assert.Contains(draft.Warnings, w => w == "“五、存在的主要问题及改进情况”仍为系统生成的草稿，发布前请审核修改。");

        var texts = new ReportTexts
        {
            OverviewProactive = "甲", OverviewOnRequest = "乙", OverviewManagement = "丙", OverviewPlatform = "丁",
            OverviewOversight = "戊", ProblemsAndImprovements = "己", OtherMatters = "庚",
        };
        var edited = Build(AnnualReportSeed.Figures() with { Texts = texts });
        Assert.False(edited.HasDraftSections);
        Assert.Equal(["甲", "乙", "丙", "丁", "戊"], edited.Overview.Select(s => s.Text));
        Assert.Equal("己", edited.ProblemsAndImprovements.Text);
        Assert.DoesNotContain(edited.Warnings, w => w.Contains("草稿"));
    }

    [Fact]
    public void The_proactive_draft_counts_the_year_s_publications_by_column()
    {
        var model = Build(null);
        // Published in 2025: 政策法规 R1, X1, N1, N2, A1, X4 = 6 (N3 was published in 2026); 行政执法 许可1, 许可2, the 2024
        // decision published on 2 January 2025, 处罚1, 处罚2 = 5 (许可3 was published in 2026); 工作动态 1; 政策解读 1.
        Assert.Equal("2025年，本机关通过政府信息公开专栏主动公开政府信息13条，其中政策法规6条，政策解读1条，工作动态1条，行政执法5条。"
            + "本年制发行政规范性文件4件，废止1件，截至年底现行有效5件；发布政策解读1条。", model.Overview[0].Text);
    }
}
