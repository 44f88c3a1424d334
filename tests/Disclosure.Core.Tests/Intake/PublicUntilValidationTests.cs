using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>公开时限 at intake: an end date that has passed would leave the item recorded only, so it is refused.</summary>
public class PublicUntilValidationTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });

    // The clock is 2026-11-26 10:00 in Beijing (RuleTestKit.Now).
    private static SubmissionDraft Draft(string until) => new()
    {
        Title = "2026年度科技项目立项公示", Column = "tzgg", Genre = "公示", FormedOn = "2026-11-20", Attribute = "主动公开",
        Term = "限时", PublicUntil = until, Body = "公示期为 2026年11月26日至2026年12月10日。",
    };

    [Fact]
    public async Task An_end_date_before_today_in_China_is_refused_with_a_Chinese_message_naming_the_field()
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (valid, errors) = await validator.ValidateAsync(Draft("2026-11-25"), Clerk, CancellationToken.None);

        Assert.Null(valid);
        var error = Assert.Single(errors);
        Assert.Equal(SubmissionFields.PublicUntil, error.Field);
        Assert.Equal("公开截止日期不能早于今天（2026-11-26）：公开时限已过的信息不会在平台公开。", error.Message);
    }

    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2026-12-10")]
    public async Task An_end_date_of_today_or_later_is_accepted(string until)
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (valid, errors) = await validator.ValidateAsync(Draft(until), Clerk, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), valid!.PublicUntil);
    }

    [Fact]
    public async Task Today_is_the_China_date_not_the_UTC_one()
    {
        // 2026-11-26 23:30 UTC is already 2026-11-27 in Beijing: 2026-11-26 has passed there.
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero)));

        var (valid, errors) = await validator.ValidateAsync(Draft("2026-11-26"), Clerk, CancellationToken.None);

        Assert.Null(valid);
        Assert.Contains(errors, e => e.Field == SubmissionFields.PublicUntil && e.Message.Contains("2026-11-27"));
    }
}
