using Disclosure.Catalogue;

namespace Disclosure.Items;

/// <summary>
/// A reposted document (转发): one the agency publishes but did not issue — marked 转发 at submission, or whose 发布机构 is
/// not the agency (a jointly issued document names the agency among its issuers and is the agency's own). The one
/// definition the deadlines, the portal and the annual report use.
/// </summary>
public static class Reposting
{
    public const string Label = "转发";

    public static bool IsReposted(DisclosureItem item, Agency agency)
        => item.Reposted || !IsIssuedBy(item.Publisher, agency);

    private static bool IsIssuedBy(string publisher, Agency agency)
        => string.IsNullOrWhiteSpace(publisher) || publisher.Contains(agency.Name, StringComparison.Ordinal);
}
