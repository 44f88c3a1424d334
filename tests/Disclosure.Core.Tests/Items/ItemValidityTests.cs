using Disclosure.Items;

namespace Disclosure.Tests.Items;

/// <summary>
/// One 有效性 for the portal, the catalogue and the annual report (issue 15), derived from the repeal/revision relations
/// and the 有效期 (国办发〔2017〕47号: an amended, repealed or expired document is marked as such on its page).
/// </summary>
public class ItemValidityTests
{
    private static readonly DateOnly Day = new(2026, 3, 16);

    private static DisclosureItem Document(Validity stated = Validity.InForce, DateOnly? validUntil = null) => new()
    {
        Id = "doc",
        IndexNumber = new IndexNumber("113301000024820810", 2024, 1),
        Title = "关于科技项目管理的办法",
        ColumnCode = "zcfg",
        Genre = "行政规范性文件",
        Publisher = "市科学技术局",
        DepartmentCode = "zcfgc",
        FormedOn = new DateOnly(2024, 1, 10),
        Validity = stated,
        ValidUntil = validUntil,
        SubmittedBy = "测试",
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_document_past_its_validity_period_is_expired_whatever_its_statement_says()
    {
        var lapsed = Document(Validity.InForce, validUntil: Day.AddDays(-1));
        Assert.Equal(Validity.Expired, ItemValidity.Derive(lapsed, null, null, Day));
        Assert.True(ItemValidity.StatedInForceButLapsed(lapsed, null, null, Day));
    }

    [Fact]
    public void The_last_day_of_the_validity_period_is_still_in_force()
    {
        var lastDay = Document(Validity.InForce, validUntil: Day);
        Assert.Equal(Validity.InForce, ItemValidity.Derive(lastDay, null, null, Day));
        Assert.False(ItemValidity.PastValidUntil(lastDay, Day));
    }

    [Fact]
    public void A_repeal_instrument_made_by_the_day_wins_over_a_stated_in_force_and_over_a_revision()
    {
        Assert.Equal(Validity.Repealed, ItemValidity.Derive(Document(), repealedOn: Day, amendedOn: Day.AddDays(-10), Day));
        Assert.Equal(Validity.Amended, ItemValidity.Derive(Document(), repealedOn: null, amendedOn: Day.AddDays(-10), Day));
    }

    [Fact]
    public void A_document_repealed_after_the_day_was_in_force_on_it_even_if_stated_repealed()
    {
        // The annual report asks about 31 December; the instrument is dated in January.
        var yearEnd = new DateOnly(2025, 12, 31);
        Assert.Equal(Validity.InForce, ItemValidity.Derive(Document(Validity.Repealed), repealedOn: new DateOnly(2026, 1, 8), null, yearEnd));
    }

    [Theory]
    [InlineData(Validity.Repealed)]
    [InlineData(Validity.Amended)]
    [InlineData(Validity.Expired)]
    public void A_lapsed_statement_with_nothing_in_the_record_to_date_it_is_believed(Validity stated)
    {
        Assert.Equal(stated, ItemValidity.Derive(Document(stated), null, null, Day));
    }

    [Fact]
    public void An_expired_statement_contradicted_by_a_validity_period_still_running_gives_way_to_the_period()
    {
        Assert.Equal(Validity.InForce, ItemValidity.Derive(Document(Validity.Expired, validUntil: Day.AddYears(1)), null, null, Day));
    }

    [Fact]
    public void Without_a_day_relations_count_and_the_validity_period_is_left_out()
    {
        Assert.Equal(Validity.Repealed, ItemValidity.Derive(Document(), repealedOn: Day.AddYears(5), null, asOf: null));
        Assert.Equal(Validity.InForce, ItemValidity.Derive(Document(validUntil: Day.AddYears(-1)), null, null, asOf: null));
    }

    [Fact]
    public void A_statement_this_build_does_not_know_is_not_read_as_in_force()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemValidity.Derive(Document((Validity)99), null, null, Day));
    }
}
