using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Disclosure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Disclosure.Functions.Http;

/// <summary>
/// Settings section <c>FormTokens</c>: the key of the anti-forgery tokens in forms (<c>FormTokens__Key</c>; in Azure a
/// generated secret, see infra). Without one, each process makes its own, so forms opened before a restart must be
/// opened again.
/// </summary>
public sealed class FormTokenOptions
{
    public const string Section = "FormTokens";

    public string Key { get; set; } = "";
    /// <summary>How long an opened form may be submitted: a working day.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(10);
}

/// <summary>
/// Anti-forgery tokens for the workbench's forms: <c>{expiry}.{HMAC-SHA256(key, person id, expiry)}</c>. A page on
/// another site cannot read the form, so it cannot get a token for the signed-in person, and a token taken from one
/// person's form is worthless for another's. Stateless, so it works on every instance and needs no storage.
/// </summary>
public sealed class FormTokens(IOptions<FormTokenOptions> options, TimeProvider time)
{
    public const string Field = "formToken";

    private readonly byte[] _key = options.Value.Key.Length > 0 ? Encoding.UTF8.GetBytes(options.Value.Key) : RandomNumberGenerator.GetBytes(32);

    public string Issue(Principal who)
    {
        var expiry = (time.GetUtcNow() + options.Value.Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expiry + "." + Sign(who, expiry);
    }

    public bool IsValid(string? token, Principal who)
    {
        if (string.IsNullOrEmpty(token) || token.Split('.') is not [var expiry, var signature]) return false;
        if (!long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds())) < time.GetUtcNow()) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(who, expiry)));
    }

    /// <summary>
    /// A request a browser sent: it may carry the sign-in cookie, so it must carry a token too. Programs signing in with
    /// a bearer token send no cookie, no Origin and no Sec-Fetch-Site, and nothing a forged page could borrow.
    /// </summary>
    public static bool FromBrowser(HttpRequest request)
        => request.Headers.Cookie.Count > 0 || request.Headers.Origin.Count > 0 || request.Headers.ContainsKey("Sec-Fetch-Site");

    private string Sign(Principal who, string expiry)
        => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(who.Id + "\n" + expiry)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
