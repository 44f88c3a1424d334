namespace Disclosure.Publishing;

internal enum PortalPageKind
{
    Home,
    Guide,
    Rules,
    Search,
    NotFound,
    CatalogueOverview,
    ColumnIndex,
    ColumnPage,
    ColumnCatalogue,
    ColumnCataloguePage,
    YearCatalogue,
    YearCataloguePage,
    Item,
    SiteMap,
}

/// <summary>
/// Names one page of the portal; the full render and the affected-pages render both render pages by key.
/// <see cref="Number"/> is a column page's number or a year; <see cref="Page"/> the page of a 目录.
/// </summary>
internal readonly record struct PortalPageKey(PortalPageKind Kind, string Code = "", int Number = 0, int Page = 0)
{
    public static readonly PortalPageKey Home = new(PortalPageKind.Home);

    public static PortalPageKey ColumnCatalogue(string code, int page = 0) =>
        page == 0 ? new(PortalPageKind.ColumnCatalogue, code) : new(PortalPageKind.ColumnCataloguePage, code, Page: page);

    public static PortalPageKey YearCatalogue(int year, int page = 0) =>
        page == 0 ? new(PortalPageKind.YearCatalogue, Number: year) : new(PortalPageKind.YearCataloguePage, Number: year, Page: page);

    public string SitePath => Kind switch
    {
        PortalPageKind.Home => PortalPaths.Home,
        PortalPageKind.Guide => PortalPaths.Guide,
        PortalPageKind.Rules => PortalPaths.Rules,
        PortalPageKind.Search => PortalPaths.Search,
        PortalPageKind.NotFound => PortalPaths.NotFound,
        PortalPageKind.CatalogueOverview => PortalPaths.Catalogue,
        PortalPageKind.ColumnIndex => PortalPaths.ColumnIndex(Code),
        PortalPageKind.ColumnPage => PortalPaths.ColumnPage(Code, Number),
        PortalPageKind.ColumnCatalogue => PortalPaths.ColumnCatalogue(Code),
        PortalPageKind.ColumnCataloguePage => PortalPaths.ColumnCataloguePage(Code, Page),
        PortalPageKind.YearCatalogue => PortalPaths.YearCatalogue(Number),
        PortalPageKind.YearCataloguePage => PortalPaths.YearCataloguePage(Number, Page),
        PortalPageKind.Item => PortalPaths.Item(Code),
        PortalPageKind.SiteMap => PortalPaths.SiteMap,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };
}
