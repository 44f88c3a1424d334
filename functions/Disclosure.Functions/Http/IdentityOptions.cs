namespace Disclosure.Functions.Http;

/// <summary>
/// How a request's identity is read (section <c>Identity</c>). In Azure, App Service Authentication sets
/// <c>X-MS-CLIENT-PRINCIPAL</c>; the department comes from a claim and roles from the role claims. In the Development
/// environment only, a request without that header acts as the configured development user.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The claim type that carries the department code (责任处室) of catalogue.json.</summary>
    public string DepartmentClaim { get; set; } = "department";
    public string DevelopmentUser { get; set; } = "开发人员";
    public string DevelopmentDepartment { get; set; } = "bgs";
    public string DevelopmentRoles { get; set; } = "Submitter,Reviewer,Administrator";
}
