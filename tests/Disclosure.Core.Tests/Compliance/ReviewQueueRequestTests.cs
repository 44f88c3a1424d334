using Disclosure.Compliance;

namespace Disclosure.Tests.Compliance;

/// <summary>A link to one item of the review queue opens the page that continues after the id just below the item's.</summary>
public class ReviewQueueRequestTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdee")]
    [InlineData("0123456789abcdef0123456789abcda0", "0123456789abcdef0123456789abcd9f")]
    [InlineData("0123456789abcdef0123456789ab1000", "0123456789abcdef0123456789ab0fff")]
    public void The_page_continues_after_the_id_just_below_the_item(string id, string before)
        => Assert.Equal($"/api/reviews?after={before}#item-{id}", ReviewQueueRequest.PageStartingAt(id));

    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("not-an-item-id")]
    public void Without_an_id_below_it_the_link_opens_the_first_page(string id)
        => Assert.Equal($"/api/reviews#item-{Uri.EscapeDataString(id)}", ReviewQueueRequest.PageStartingAt(id));
}
