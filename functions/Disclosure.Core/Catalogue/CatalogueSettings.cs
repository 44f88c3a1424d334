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

    public Column? FindColumn(string? code) => Columns.FirstOrDefault(c => c.Code == code);
    public Department? FindDepartment(string? code) => Departments.FirstOrDefault(d => d.Code == code);
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
