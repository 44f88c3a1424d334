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
    YearCatalogue,
    Item,
    SiteMap,
}

/// <summary>Names one page of the portal; the full render and the affected-pages render both render pages by key.</summary>
internal readonly record struct PortalPageKey(PortalPageKind Kind, string Code = "", int Number = 0)
{
    public static readonly PortalPageKey Home = new(PortalPageKind.Home);

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
        PortalPageKind.YearCatalogue => PortalPaths.YearCatalogue(Number),
        PortalPageKind.Item => PortalPaths.Item(Code),
        PortalPageKind.SiteMap => PortalPaths.SiteMap,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };
}
