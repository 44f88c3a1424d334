namespace Disclosure.Identity;

/// <summary>Who is asking: a person of a department (责任处室), with roles that widen what they may do.</summary>
public sealed record Principal(string Name, string? DepartmentCode, IReadOnlySet<string> Roles)
{
    /// <summary>The stable id of the person (the identity provider's object id); audit entries keep it beside the name, which may change.</summary>
    public string Id { get; init; } = Name;

    public bool IsReviewer => Roles.Contains(Role.Reviewer) || IsAdministrator;
    public bool IsAdministrator => Roles.Contains(Role.Administrator);

    /// <summary>Reviewers, administrators and leaders (分管领导) sign steps of a review chain (条例第十七条).</summary>
    public bool TakesReviewSteps => IsReviewer || Roles.Contains(Role.Leader);

    /// <summary>Submitting, correcting and asking to withdraw need the submitter role (administrators act for any department); a department claim alone is not enough.</summary>
    public bool MaySubmit => Roles.Contains(Role.Submitter) || IsAdministrator;

    /// <summary>A department sees only its own items; reviewers (保密审查) and administrators see all.</summary>
    public bool MaySee(string departmentCode) => IsReviewer || DepartmentCode == departmentCode;

    /// <summary>The system itself (a queue or timer function), named for the audit trail as people read it.</summary>
    public static Principal System(string id, string name) => new(name, null, new HashSet<string>(StringComparer.Ordinal) { Role.System }) { Id = "system:" + id };
}

public static class Role
{
    public const string Submitter = "Submitter";
    public const string Reviewer = "Reviewer";
    public const string Administrator = "Administrator";
    /// <summary>分管领导: signs the final step of the chain where the catalogue asks for it (e.g. 行政规范性文件).</summary>
    public const string Leader = "Leader";
    /// <summary>Held only by the system's own functions (checks, publication, poison handlers), never by a signed-in person.</summary>
    public const string System = "System";
    /// <summary>Held only by the sample-data seeder, which approves its own clearly marked demonstration items.</summary>
    public const string SampleData = "SampleData";
}
