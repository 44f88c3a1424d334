namespace Disclosure.Catalogue;

/// <summary>
/// What the 政府网站发展指引 (国办发〔2017〕47号) asks every government site to show in its footer, and the national 政府网站找错
/// entrance — settings of the catalogue, because they change with a registration, not with code. An identifier left
/// empty is not printed as an empty slot: the self-inspection lists it (<see cref="CatalogueSettings.MissingSiteIdentifiers"/>).
/// </summary>
public sealed record SiteSettings
{
    /// <summary>主办单位; empty means the agency itself.</summary>
    public string Sponsor { get; init; } = "";
    /// <summary>党政机关网站标识: the link to its verification page (issued by the registration authority).</summary>
    public string GovernmentSiteMarkHref { get; init; } = "";
    /// <summary>
    /// The 标识's picture as a path on this site (e.g. <c>/images/dzjg.png</c>, a file the bureau puts in $web); empty: the
    /// mark is a text link. Never another host's address: the portal loads nothing from elsewhere.
    /// </summary>
    public string GovernmentSiteMarkImage { get; init; } = "";
    /// <summary>网站标识码 (10 characters, assigned when the site is registered with the State Council's 政府网站 system).</summary>
    public string SiteIdentificationCode { get; init; } = "";
    /// <summary>ICP 备案号, e.g. 浙ICP备12345678号; links to the 工业和信息化部 filing system.</summary>
    public string IcpNumber { get; init; } = "";
    public string IcpHref { get; init; } = "https://beian.miit.gov.cn/";
    /// <summary>公安机关备案号, e.g. 浙公网安备 33010602000001号.</summary>
    public string PublicSecurityNumber { get; init; } = "";
    /// <summary>The 公安机关 filing's record page; empty: the number is printed without a link.</summary>
    public string PublicSecurityHref { get; init; } = "";
    /// <summary>The national 政府网站找错 entrance with this site's own parameters: a plain link, no script or picture from there.</summary>
    public string ErrorReportHref { get; init; } = "";

    /// <summary>Every configured address, so the loader can refuse one that is not a web address.</summary>
    internal IEnumerable<(string Name, string Value)> Links() =>
    [
        ("site.governmentSiteMarkHref", GovernmentSiteMarkHref),
        ("site.icpHref", IcpHref),
        ("site.publicSecurityHref", PublicSecurityHref),
        ("site.errorReportHref", ErrorReportHref),
    ];
}
