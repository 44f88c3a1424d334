namespace Disclosure.Catalogue;

/// <summary>
/// The agency's catalogue as configuration data (catalogue.md): columns, genres, departments and limits are data
/// loaded at start-up, so a bureau adds or renames a column without a code change.
/// </summary>
public sealed record CatalogueSettings
{
    public required Agency Agency { get; init; }
    public required IReadOnlyList<Column> Columns { get; init; }
    public required IReadOnlyList<string> Genres { get; init; }
    public required IReadOnlyList<Department> Departments { get; init; }
    public required AttachmentLimits Attachments { get; init; }
    /// <summary>The legal deadlines by column and genre (Deadlines/ItemDeadlines); none configured: 条例第二十六条 for all.</summary>
    public IReadOnlyList<Deadlines.DeadlineRule> DeadlineRules { get; init; } = [];

    /// <summary>The portal's footer identifiers and the 政府网站找错 entrance (国办发〔2017〕47号).</summary>
    public SiteSettings Site { get; init; } = new();

    /// <summary>
    /// What the footer must show and the configuration does not have, by name (国办发〔2017〕47号): the page leaves them
    /// out, and the self-inspection lists them.
    /// </summary>
    public IReadOnlyList<string> MissingSiteIdentifiers()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Agency.Phone) && string.IsNullOrWhiteSpace(Agency.Email)) missing.Add("联系方式（电话或电子邮箱）");
        if (string.IsNullOrWhiteSpace(Site.GovernmentSiteMarkHref)) missing.Add("党政机关网站标识");
        if (string.IsNullOrWhiteSpace(Site.SiteIdentificationCode)) missing.Add("网站标识码");
        if (string.IsNullOrWhiteSpace(Site.IcpNumber)) missing.Add("ICP备案号");
        if (string.IsNullOrWhiteSpace(Site.PublicSecurityNumber)) missing.Add("公安机关备案号");
        if (string.IsNullOrWhiteSpace(Site.ErrorReportHref)) missing.Add("政府网站找错入口");
        return missing;
    }

    /// <summary>The review chain of every column that has none of its own (条例第十七条: by default every item needs a person).</summary>
    public IReadOnlyList<ReviewStep> DefaultReviewChain { get; init; } = [];

    public Column? FindColumn(string? code) => Columns.FirstOrDefault(c => c.Code == code);
    public Department? FindDepartment(string? code) => Departments.FirstOrDefault(d => d.Code == code);

    /// <summary>The columns as the portal and the 目录 list them: parents in configured order, each followed by its sub-columns.</summary>
    public IEnumerable<Column> InDisplayOrder()
    {
        foreach (var column in Columns.Where(c => c.ParentCode is null || FindColumn(c.ParentCode) is null))
        {
            yield return column;
            foreach (var child in Columns.Where(c => c.ParentCode == column.Code)) yield return child;
        }
    }
}

/// <summary>The disclosing agency and its disclosure office (Art. 12: the 指南 names the office, address, hours, phone, fax, e-mail).</summary>
public sealed record Agency
{
    public required string Name { get; init; }
    /// <summary>统一社会信用代码 or 组织机构代码: the first part of every 索引号.</summary>
    public required string IssuerCode { get; init; }
    public required string OfficeName { get; init; }
    public string Address { get; init; } = "";
    public string OfficeHours { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Fax { get; init; } = "";
    public string Email { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string SiteBaseUrl { get; init; } = "";
    /// <summary>
    /// Where the public files an application on line (the function app's form): the guide's 依申请公开 section links it.
    /// The same origin as the portal when /api is routed to the function app (as the local host does); else an absolute URL.
    /// </summary>
    public string ApplicationFormUrl { get; init; } = "/api/applications/new";
    /// <summary>E-mail domains that are the agency's own: addresses there are official, not personal data.</summary>
    public IReadOnlyList<string> OfficialEmailDomains { get; init; } = [];
}

public sealed record Column
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ParentCode { get; init; }
    public string Description { get; init; } = "";
    /// <summary>The department that answers for the column's updates (from the plan).</summary>
    public string? ResponsibleDepartment { get; init; }
    /// <summary>Genres offered for this column; empty means any configured genre.</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];
    /// <summary>Every item of the column goes to a human reviewer even with no findings.</summary>
    public bool AlwaysRequiresReview { get; init; }
    /// <summary>
    /// Where the regulation asks for the column, e.g. "第二十条第（四）项" — shown on the 网站地图 so a reader (and an
    /// inspector) sees which duty each column discharges. Empty for columns the bureau keeps of its own accord.
    /// </summary>
    public string Basis { get; init; } = "";

    /// <summary>The column's own review chain; empty: the catalogue's <see cref="CatalogueSettings.DefaultReviewChain"/>.</summary>
    public IReadOnlyList<ReviewStep> ReviewChain { get; init; } = [];
    /// <summary>
    /// Set only by an administrator, with who, when and why: items of the column with no findings are published after the
    /// automated check alone. Absent (the default): a person signs every step of the chain first.
    /// </summary>
    public AutomatedPublicationPermission? AutomatedPublication { get; init; }
    /// <summary>Items of this column must name the item they relate to (政策解读 → policy).</summary>
    public Items.Relation RequiredRelation { get; init; } = Items.Relation.None;
    /// <summary>
    /// Compliance rule ids whose block findings are only a review in this column: the annual report and the 指南 name
    /// 不予公开 and 依申请公开 as categories, not as markings. Secrecy markings and ID numbers are never softened.
    /// </summary>
    public IReadOnlyList<string> ReviewOnlyRules { get; init; } = [];
}

public sealed record Department
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public string? WebhookUrl { get; init; }
}

public sealed record AttachmentLimits
{
    public long MaxFileBytes { get; init; } = 20 * 1024 * 1024;
    public long MaxTotalBytes { get; init; } = 50 * 1024 * 1024;
    public int MaxFiles { get; init; } = 10;
}
