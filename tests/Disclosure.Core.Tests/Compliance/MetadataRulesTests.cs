using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Compliance;

public class MetadataRulesTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    /// <summary>The items already registered, looked up by id as storage would.</summary>
    private sealed class RegisteredItems(params DisclosureItem[] items) : IItemDirectory
    {
        public Task<ItemReference?> FindAsync(string itemId, CancellationToken cancellationToken)
            => Task.FromResult(items.Where(i => i.Id == itemId).Select(i => new ItemReference(i.Id, i.Title, i.ColumnCode, i.State, i.DepartmentCode)).FirstOrDefault());
    }

    private static readonly DisclosureItem Policy = Item(i => i with
    {
        Id = "policy-1", Title = "市科技计划项目管理办法", ColumnCode = "zcfg", Genre = "行政规范性文件", State = ItemState.Published,
    });

    private static readonly DisclosureItem Interpretation = Item(i => i with
    {
        Id = "jd-1", Title = "《市科技计划项目管理办法》政策解读", ColumnCode = "zcjd", Genre = "解读", DocumentNumber = null,
        Relation = Relation.Interprets, RelatedItemId = "policy-1", State = ItemState.Published,
    });

    private static Task<IReadOnlyList<ComplianceFinding>> Check(DisclosureItem item, params DisclosureItem[] registered)
        => new MetadataRules(Settings, Calendar, Clock(), new RegisteredItems([Policy, Interpretation, .. registered]))
            .CheckAsync(item, CancellationToken.None);

    [Fact]
    public async Task Well_formed_item_on_time_has_no_findings()
        => Assert.Empty(await Check(Item()));

    [Theory]
    [InlineData("市科发[2026]12号", "六角括号")]
    [InlineData("市科发(2026)12号", "六角括号")]
    [InlineData("市科发（2026）12号", "六角括号")]
    [InlineData("市科发【2026】12号", "六角括号")]
    [InlineData("市科发〔2026〕012号", "前导0")]
    [InlineData("市科发〔2026〕第12号", "第")]
    [InlineData("市科发2026年12号", "格式")]
    [InlineData("〔2026〕12号", "格式")]
    [InlineData("市科发〔2025〕12号", "年份")]
    public async Task Document_number_that_departs_from_GB_T_9704_is_a_warning(string number, string named)
    {
        var finding = Single(await Check(Item(i => i with { DocumentNumber = number })), RuleIds.DocumentNumber);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal(MetadataRules.DocumentNumberSource, finding.Source);
        Assert.Equal(number, finding.MaskedExcerpt);
        Assert.Contains(named, finding.Message);
    }

    [Theory]
    [InlineData("市科发〔2026〕12号")]
    [InlineData("国办发〔2026〕1号")]
    [InlineData("市科发〔２０２６〕１２号")]
    [InlineData(null)]
    [InlineData("")]
    public async Task Document_number_in_the_standard_form_or_absent_is_accepted(string? number)
        => Assert.DoesNotContain(await Check(Item(i => i with { DocumentNumber = number })), f => f.RuleId == RuleIds.DocumentNumber);

    [Fact]
    public async Task Formed_date_in_the_future_blocks()
    {
        var finding = Single(await Check(Item(i => i with { FormedOn = new DateOnly(2026, 11, 27) })), RuleIds.FormedInFuture);
        Assert.Equal(Severity.Block, finding.Severity);
    }

    [Fact]
    public async Task Formed_date_today_in_China_is_not_in_the_future_even_while_it_is_still_yesterday_in_UTC()
    {
        // 2026-11-26 07:00 in Beijing is 2026-11-25 23:00 UTC.
        var rules = new MetadataRules(Settings, Calendar, Clock(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero)), new RegisteredItems());
        var findings = await rules.CheckAsync(Item(i => i with { FormedOn = new DateOnly(2026, 11, 26) }), CancellationToken.None);
        Assert.DoesNotContain(findings, f => f.RuleId == RuleIds.FormedInFuture);
    }

    [Fact]
    public async Task Formed_date_after_the_publication_date_blocks()
    {
        var item = Item(i => i with { FormedOn = new DateOnly(2026, 11, 20), PublishedOn = new DateOnly(2026, 11, 19) });
        Assert.Equal(Severity.Block, Single(await Check(item), RuleIds.FormedAfterPublished).Severity);
    }

    [Fact]
    public async Task Unknown_column_blocks()
        => Assert.Equal(Severity.Block, Single(await Check(Item(i => i with { ColumnCode = "xxxx" })), RuleIds.UnknownColumn).Severity);

    [Fact]
    public async Task Interpretation_linked_to_an_existing_policy_has_no_findings()
        => Assert.Empty(await Check(Interpretation with { Id = "jd-2" }));

    [Fact]
    public async Task Interpretation_without_a_linked_policy_blocks()
    {
        var finding = Single(await Check(Interpretation with { Id = "jd-2", Relation = Relation.None, RelatedItemId = null }), RuleIds.RelationRequired);
        Assert.Equal(Severity.Block, finding.Severity);
        Assert.Contains("政策解读", finding.Message);
    }

    [Fact]
    public async Task Interpretation_linked_to_an_item_that_does_not_exist_blocks()
        => Assert.Equal(Severity.Block, Single(await Check(Interpretation with { Id = "jd-2", RelatedItemId = "policy-9" }), RuleIds.RelatedItemMissing).Severity);

    [Fact]
    public async Task Interpretation_of_another_interpretation_or_of_a_withdrawn_policy_needs_review()
    {
        var ofInterpretation = await Check(Interpretation with { Id = "jd-2", RelatedItemId = "jd-1" });
        Assert.Equal(Severity.Review, Single(ofInterpretation, RuleIds.RelatedItemUnsuitable).Severity);
        var withdrawn = Policy with { Id = "policy-2", State = ItemState.Withdrawn };
        var ofWithdrawn = await Check(Interpretation with { Id = "jd-2", RelatedItemId = "policy-2" }, withdrawn);
        Assert.Contains("已撤回", Single(ofWithdrawn, RuleIds.RelatedItemUnsuitable).Message);
    }

    [Fact]
    public async Task Amendment_or_repeal_must_name_the_original_and_not_itself()
    {
        var unnamed = await Check(Item(i => i with { Relation = Relation.Amends, RelatedItemId = null }));
        Assert.Equal(Severity.Block, Single(unnamed, RuleIds.RelationRequired).Severity);
        var itself = await Check(Item(i => i with { Relation = Relation.Repeals, RelatedItemId = "item-1" }));
        Assert.Equal(Severity.Block, Single(itself, RuleIds.RelatedItemUnsuitable).Severity);
        Assert.Empty(await Check(Item(i => i with { Relation = Relation.Repeals, RelatedItemId = "policy-1" })));
    }

    [Theory]
    [InlineData(Relation.Repeals)]
    [InlineData(Relation.Amends)]
    [InlineData(Relation.Interprets)]
    public async Task A_relation_to_another_departments_item_always_goes_to_a_reviewer(Relation relation)
    {
        var othersPolicy = Policy with { Id = "policy-kjc", DepartmentCode = Policy.DepartmentCode + "-other" };
        var findings = await Check(Item(i => i with { Relation = relation, RelatedItemId = "policy-kjc" }), othersPolicy);

        var finding = Single(findings, RuleIds.RelatedItemOfOtherDepartment);
        Assert.Contains(relation.ToChinese(), finding.Message);
        Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide(findings, Settings.FindColumn("tzgg")));
        // Whatever a finding's severity says, the decision sends such an item to a person.
        Assert.Equal(ReviewDecision.NeedsReview, ReviewOutcome.Decide([finding with { Severity = Severity.Info }], null));
    }
}
