using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>批复日期, 决定日期, 公示开始日期, 转发 and 收到日期: the dates the deadline rules count from, checked at intake.</summary>
public class DeadlineDatesValidationTests
{
    private static readonly Principal Clerk = new("钱会计", "cwc", new HashSet<string> { Role.Submitter });

    // The clock is 2026-11-26 10:00 in Beijing (RuleTestKit.Now).
    private static SubmissionDraft Draft(Func<SubmissionDraft, SubmissionDraft> change) => change(new()
    {
        Title = "2026年部门预算", Column = "czzj", Genre = "预算", FormedOn = "2026-02-06", Attribute = "主动公开", Body = "预算说明。",
    });

    private static Task<(ValidSubmission? Valid, IReadOnlyList<FieldError> Errors)> Validate(SubmissionDraft draft)
        => new SubmissionValidator(Settings, new InMemoryItems(), Clock()).ValidateAsync(draft, Clerk, CancellationToken.None);

    [Fact]
    public async Task Approval_and_decision_dates_are_kept_for_the_deadline_rules()
    {
        var (valid, errors) = await Validate(Draft(d => d with { ApprovedOn = "2026-02-06", DecidedOn = "2026年3月1日", NoticeStartsOn = "2026-12-01" }));
        Assert.Empty(errors);
        Assert.Equal(new DeadlineDates(new DateOnly(2026, 2, 6), new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 1)), valid!.Dates);
    }

    [Theory]
    [InlineData(SubmissionFields.ApprovedOn, "2026-13-01", "批复日期格式应为 YYYY-MM-DD")]
    [InlineData(SubmissionFields.ApprovedOn, "2026-11-27", "批复日期不能晚于今天")]
    [InlineData(SubmissionFields.DecidedOn, "明天", "决定日期格式应为 YYYY-MM-DD")]
    [InlineData(SubmissionFields.NoticeStartsOn, "x", "公示开始日期格式应为 YYYY-MM-DD")]
    [InlineData(SubmissionFields.Reposted, "也许", "“转发”只能填是或否")]
    public async Task A_bad_date_or_choice_is_refused_in_Chinese_naming_its_field(string field, string value, string message)
    {
        var draft = field switch
        {
            SubmissionFields.ApprovedOn => Draft(d => d with { ApprovedOn = value }),
            SubmissionFields.DecidedOn => Draft(d => d with { DecidedOn = value }),
            SubmissionFields.NoticeStartsOn => Draft(d => d with { NoticeStartsOn = value }),
            _ => Draft(d => d with { Reposted = value }),
        };
        var (valid, errors) = await Validate(draft);
        Assert.Null(valid);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_reposted_document_needs_the_day_it_was_received_Art_26_counts_from_it()
    {
        var (_, errors) = await Validate(Draft(d => d with { Column = "zcfg", Genre = "行政规范性文件", Publisher = "省科学技术厅", Reposted = "是" }));
        Assert.Equal(SubmissionFields.ReceivedOn, Assert.Single(errors).Field);

        var (_, early) = await Validate(Draft(d => d with { Column = "zcfg", Genre = "行政规范性文件", Reposted = "是", ReceivedOn = "2026-02-01" }));
        Assert.Equal("收到日期不能早于成文日期。", Assert.Single(early).Message);

        var (valid, ok) = await Validate(Draft(d => d with { Column = "zcfg", Genre = "行政规范性文件", Reposted = "true", ReceivedOn = "2026-03-02" }));
        Assert.Empty(ok);
        Assert.Equal((true, new DateOnly(2026, 3, 2)), (valid!.Dates.Reposted, valid.Dates.ReceivedOn));
    }

    [Fact]
    public async Task A_date_field_over_its_length_limit_is_refused_before_any_other_rule()
    {
        var (valid, errors) = await Validate(Draft(d => d with { ReceivedOn = new string('1', 33) }));
        Assert.Null(valid);
        Assert.Equal(SubmissionFields.ReceivedOn, Assert.Single(errors).Field);
    }

    [Fact]
    public void The_status_page_shows_the_deadline_dates_that_were_given_and_no_others()
    {
        var item = Item(i => i with { Reposted = true, ReceivedOn = new DateOnly(2026, 3, 2) });
        var rows = Disclosure.Workbench.SubmissionStatusModel.MetadataOf(Settings, item).ToDictionary(r => r.Label, r => r.Value);
        Assert.Equal(("是", "2026-03-02"), (rows["转发"], rows["收到日期"]));
        Assert.False(rows.ContainsKey("批复日期"));
    }
}
