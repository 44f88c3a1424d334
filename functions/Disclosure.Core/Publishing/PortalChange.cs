using Disclosure.Items;

namespace Disclosure.Publishing;

/// <summary>
/// One item published, republished (a corrected version) or withdrawn. The <see cref="PortalSnapshot"/> passed with it
/// is the state after the change; <see cref="PreviousVersion"/> is the version that was on the portal before, if any,
/// so that pages it used to appear on (another column, another date) are rendered again too.
/// </summary>
public sealed record PortalChange(string ItemId, DisclosureItem? PreviousVersion = null);
