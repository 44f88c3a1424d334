using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;

namespace Disclosure.Tests.Compliance;

/// <summary>A link to one item of the review queue opens the page that starts with it; a page continues after a rank and an id.</summary>
public class ReviewQueueRequestTests
{
    [Fact]
    public void A_link_to_an_item_opens_the_page_that_starts_with_it()
        => Assert.Equal("/api/reviews?at=0123456789abcdef0123456789abcdef#item-0123456789abcdef0123456789abcdef",
            ReviewQueueRequest.PageStartingAt("0123456789abcdef0123456789abcdef"));

    [Fact]
    public void Something_that_is_not_an_item_id_opens_the_first_page()
        => Assert.Equal("/api/reviews#item-not-an-item-id", ReviewQueueRequest.PageStartingAt("not-an-item-id"));

    [Fact]
    public void A_rank_with_more_findings_comes_first_and_the_older_check_breaks_a_tie()
    {
        var at = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
        string[] ranked =
        [
            new ReviewRank(0, 0, 0, at).Key, new ReviewRank(1, 0, 1, at).Key, new ReviewRank(0, 2, 2, at).Key,
            new ReviewRank(0, 2, 3, at).Key, new ReviewRank(0, 0, 0, at.AddMinutes(-1)).Key,
        ];
        Assert.Equal([ranked[1], ranked[3], ranked[2], ranked[4], ranked[0]], ranked.Order(StringComparer.Ordinal));
        Assert.All(ranked, key => Assert.Equal(ReviewRank.KeyLength, key.Length));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", false)] // an id alone (the old continuation)
    [InlineData("9999999999990638990000000000000-0123456789abcdef0123456789abcdef", true)]
    [InlineData("999999999999063899000000000000x-0123456789abcdef0123456789abcdef", false)]
    [InlineData("9999999999990638990000000000000-0123456789ABCDEF0123456789abcdef", false)]
    public void A_continuation_is_a_rank_and_an_item_id(string token, bool valid)
        => Assert.Equal(valid, ReviewRank.IsToken(token));

    [Fact]
    public void A_wrong_continuation_or_start_is_named_in_Chinese()
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var (_, problems) = ReviewQueueRequest.Read(name => name switch { "after" => "abc", "at" => "xyz", _ => null }, catalogue);
        Assert.Contains(problems, p => p.Contains("翻页位置（after）", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("起始信息（at）", StringComparison.Ordinal));
    }
}
