using System.Net;
using System.Text.RegularExpressions;
using Disclosure.Functions.Http;

namespace Disclosure.Integration.Tests.Support;

/// <summary>Workbench pages as a signed-in person's browser uses them: a page asked for as HTML, a form posted back with its hidden fields.</summary>
public static partial class WorkbenchForms
{
    /// <summary>Sends as <paramref name="identity"/>; the answer's status, body and Location (redirects are not followed when the client says so).</summary>
    public static async Task<(HttpStatusCode Status, string Body, string? Location)> SendAsync(HttpClient client, HttpMethod method, string url, string identity,
        Dictionary<string, string>? form = null, string accept = "text/html")
    {
        using var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        request.Headers.Add(RequestPrincipal.Header, identity);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([A-Za-z]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    /// <summary>The page's hidden fields (formToken, planETag …) by name, as the browser would post them.</summary>
    public static Dictionary<string, string> HiddenFields(string page)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in HiddenField().Matches(page)) fields.TryAdd(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value));
        return fields;
    }

    public static string FormToken(string page) => HiddenFields(page)[FormTokens.Field];
}
