using System.Text;
using System.Text.Json;
using Disclosure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Disclosure.Functions.Http;

/// <summary>Reads who is asking from App Service Authentication's principal header.</summary>
public sealed class RequestPrincipal(IOptions<IdentityOptions> options, IHostEnvironment environment)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";
    /// <summary>App Service Authentication's stable id of the signed-in person, kept in audit entries beside the name.</summary>
    public const string IdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>Roles only the system's own functions hold: a token claiming one is not believed.</summary>
    private static readonly string[] SystemRoles = [Role.System, Role.SampleData];

    /// <summary>The caller, or null when the request carries no identity (answer 401).</summary>
    public Principal? Resolve(HttpRequest request)
    {
        var o = options.Value;
        if (request.Headers.TryGetValue(Header, out var values) && !string.IsNullOrWhiteSpace(values.ToString()))
        {
            var principal = Parse(values.ToString(), o);
            var id = request.Headers.TryGetValue(IdHeader, out var ids) && !string.IsNullOrWhiteSpace(ids.ToString()) ? ids.ToString() : null;
            return principal is not null && id is not null ? principal with { Id = id } : principal;
        }
        if (environment.IsDevelopment())
        {
            var roles = o.DevelopmentRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Except(SystemRoles);
            return new Principal(o.DevelopmentUser, o.DevelopmentDepartment, roles.ToHashSet(StringComparer.Ordinal));
        }
        return null;
    }

    /// <summary>
    /// The configured submitter role becomes <see cref="Role.Submitter"/>, which the rest of the app knows; when another
    /// name is configured, a token's literal "Submitter" role is some other application's and grants nothing here.
    /// </summary>
    private static IEnumerable<string> SubmitterAsConfigured(IEnumerable<string> roles, string submitterRole)
        => roles.Where(r => r != Role.Submitter || submitterRole == Role.Submitter)
            .Select(r => r == submitterRole ? Role.Submitter : r);

    /// <summary>Builds the header value App Service would send; for tests and the development tools.</summary>
    public static string Encode(string name, string? department, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = name } };
        if (department is not null) claims.Add(new { typ = "department", val = department });
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static Principal? Parse(string header, IdentityOptions o)
    {
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = doc.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() : "name";
            var roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() : "roles";
            var claims = root.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString(), Value: c.GetProperty("val").GetString()))
                .Where(c => c.Type is not null && c.Value is not null)
                .ToList();
            var name = claims.FirstOrDefault(c => c.Type == nameType).Value
                ?? claims.FirstOrDefault(c => c.Type is "name" or "preferred_username").Value;
            if (string.IsNullOrWhiteSpace(name)) return null;
            if (!o.AllowGuests && claims.Any(c => c.Type == "acct" && c.Value == "1")) return null; // a guest of the tenant
            var department = claims.FirstOrDefault(c => c.Type == o.DepartmentClaim).Value;
            var roles = claims.Where(c => c.Type == roleType || c.Type == "roles").Select(c => c.Value!).Except(SystemRoles);
            return new Principal(name, department, SubmitterAsConfigured(roles, o.SubmitterRole).ToHashSet(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // a malformed header is no identity at all
        }
    }
}
