namespace Disclosure.Items;

/// <summary>
/// What the portal shows of an item: copies made for rendering a page or a notice, never stored. A stored item's state
/// is changed by <see cref="ItemLifecycle"/> alone.
/// </summary>
public static class PublicCopy
{
    /// <summary>
    /// The version as the portal shows it: published on the item's 发布日期, whatever is happening to later versions. A
    /// version that is such a copy already is returned as it is, so the copies a run takes from the manifest stay the same
    /// objects from run to run (the portal snapshot orders only what is new by reference, see <see cref="Disclosure.Publishing.PortalSnapshot"/>).
    /// </summary>
    public static DisclosureItem Published(DisclosureItem version, DateOnly publishedOn, int publishedVersion) =>
        IsPublishedCopy(version, publishedOn, publishedVersion) ? version : version with
    {
        State = ItemState.Published,
        PublishedOn = publishedOn,
        PublishedVersion = publishedVersion,
        WithdrawalRequested = false,
        WithdrawalReason = null,
        ReviewRank = null,
    };

    private static bool IsPublishedCopy(DisclosureItem version, DateOnly publishedOn, int publishedVersion) =>
        version.State == ItemState.Published && version.PublishedOn == publishedOn && version.PublishedVersion == publishedVersion
        && !version.WithdrawalRequested && version.WithdrawalReason is null && version.ReviewRank is null;

    /// <summary>The shown version as its 已撤回 notice names it.</summary>
    public static DisclosureItem Withdrawn(DisclosureItem shown) => shown with { State = ItemState.Withdrawn };
}
