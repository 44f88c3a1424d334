namespace Disclosure.Items;

/// <summary>
/// An item's place in the review queue, from what its check found: blocks first, then reviews, then the number of
/// findings, then the oldest check. The check keeps it on the item when the item comes to wait for a person
/// (<see cref="DisclosureItem.ReviewRank"/>, from <c>ComplianceRecord.Rank</c>), so the whole queue is ranked from the waiting items' rows alone and a
/// page reads in full only the items it shows.
/// </summary>
public sealed record ReviewRank(int Blocks, int Reviews, int Findings, DateTimeOffset CheckedAt)
{
    private const int Most = 9999;

    /// <summary>
    /// The rank as text whose ordinal order is the queue's: counts taken from 9999 (more findings come first), then the
    /// check's time in ticks. 31 digits.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Most - Math.Clamp(Blocks, 0, Most):D4}{Most - Math.Clamp(Reviews, 0, Most):D4}{Most - Math.Clamp(Findings, 0, Most):D4}{CheckedAt.UtcTicks:D19}");

    public const int KeyLength = 31;

    /// <summary>A page's continuation in the queue: the rank key and the id of the last item shown (“key-id”).</summary>
    public static string Token(string key, string itemId) => key + "-" + itemId;

    /// <summary>Whether <paramref name="token"/> has the shape of <see cref="Token"/>: 31 digits, a hyphen, an item id.</summary>
    public static bool IsToken(string token)
        => token.Length > KeyLength + 1 && token[KeyLength] == '-'
           && !token.AsSpan(0, KeyLength).ContainsAnyExceptInRange('0', '9') && ItemListRequest.IsItemId(token[(KeyLength + 1)..]);
}
