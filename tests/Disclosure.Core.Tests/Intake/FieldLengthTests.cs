using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// Fields stored in the item row must stay well inside Azure Tables' 64 KiB property limit: the fuzzer found that a
/// 发布机构 or a 主题词 of 60,000 characters made the store fail with a 500.
/// </summary>
public class FieldLengthTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });

    private static SubmissionDraft Draft() => new()
    {
        Title = "关于开展科技项目申报工作的通知", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
        Body = "现将有关事项通知如下。",
    };

    [Fact]
    public async Task A_publisher_longer_than_100_characters_is_refused_and_one_of_100_is_accepted()
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (tooLong, errors) = await validator.ValidateAsync(Draft() with { Publisher = new string('机', 101) }, Clerk, CancellationToken.None);
        var (justRight, _) = await validator.ValidateAsync(Draft() with { Publisher = new string('机', 100) }, Clerk, CancellationToken.None);

        Assert.Null(tooLong);
        Assert.Contains(errors, e => e.Field == SubmissionFields.Publisher && e.Message.Contains("100"));
        Assert.NotNull(justRight);
    }

    [Fact]
    public async Task A_keyword_longer_than_40_characters_is_refused()
    {
        var validator = new SubmissionValidator(Settings, new InMemoryItems(), Clock());

        var (valid, errors) = await validator.ValidateAsync(Draft() with { Keywords = "科技 " + new string('词', 60_000) }, Clerk, CancellationToken.None);

        Assert.Null(valid);
        Assert.Contains(errors, e => e.Field == SubmissionFields.Keywords && e.Message.Contains("40"));
    }
}
