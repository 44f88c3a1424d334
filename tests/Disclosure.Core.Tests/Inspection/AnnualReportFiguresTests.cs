using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;

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
            // 第二十条第（八）项: only the administrator knows the fees; nobody entered them, so 未填, not 0.
            Row("行政事业性收费", "未填", "未填", "未填"),
        ];
        Assert.Equal(expected, grid);
        Assert.Equal(FigureSource.Catalogue, model.ProactiveDisclosure.Penalties.Source);
        Assert.Contains("表二行政许可、行政处罚、行政强制本年处理决定数量据本机关政府信息公开目录中本年公开的处理决定统计。", model.Warnings);
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
        Assert.Contains("表二行政许可、行政强制本年处理决定数量据本机关政府信息公开目录中本年公开的处理决定统计；行政处罚本年处理决定数量为本机关填报数。",
            model.Warnings);
    }

    [Fact]
    public void Table_two_carries_no_note_the_national_template_does_not_have()
    {
        // 国办公开办函〔2021〕30号 prints table 二 without a 注; where the decision counts came from is for the administrator.
        var model = Build(AnnualReportSeed.Figures());
        Assert.Null(AnnualReportTables.ProactiveDisclosure(model.ProactiveDisclosure).Note);
        var html = AnnualReportHtml.Render(model);
        Assert.DoesNotContain("注：", html);
        Assert.DoesNotContain("table-note", html);
    }

    [Fact]
    public void Figures_nobody_entered_print_as_not_entered_and_entered_zeros_print_as_zeros()
    {
        // Art. 50 / 国办公开办函〔2021〕30号: a 0 states that nothing happened; a figure never entered is 未填.
        var nothing = Build(new AnnualReportFigures { Year = AnnualReportSeed.Year });
        var table3 = AnnualReportTables.Applications(nothing.Applications).ToGrid().Skip(3).ToArray();
        Assert.All(table3, row => Assert.All(row[3..], cell => Assert.Equal("未填", cell)));
        var table4 = AnnualReportTables.Reviews(nothing.Reconsideration, nothing.LitigationDirect, nothing.LitigationAfterReconsideration).ToGrid();
        Assert.Equal(Enumerable.Repeat("未填", 15), table4[3]);
        Assert.Equal(Row("行政事业性收费", "未填", "未填", "未填"), AnnualReportTables.ProactiveDisclosure(nothing.ProactiveDisclosure).ToGrid()[13]);
        Assert.Contains(nothing.Warnings, w => w.Contains("没有填报") && w.Contains("表三") && w.Contains("行政事业性收费") && w.Contains("信息处理费"));
        Assert.DoesNotContain("未收取", nothing.OtherMatters.Text);
        Assert.Contains("未填", nothing.OtherMatters.Text);

        var zeros = Build(new AnnualReportFigures
        {
            Year = AnnualReportSeed.Year,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts> { [ApplicationRow.NewThisYear] = new() },
            Reconsideration = new OutcomeCounts(), LitigationDirect = new OutcomeCounts(), LitigationAfterReconsideration = new OutcomeCounts(),
            AdministrativeFeesTenThousandYuan = 0m, ProcessingFeeNotices = 0, ProcessingFeeYuan = 0m,
        });
        Assert.All(AnnualReportTables.Applications(zeros.Applications).ToGrid().Skip(3), row => Assert.All(row[3..], cell => Assert.Equal("0", cell)));
        Assert.Equal(Enumerable.Repeat("0", 15),
            AnnualReportTables.Reviews(zeros.Reconsideration, zeros.LitigationDirect, zeros.LitigationAfterReconsideration).ToGrid()[3]);
        Assert.Equal(Row("行政事业性收费", "0", "0", "0"), AnnualReportTables.ProactiveDisclosure(zeros.ProactiveDisclosure).ToGrid()[13]);
        Assert.Equal("2025年，本机关未收取政府信息公开信息处理费。", zeros.OtherMatters.Text);
        Assert.DoesNotContain(zeros.Warnings, w => w.Contains("尚未填报") || w.Contains("没有填报"));
    }

    [Fact]
    public void A_block_of_table_four_not_entered_prints_not_entered_beside_entered_blocks()
    {
        var model = Build(AnnualReportSeed.Figures() with { LitigationDirect = null });
        var row = AnnualReportTables.Reviews(model.Reconsideration, model.LitigationDirect, model.LitigationAfterReconsideration).ToGrid()[3];
        Assert.Equal(Row("2", "1", "0", "1", "4", "未填", "未填", "未填", "未填", "未填", "0", "0", "0", "1", "1"), row);
        Assert.Contains(model.Warnings, w => w.Contains("表四未经复议直接起诉"));
    }

    private static AnnualReportFigures CarryingForward(int naturalPersons, int businesses) => new()
    {
        Year = AnnualReportSeed.Year - 1,
        Applications = new Dictionary<ApplicationRow, ApplicantCounts>
        {
            [ApplicationRow.NewThisYear] = new(naturalPersons, businesses, 0, 0, 0, 0),
            [ApplicationRow.CarriedForward] = new(naturalPersons, businesses, 0, 0, 0, 0),
        },
    };

    [Fact]
    public void Carried_over_must_equal_the_previous_report_s_carried_forward_naming_both_figures()
    {
        // Table 三 row 二 (上年结转) is last year's row 四 (结转下年度继续办理): the seed's 2025 row 二 is 自然人 2, 商业企业 1.
        var figures = AnnualReportSeed.Figures();
        Assert.Empty(AnnualReportFiguresValidator.Validate(figures, 2026, CarryingForward(2, 1)));

        var errors = AnnualReportFiguresValidator.Validate(figures, 2026, CarryingForward(3, 1));
        Assert.Equal(["自然人：2025年“二、上年结转政府信息公开申请数量”=2，2024年报告“四、结转下年度继续办理”=3，两者应相等"], errors);

        // The report generated later warns too, in case last year's figures were corrected after this year's were saved.
        var model = AnnualReportBuilder.Build(AnnualReportSeed.Year, AnnualReportSeed.Items(), figures, Catalogue, Calendar, GeneratedAt, CarryingForward(3, 1));
        Assert.Contains(errors[0], model.Warnings);
    }

    [Fact]
    public void Carried_over_is_not_compared_while_last_year_s_table_three_is_not_entered()
    {
        var previous = new AnnualReportFigures { Year = AnnualReportSeed.Year - 1 };
        Assert.Empty(AnnualReportFiguresValidator.Validate(AnnualReportSeed.Figures(), 2026, previous));
    }

    [Fact]
    public void Table_two_reads_the_same_validity_as_the_portal_not_the_stored_statement()
    {
        // Issue 15 (one 有效性): stated 有效, but repealed by an instrument made in 2025 — 废止 on the portal, so 本年废止 and
        // not 现行有效; stated 有效, but its 有效期 ended on 30 June 2025 — 失效 on the portal, so not 现行有效 either.
        DateOnly D(int m, int d) => new(AnnualReportSeed.Year, m, d);
        var stale = AnnualReportSeed.Item("仍标注有效、实已废止的规范性文件", "行政规范性文件", D(2, 1));
        var lapsed = AnnualReportSeed.Item("有效期届满的规范性文件", "行政规范性文件", D(3, 1)) with { ValidUntil = D(6, 30) };
        var running = AnnualReportSeed.Item("有效期未满的规范性文件", "行政规范性文件", D(4, 1)) with { ValidUntil = D(12, 31) };
        var repeal = AnnualReportSeed.Item("废止决定", "行政规范性文件", D(9, 1), relation: Relation.Repeals, relatedId: stale.Id);
        var model = AnnualReportBuilder.Build(AnnualReportSeed.Year, [stale, lapsed, running, repeal], null, Catalogue, Calendar, GeneratedAt);

        Assert.Equal(new RegulationCounts(IssuedThisYear: 3, RepealedThisYear: 1, InForceAtYearEnd: 1), model.ProactiveDisclosure.NormativeDocuments);
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
