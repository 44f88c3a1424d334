namespace Disclosure.Publishing;

// What the templates see. Every member is a plain string, number, bool or list of these views, so a template can
// only print values (encoded) and never reach a domain object. Dates are already formatted (yyyy-MM-dd).

internal sealed record LinkView(string Href, string Text);

internal sealed record AgencyView(
    string Name, string OfficeName, string Address, string OfficeHours, string Phone, string Fax, string Email, string PostalCode)
{
    /// <summary>The public application form (依申请公开); empty: the guide names the channel without a link.</summary>
    public string ApplicationFormUrl { get; init; } = "";
}

internal sealed record ColumnLinkView(
    string Code, string Name, string Href, string Description, string CatalogueHref, bool IsSubColumn, IReadOnlyList<LinkView> Children)
{
    /// <summary>The column's Atom feed.</summary>
    public string FeedHref => SiteUrls.ColumnFeed(Code);
}

internal sealed record SiteView(
    string Title,
    AgencyView Agency,
    string StylesHref,
    string PrintStylesHref,
    string ScriptHref,
    string IconHref,
    string FeedHref,
    string SearchFormAction,
    IReadOnlyList<LinkView> Nav,
    IReadOnlyList<ColumnLinkView> Columns,
    FooterView Footer);

/// <summary>
/// The footer's identifiers (国办发〔2017〕47号). Each is empty (or null) when not configured, and the layout then prints
/// nothing for it: the self-inspection names what is missing instead of the page showing an empty label.
/// </summary>
internal sealed record FooterView(
    string Sponsor,
    LinkView? SiteMark,
    string SiteMarkImage,
    string SiteIdentificationCode,
    LinkView? Icp,
    string PublicSecurityNumber,
    string PublicSecurityHref,
    LinkView? ErrorReport,
    string SiteMapHref);

/// <summary>One column on the 网站地图: its pages, the article that asks for it, and its sub-columns.</summary>
internal sealed record SiteMapColumnView(ColumnLinkView Column, string Basis, IReadOnlyList<SiteMapColumnView> Children);

internal sealed record ItemRowView(
    string Href,
    string Title,
    string IndexNumber,
    string ColumnName,
    string Publisher,
    string DocumentNumber,
    string FormedOn,
    string PublishedOn,
    string Validity,
    bool Superseded,
    string Summary,
    bool Reposted = false);

internal sealed record AttachmentView(string Href, string Name, string Type, string Size);

internal sealed record PageLinkView(string Href, string Text, string Label, bool Current);

internal sealed record ColumnBlockView(ColumnLinkView Column, IReadOnlyList<ItemRowView> Items, string MoreLabel);

internal sealed record CatalogueColumnRowView(ColumnLinkView Column, int Count, string LatestPublishedOn);

internal sealed record CatalogueYearView(string Href, string Year, int Count);

internal sealed record GuideFactsView(
    int ProactiveWorkingDays, int ReplyWorkingDays, int ExtensionWorkingDays, int ClarificationWorkingDays, int FreeApplicationsPerMonth);

/// <summary>What the layout needs of every page.</summary>
internal abstract record PageView
{
    public required string Path { get; init; }
    public required string Title { get; init; }
    /// <summary>Which main navigation entry the page belongs to (its href).</summary>
    public string Section { get; init; } = "";
    public IReadOnlyList<LinkView> Breadcrumbs { get; init; } = [];
    public bool NoIndex { get; init; }
    public string Description { get; init; } = "";

    /// <summary>
    /// The column whose feed the layout links in the page's head and footer: a column's own pages; none elsewhere. On
    /// every page type, so the layout finds the member on each: a member a view lacks sends the template engine through
    /// a search of base types and interfaces at every render (issue 19: most of the 10,000 item pages' member lookups).
    /// </summary>
    public virtual ColumnLinkView? FeedColumn => null;
}

internal sealed record HomePageView : PageView
{
    public required IReadOnlyList<ColumnBlockView> Blocks { get; init; }
    public required IReadOnlyList<LinkView> Entrances { get; init; }
    public required string LatestPublishedOn { get; init; }
}

internal sealed record ColumnIndexPageView : PageView
{
    public required ColumnLinkView Column { get; init; }
    public override ColumnLinkView? FeedColumn => Column;
    public LinkView? Parent { get; init; }
    public required IReadOnlyList<ItemRowView> Items { get; init; }
    /// <summary>The newest pages (at most <see cref="PortalPaths.ColumnIndexPageLinks"/>), newest first, with their dates.</summary>
    public required IReadOnlyList<PageLinkView> Pages { get; init; }
    /// <summary>The first page, when <see cref="Pages"/> does not reach it.</summary>
    public PageLinkView? Oldest { get; init; }
    public required int PageCount { get; init; }
    public required int Total { get; init; }
}

internal sealed record ColumnPageView : PageView
{
    public required ColumnLinkView Column { get; init; }
    public override ColumnLinkView? FeedColumn => Column;
    public required int PageNumber { get; init; }
    public required IReadOnlyList<ItemRowView> Items { get; init; }
    /// <summary>The page itself, marked current in its pager.</summary>
    public required LinkView Current { get; init; }
    public LinkView? Newer { get; init; }
    public LinkView? Older { get; init; }
}

internal sealed record CatalogueOverviewPageView : PageView
{
    public required IReadOnlyList<CatalogueColumnRowView> Rows { get; init; }
    public required IReadOnlyList<CatalogueYearView> Years { get; init; }
}

internal sealed record CatalogueTablePageView : PageView
{
    public required string Caption { get; init; }
    public required IReadOnlyList<ItemRowView> Items { get; init; }
    public IReadOnlyList<LinkView> Related { get; init; } = [];
    /// <summary>What the table says when it has no row.</summary>
    public string EmptyText { get; init; } = "暂无信息。";
    /// <summary>On a 目录 index (which shows no rows): every page of the 目录, newest first, with its dates.</summary>
    public IReadOnlyList<PageLinkView> Pages { get; init; } = [];
    /// <summary>On a 目录 index: the newest page.</summary>
    public LinkView? Newest { get; init; }
    /// <summary>On a 目录 page: its neighbours and the index.</summary>
    public CataloguePagerView? Pager { get; init; }
}

/// <summary>A 目录 page's pager: the older and newer page (when there is one), the page itself (marked current) and the index.</summary>
internal sealed record CataloguePagerView(LinkView? Previous, LinkView Current, LinkView? Next, LinkView Index);

/// <summary>网站地图 (国办发〔2017〕47号): every fixed page, every column with its pages, and the kinds of page the site has.</summary>
internal sealed record SiteMapPageView : PageView
{
    public required IReadOnlyList<LinkView> Pages { get; init; }
    public required IReadOnlyList<SiteMapColumnView> Columns { get; init; }
    public required IReadOnlyList<CatalogueYearView> Years { get; init; }
    public required string AllFeedHref { get; init; }
}

internal sealed record ItemPageView : PageView
{
    public required ItemRowView Item { get; init; }
    public required string ColumnHref { get; init; }
    public required string Genre { get; init; }
    public required string Keywords { get; init; }
    public required SanitizedBodyHtml Body { get; init; }
    public required IReadOnlyList<AttachmentView> Attachments { get; init; }
    /// <summary>For a 政策解读: the policy it explains.</summary>
    public LinkView? Interprets { get; init; }
    /// <summary>For a policy: its 解读.</summary>
    public required IReadOnlyList<LinkView> Interpretations { get; init; }
    /// <summary>For an amending or repealing item: the original.</summary>
    public LinkView? Supersedes { get; init; }
    public string SupersedesVerb { get; init; } = "";
    /// <summary>Set when the item is repealed, amended or expired: the words of the notice.</summary>
    public string SupersededNotice { get; init; } = "";
    public required IReadOnlyList<LinkView> Replacements { get; init; }
    /// <summary>公开时限 of a 限时 item: the last day it is public (yyyy-MM-dd); empty for 长期.</summary>
    public string PublicUntil { get; init; } = "";
    /// <summary>施行日期 (yyyy-MM-dd) of a document that states one; empty otherwise.</summary>
    public string EffectiveFrom { get; init; } = "";
    /// <summary>Last day of the 有效期 (yyyy-MM-dd) of a document that states one; empty otherwise.</summary>
    public string ValidUntil { get; init; } = "";
}

/// <summary>The notice at the address of an item taken off the portal: withdrawn (撤回) or its 公开时限 ended.</summary>
internal sealed record WithdrawnPageView : PageView
{
    public required string IndexNumber { get; init; }
    /// <summary>Why the item is no longer public, as one sentence.</summary>
    public required string Notice { get; init; }
    /// <summary>The item's title, when it may still be shown (an ended period); empty for a withdrawal.</summary>
    public string ItemTitle { get; init; } = "";
}

internal sealed record GuidePageView : PageView
{
    public required IReadOnlyList<ColumnLinkView> Columns { get; init; }
    public required GuideFactsView Facts { get; init; }
}

internal sealed record SimplePageView : PageView;

internal static class PortalViewTypes
{
    public static readonly Type[] All =
    [
        typeof(LinkView), typeof(AgencyView), typeof(ColumnLinkView), typeof(SiteView), typeof(ItemRowView),
        typeof(AttachmentView), typeof(PageLinkView), typeof(ColumnBlockView), typeof(CatalogueColumnRowView),
        typeof(CatalogueYearView), typeof(GuideFactsView), typeof(HomePageView), typeof(ColumnIndexPageView),
        typeof(ColumnPageView), typeof(CatalogueOverviewPageView), typeof(CatalogueTablePageView), typeof(ItemPageView),
        typeof(WithdrawnPageView), typeof(GuidePageView), typeof(SimplePageView),
        typeof(FooterView), typeof(SiteMapColumnView), typeof(SiteMapPageView), typeof(CataloguePagerView),
    ];
}
