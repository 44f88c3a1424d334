using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Inspection;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Items;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Inspection;

/// <summary>
/// 条例第十七条: the annual report's and the self-inspection's review statement is computed from the audit trail, and says
/// so when not every publication was reviewed by a person.
/// </summary>
public class ReviewStatementTests
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 12, 31);
    private static readonly DateTimeOffset At = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static AuditEntry Entry(string itemId, string action, ItemState to, string actorId, string actor, int minutes, params (string Key, string Value)[] details) => new()
    {
        ItemId = itemId, EventId = $"{itemId}-{action}-{minutes}", At = At.AddMinutes(minutes), ActorId = actorId, Actor = actor,
        Action = action, To = to, Version = 1, Details = details.ToDictionary(d => d.Key, d => d.Value),
    };

    private static ItemHistory History(string id, string column, string genre, params AuditEntry[] trail)
        => new([Item(i => i with { Id = id, ColumnCode = column, Genre = genre, State = ItemState.Published })], trail);

    /// <summary>Submitted with the head's attestation, each named step signed by a person, then published.</summary>
    private static ItemHistory Reviewed(string id, string column = "tzgg", string genre = "通知", params string[] steps)
    {
        var trail = new List<AuditEntry> { Entry(id, AuditAction.Submitted, ItemState.Submitted, "oid-wang", "王科员", 0, ("处室负责人初审", "由报送人王科员在报送时确认已经处室负责人审核")) };
        for (var n = 0; n < steps.Length; n++)
            trail.Add(Entry(id, n == steps.Length - 1 ? AuditAction.ReviewApproved : AuditAction.ReviewStepSigned,
                n == steps.Length - 1 ? ItemState.ReadyToPublish : ItemState.AwaitingReview, $"oid-r{n}", $"审核人{n}", 10 + n, (ComplianceTexts.RecordStep, steps[n])));
        trail.Add(Entry(id, AuditAction.Published, ItemState.Published, "system:publication", "系统（发布）", 60));
        return History(id, column, genre, [.. trail]);
    }

    [Fact]
    public void Art17_every_publication_signed_by_people_is_said_to_be_reviewed()
    {
        var statement = ReviewStatement.Compute([Reviewed("a", steps: "公开办复审"), Reviewed("b", "zcfg", "行政规范性文件", "公开办复审", "分管领导终审")], Settings, From, To);

        Assert.Equal((2, 2, 0, 0), (statement.Published, statement.SignedByPeople, statement.AutomatedOnlyCount, statement.NotFullyReviewed));
        Assert.Equal("2026年发布的2条政府信息均按审核流程经人员逐级签署（含保密审查）后发布。", statement.Text("2026年"));
    }

    [Fact]
    public void Art17_publications_without_every_step_or_after_the_check_alone_are_counted_and_named()
    {
        var missingLeader = Reviewed("c", "zcfg", "行政规范性文件", "公开办复审");
        var automated = History("d", "tzgg", "通知",
            Entry("d", AuditAction.Checked, ItemState.ReadyToPublish, "system:compliance-checks", "系统（发布前检查）", 5,
                (ComplianceTexts.AutomatedPublication, "管理员赵管理于2026-11-02准许本栏目仅经自动检查后发布，理由：转载上级通知")),
            Entry("d", AuditAction.Published, ItemState.Published, "system:publication", "系统（发布）", 60));
        var sample = History("e", "gzdt", "动态",
            Entry("e", AuditAction.ReviewApproved, ItemState.ReadyToPublish, "system:sample-data", "系统（示例数据）", 5),
            Entry("e", AuditAction.Published, ItemState.Published, "system:publication", "系统（发布）", 60));
        var lastYear = History("f", "tzgg", "通知", Entry("f", AuditAction.Published, ItemState.Published, "system:publication", "系统（发布）", -60 * 24 * 200));

        var statement = ReviewStatement.Compute([Reviewed("a", steps: "公开办复审"), missingLeader, automated, sample, lastYear], Settings, From, To);

        Assert.Equal((4, 1, 1, 2), (statement.Published, statement.SignedByPeople, statement.AutomatedOnlyCount, statement.NotFullyReviewed));
        var text = statement.Text("2026年");
        Assert.DoesNotContain("均", text);
        Assert.Contains("共发布政府信息4条，其中1条按审核流程经人员逐级签署", text);
        Assert.Contains("1条经管理员准许仅经自动检查后发布、未经人工审查（“通知公告”栏目1条，管理员赵管理于2026-11-02准许本栏目仅经自动检查后发布，理由：转载上级通知）", text);
        Assert.Contains("2条发布前未经审核流程全部步骤的人员签署", text);
    }

    [Fact]
    public void Art17_the_annual_reports_management_section_states_the_computed_review_and_claims_nothing_without_it()
    {
        var calendar = Disclosure.Calendar.WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        var statement = ReviewStatement.Compute([Reviewed("c", "zcfg", "行政规范性文件", "公开办复审")], Settings, From, To);

        var with = AnnualReportBuilder.Build(2026, [], null, Settings, calendar, At, review: statement);
        var without = AnnualReportBuilder.Build(2026, [], null, Settings, calendar, At);

        var management = with.Overview.Single(s => s.Heading == AnnualReportText.Section1Management).Text;
        Assert.StartsWith("2026年共发布政府信息1条，其中0条按审核流程经人员逐级签署", management);
        Assert.DoesNotContain("均经公开前审查", without.Overview.Single(s => s.Heading == AnnualReportText.Section1Management).Text);
    }

    [Fact]
    public async Task Art17_the_self_inspection_lists_columns_published_after_the_check_alone_and_deducts_for_unreviewed_publications()
    {
        var exempt = FlowHarness.ExemptCatalogue("tzgg");
        var analysis = new SelfInspectionAnalysis(exempt, SelfInspectionSeed.Days, new SelfInspectionOptions());
        var statement = ReviewStatement.Compute([Reviewed("c", "zcfg", "行政规范性文件", "公开办复审")], exempt, From, To);

        var report = analysis.Analyse(SelfInspectionSeed.Inputs(SelfInspectionSeed.EveryColumnFresh()) with { Review = statement });

        var permission = Assert.Single(report.AutomatedPublication);
        Assert.Equal(("通知公告", "赵管理", "仅转载上级已公开的通知，经局务会同意"), (permission.Column, permission.SetBy, permission.Reason));
        Assert.Contains(report.Risks, r => r.Level == RiskLevel.Notice && r.Description.Contains("“通知公告”栏目经管理员赵管理于2026年11月2日准许仅经自动检查后发布"));
        Assert.Contains(report.Risks, r => r.Level == RiskLevel.Deduction && r.Description.StartsWith("1条信息发布前未经审核流程全部步骤的人员签署"));
        Assert.Equal((1, 0, 1), (report.Review!.Published, report.Review.SignedByPeople, report.Review.NotFullyReviewed));
        var html = SelfInspectionHtml.Render(report);
        Assert.Contains("经管理员准许仅经自动检查后发布的栏目", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains(report.Review.Statement, System.Net.WebUtility.HtmlDecode(html));
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["report.html"] = html }));
    }
}
