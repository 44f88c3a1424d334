using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// 施行日期 and 有效期 of a 行政规范性文件 at intake (issue 15): optional real dates, in the order a document has them, and
/// never a document stated 有效 whose 有效期 has already ended (国办发〔2017〕47号: an expired document is marked 失效).
/// </summary>
public class ValidityPeriodValidationTests
{
    private static readonly Principal Clerk = new("李处长", "zcfgc", new HashSet<string> { Role.Submitter });

    // The clock is 2026-11-26 10:00 in Beijing (RuleTestKit.Now).
    private static SubmissionDraft Draft(string? effectiveFrom, string? validUntil, string validity = "有效") => new()
    {
        Title = "市科学技术局关于科技计划项目管理的办法", Column = "zcfg", Genre = "行政规范性文件", FormedOn = "2026-11-20",
        DocumentNumber = "市科发〔2026〕12号", Attribute = "主动公开", Validity = validity,
        EffectiveFrom = effectiveFrom, ValidUntil = validUntil, Body = "第一条 为规范科技计划项目管理，制定本办法。",
    };

    private static Task<(ValidSubmission? Valid, IReadOnlyList<FieldError> Errors)> ValidateAsync(SubmissionDraft draft) =>
        new SubmissionValidator(Settings, new InMemoryItems(), Clock()).ValidateAsync(draft, Clerk, CancellationToken.None);

    [Fact]
    public async Task Both_dates_are_kept_on_the_submission()
    {
        var (valid, errors) = await ValidateAsync(Draft("2027-01-01", "2031-12-31"));
        Assert.Empty(errors);
        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2031, 12, 31)), (valid!.EffectiveFrom, valid.ValidUntil));
    }

    [Fact]
    public async Task Neither_date_is_required()
    {
        var (valid, errors) = await ValidateAsync(Draft(null, ""));
        Assert.Empty(errors);
        Assert.Null(valid!.EffectiveFrom);
        Assert.Null(valid.ValidUntil);
    }

    [Theory]
    [InlineData("2026-11-19", null, SubmissionFields.EffectiveFrom, "施行日期不能早于成文日期。")]
    [InlineData("2027-01-01", "2026-12-31", SubmissionFields.ValidUntil, "有效期截止日期不能早于施行日期。")]
    [InlineData(null, "2026-11-19", SubmissionFields.ValidUntil, "有效期截止日期不能早于成文日期。")]
    [InlineData("2027.01.01", null, SubmissionFields.EffectiveFrom, "施行日期格式应为 YYYY-MM-DD，例如 2026-03-15。")]
    public async Task Dates_out_of_order_or_malformed_are_refused_naming_the_field(string? from, string? until, string field, string message)
    {
        var (valid, errors) = await ValidateAsync(Draft(from, until));
        Assert.Null(valid);
        Assert.Equal(new FieldError(field, message), Assert.Single(errors));
    }

    [Fact]
    public async Task A_document_whose_validity_period_has_ended_cannot_be_stated_in_force()
    {
        var draft = Draft(null, "2026-11-25") with { FormedOn = "2021-11-20" };
        var (_, errors) = await ValidateAsync(draft);
        Assert.Equal(new FieldError(SubmissionFields.ValidUntil, "有效期已于 2026-11-25 届满，有效性不能填“有效”：请填“失效”，或核对有效期。"), Assert.Single(errors));

        var (valid, none) = await ValidateAsync(draft with { Validity = "失效" });
        Assert.Empty(none);
        Assert.NotNull(valid);
    }

    [Fact]
    public async Task An_over_long_date_is_refused_before_it_is_parsed()
    {
        var (_, errors) = await ValidateAsync(Draft(new string('1', 40), null));
        Assert.Contains(errors, e => e.Field == SubmissionFields.EffectiveFrom);
    }
}
