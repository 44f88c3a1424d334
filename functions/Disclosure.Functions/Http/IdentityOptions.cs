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
    /// <summary>
    /// The app role (Entra ID app role value) that lets a person submit, correct and ask to withdraw items; a department
    /// claim alone does not. An agency whose roles are named otherwise (e.g. <c>Disclosure.Submit</c>) sets it here.
    /// </summary>
    public string SubmitterRole { get; set; } = Disclosure.Identity.Role.Submitter;
    /// <summary>
    /// Guest accounts (B2B; Entra's optional <c>acct</c> claim is 1) are refused unless this is set: the workbench is
    /// for the agency's own staff. The claim must be added to the app registration's tokens (infra/README.md).
    /// </summary>
    public bool AllowGuests { get; set; }
    public string DevelopmentUser { get; set; } = "开发人员";
    public string DevelopmentDepartment { get; set; } = "bgs";
    public string DevelopmentRoles { get; set; } = "Submitter,Reviewer,Administrator";
}
