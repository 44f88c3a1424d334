using System.Net;
using System.Text.Json;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>What every workbench list's tests do: follow the next links, and ask with a wrong filter.</summary>
internal static class ListPages
{
    /// <summary>Every id the list answers from <paramref name="url"/> on, following its <c>Link: rel="next"</c> headers.</summary>
    /// <param name="request">The GET request for an address, as the signed-in person of the test.</param>
    /// <param name="ids">The ids in one page's JSON body.</param>
    public static async Task<List<string>> IdsAsync(HttpClient client, string url, Func<string, HttpRequestMessage> request, Func<JsonElement, IEnumerable<string>> ids)
    {
        var all = new List<string>();
        for (string? next = url; next is not null;)
        {
            using var response = await client.SendAsync(request(next));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            all.AddRange(ids(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
            next = response.Headers.TryGetValues("Link", out var links) ? SubmissionListFilterTests.NextOf(links.Single()) : null;
        }
        return all;
    }

    /// <summary>
    /// A wrong filter is 400 for a program (problem+json whose detail names the field) and for a browser (a page naming
    /// it in Chinese).
    /// </summary>
    /// <param name="request">The GET request for an address, as the signed-in person of the test; true asks for HTML.</param>
    public static async Task<JsonElement> AssertWrongFilterAsync(HttpClient client, string url, Func<string, bool, HttpRequestMessage> request, string named)
    {
        using var json = await client.SendAsync(request(url, false));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(named, problem.GetProperty("detail").GetString());
        using var page = await client.SendAsync(request(url, true));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await page.Content.ReadAsStringAsync());
        return problem;
    }
}
