namespace Disclosure.Identity;

/// <summary>Who is asking: a person of a department (责任处室), with roles that widen what they may do.</summary>
public sealed record Principal(string Name, string? DepartmentCode, IReadOnlySet<string> Roles)
{
    public bool IsReviewer => Roles.Contains(Role.Reviewer) || IsAdministrator;
    public bool IsAdministrator => Roles.Contains(Role.Administrator);

    /// <summary>A department sees only its own items; reviewers (保密审查) and administrators see all.</summary>
    public bool MaySee(string departmentCode) => IsReviewer || DepartmentCode == departmentCode;
}

public static class Role
{
    public const string Submitter = "Submitter";
    public const string Reviewer = "Reviewer";
    public const string Administrator = "Administrator";
}
