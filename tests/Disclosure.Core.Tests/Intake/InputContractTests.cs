using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Tests.Compliance.Flow;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Intake;

/// <summary>
/// Every text field has a length limit and a character policy. A title with U+0001 once passed intake and then made the
/// Atom writer throw on every publication run; a 文号 of 40,000 characters passed and the item's row was too big for
/// Table Storage (500).
/// </summary>
public class InputContractTests
{
    private static readonly Principal Clerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter });

    private static SubmissionDraft Draft() => new()
    {
        Title = "关于开展科技项目申报工作的通知", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
        Body = "现将有关事项通知如下。",
    };

    private static Task<(ValidSubmission? Valid, IReadOnlyList<FieldError> Errors)> Validate(SubmissionDraft draft)
        => new SubmissionValidator(Settings, new InMemoryItems(), Clock()).ValidateAsync(draft, Clerk, CancellationToken.None);

    public static TheoryData<string, string> MetadataFields() => new()
    {
        { SubmissionFields.Title, "标题" }, { SubmissionFields.Publisher, "发布机构" }, { SubmissionFields.DocumentNumber, "文号" },
        { SubmissionFields.Keywords, "主题词" }, { SubmissionFields.Summary, "内容概述" }, { SubmissionFields.Genre, "体裁" },
        { SubmissionFields.RelatedItem, "关联信息" },
    };

    private static SubmissionDraft With(string field, string value) => field switch
    {
        SubmissionFields.Title => Draft() with { Title = value },
        SubmissionFields.Publisher => Draft() with { Publisher = value },
        SubmissionFields.DocumentNumber => Draft() with { DocumentNumber = value },
        SubmissionFields.Keywords => Draft() with { Keywords = value },
        SubmissionFields.Summary => Draft() with { Summary = value },
        SubmissionFields.Genre => Draft() with { Genre = value },
        SubmissionFields.RelatedItem => Draft() with { Relation = "修订", RelatedItem = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [MemberData(nameof(MetadataFields))]
    public async Task A_control_character_in_metadata_is_refused_naming_the_field_in_Chinese(string field, string label)
    {
        foreach (var bad in new[] { "\u0001", "\u001B", "\u007F", "\u0085", "\uD800", "\uFFFF", "\u202E" })
        {
            var (valid, errors) = await Validate(With(field, "科技" + bad + "项目"));

            Assert.Null(valid);
            var error = Assert.Single(errors, e => e.Field == field);
            Assert.StartsWith(label + "含有不允许的控制字符", error.Message);
        }
    }

    [Fact]
    public async Task Tab_and_newline_are_allowed_in_metadata()
    {
        var (valid, errors) = await Validate(Draft() with { Title = "关于开展科技项目\t申报工作的通知", Summary = "第一行\r\n第二行" });

        Assert.True(valid is not null, string.Join("；", errors.Select(e => e.Message)));
        Assert.Equal("第一行\n第二行", valid.Summary);
    }

    [Fact]
    public async Task A_document_number_too_long_for_storage_is_refused_before_its_pattern_runs()
    {
        var (valid, errors) = await Validate(Draft() with { DocumentNumber = new string('科', 40_000) + "〔2026〕1号" });

        Assert.Null(valid);
        Assert.Equal("文号不能超过 100 个字。", Assert.Single(errors, e => e.Field == SubmissionFields.DocumentNumber).Message);
    }

    [Fact]
    public async Task Every_metadata_field_has_a_length_limit()
    {
        var huge = new string('a', 10_000);
        var draft = new SubmissionDraft
        {
            Title = huge, Column = huge, Genre = huge, Publisher = huge, Department = huge, DocumentNumber = huge, FormedOn = huge,
            Attribute = huge, Scope = huge, Term = huge, PublicUntil = huge, Validity = huge, Keywords = huge, Summary = huge,
            BodyFormat = huge, Relation = huge, RelatedItem = huge, Body = "正文",
        };

        var (_, errors) = await Validate(draft);

        var fields = new[]
        {
            SubmissionFields.Title, SubmissionFields.Column, SubmissionFields.Genre, SubmissionFields.Publisher, SubmissionFields.DocumentNumber,
            SubmissionFields.FormedOn, SubmissionFields.Attribute, SubmissionFields.Scope, SubmissionFields.Term, SubmissionFields.Validity,
            SubmissionFields.Keywords, SubmissionFields.Summary, SubmissionFields.BodyFormat, SubmissionFields.Relation,
        };
        foreach (var field in fields) Assert.Contains(errors, e => e.Field == field);
        Assert.DoesNotContain(errors, e => e.Message.Contains(huge[..200], StringComparison.Ordinal)); // nothing echoes it back
    }

    [Fact]
    public async Task A_body_is_normalised_not_refused()
    {
        var (valid, errors) = await Validate(Draft() with { Body = "第一段\u0001\r\n第二段\r第三段\u0000\uD800\tcafe\u0301" });

        Assert.True(valid is not null, string.Join("；", errors.Select(e => e.Message)));
        Assert.Equal("第一段\n第二段\n第三段\tcafé", valid.Body);
    }

    [Fact]
    public async Task A_review_reason_has_a_length_limit_and_is_normalised()
    {
        var h = new FlowHarness();
        var submitted = h.Submit("联系电话13800138000。");
        await h.Review().CheckAsync(new CheckRequest(submitted.Id, submitted.Version), CancellationToken.None);
        var item = (await h.Items.GetAsync(submitted.Id))!.Item;
        var reviewer = new Principal("李审核", null, new HashSet<string> { Role.Reviewer });

        var tooLong = await h.Reviews.DecideAsync(reviewer, item.Id, false, new string('因', 1001), item.Version);
        var decided = await h.Reviews.DecideAsync(reviewer, item.Id, false, "含个人\u0001手机号码", item.Version);

        Assert.Equal("reason", Assert.IsType<ReviewResult.Invalid>(tooLong).Field);
        Assert.IsType<ReviewResult.Decided>(decided);
        Assert.Equal("含个人手机号码", h.Items.AuditOf(item.Id)[^1].Details["不予公开理由"]);
    }
}
