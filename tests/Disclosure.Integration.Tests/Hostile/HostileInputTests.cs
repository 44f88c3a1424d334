using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Disclosure.Integration.Tests.Hostile;

/// <summary>
/// Fuzzing of the intake endpoints through the real local host, outside Development (so identity is not defaulted),
/// against Azurite. The seed is fixed; <c>DISCLOSURE_FUZZ_CASES</c> sets how many random cases run (default 1,000, about a
/// minute on the shared 2-core machine), on top of the oversized cases that always run.
/// </summary>
public class HostileInputTests(ITestOutputHelper output)
{
    public const int Seed = 20261126;
    private const string Department = "bgs";

    public static int CaseCount =>
        int.TryParse(Environment.GetEnvironmentVariable("DISCLOSURE_FUZZ_CASES"), out var n) && n > 0 ? n : 1000;

    [Fact]
    public async Task Hostile_requests_never_get_a_server_error_and_nothing_stored_runs_script_on_a_public_or_workbench_page()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false, environment: "Production");
        var generator = new HostileRequests(Seed, Department);
        var cases = generator.Oversized().Concat(Enumerable.Range(1, CaseCount).Select(generator.Next)).ToList();
        // Built in order, so the same seed gives the same requests whatever the sending concurrency.
        var built = cases.Select(c => (Case: c, Request: c.Build?.Invoke())).ToList();

        var failures = new ConcurrentQueue<string>();
        var accepted = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await Parallel.ForEachAsync(built, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (entry, ct) =>
        {
            var (c, request) = entry;
            int status;
            HttpResponseMessage? response = null;
            try
            {
                if (request is null) status = await SendRawAsync(host, c.Raw!);
                else
                {
                    if (!c.ForgedIdentity && !request.Headers.Contains(RequestPrincipal.Header))
                        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity(Department));
                    response = await client.SendAsync(request, ct);
                    status = (int)response.StatusCode;
                }
            }
            catch (HttpRequestException e)
            {
                failures.Enqueue($"{c.Description}: the server dropped the connection ({e.Message})");
                return;
            }
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500) failures.Enqueue($"{c.Description}: {status} {await BodyOf(response)}");
            if (c.ForgedIdentity && status is not (401 or 431)) failures.Enqueue($"{c.Description}: forged identity answered {status}, not 401");
            if (status is 200 or 202 && response?.Headers.Location is { } location && request!.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == "/api/submissions")
                accepted.Add(location.OriginalString.Split('/').Last());
            response?.Dispose();
        });
        output.WriteLine($"{cases.Count} cases; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; stored items: {accepted.Distinct().Count()}");
        Assert.True(failures.IsEmpty, $"{failures.Count} hostile requests were mishandled:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(accepted.Distinct().Count() >= CaseCount / 10, "too few hostile items were stored to prove the pages safe");

        var problems = await PageProblemsAsync(host, accepted.Distinct().ToList());
        Assert.True(problems.Count == 0, $"{problems.Count} script-capable things came from input:\n" + string.Join("\n", problems.Take(30)));
    }

    [Fact]
    public async Task A_forged_or_malformed_principal_header_is_401_outside_Development_and_a_well_formed_one_is_accepted()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false, environment: "Production");
        string[] forged =
        [
            "!!!", "e30=", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"name\",\"val\":null}]}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":\"admin\"}")), Convert.ToBase64String(new byte[20_000]),
        ];
        foreach (var value in forged)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/submissions");
            request.Headers.TryAddWithoutValidation(RequestPrincipal.Header, value);
            using var response = await host.Client().SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        var good = new HttpRequestMessage(HttpMethod.Get, "/api/submissions");
        good.Headers.Add(RequestPrincipal.Header, Submissions.Identity(Department));
        Assert.Equal(HttpStatusCode.OK, (await host.Client().SendAsync(good)).StatusCode);
    }

    /// <summary>
    /// Renders the stored hostile items as the portal would publish them (every one treated as published, proactive
    /// and public, so every field that can reach a public page does), and fetches each item's workbench status page and
    /// the department's list; parses every page and reports anything that can run script and is not the site's own.
    /// </summary>
    private static async Task<List<string>> PageProblemsAsync(LocalFunctionsHost host, IReadOnlyList<string> ids)
    {
        var store = host.Services.GetRequiredService<IItemStore>();
        var content = host.Services.GetRequiredService<IContentStore>();
        var settings = host.Services.GetRequiredService<CatalogueSettings>();
        var renderer = new PortalRenderer();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        async Task<(List<DisclosureItem> Items, Dictionary<string, string> Bodies)> PublishedCopies(IEnumerable<string> itemIds)
        {
            var items = new List<DisclosureItem>();
            var bodies = new Dictionary<string, string>();
            foreach (var id in itemIds)
            {
                var item = (await store.GetAsync(id))!.Item;
                foreach (var a in item.Attachments)
                    Assert.False(a.FileName.IndexOfAny(['/', '\\']) >= 0 || a.FileName.Any(char.IsControl) || a.FileName.StartsWith('.'), $"unsafe stored file name {a.FileName}");
                if (item.BodyId is not null)
                {
                    await using var stream = await content.OpenAsync(item.Id, item.BodyId);
                    bodies[item.Id] = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
                }
                items.Add(item with
                {
                    State = ItemState.Published, Attribute = DisclosureAttribute.Proactive, Scope = DisclosureScope.Public,
                    PublishedOn = today, PublishedVersion = item.Version, RelatedItemId = null, Relation = Relation.None,
                });
            }
            return (items, bodies);
        }

        IEnumerable<string> Pages(List<DisclosureItem> items, Dictionary<string, string> bodies)
            => renderer.RenderSite(new PortalSnapshot(settings, items, [], i => bodies.GetValueOrDefault(i.Id, "")))
                .Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal))
                .Select(f => Encoding.UTF8.GetString(f.Content));

        // The site's own scripts, from a harmless item through the same path.
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var harmless = await client.SendAsync(Submissions.Json(Submissions.Valid("无害的通知"), Department));
        var harmlessId = harmless.Headers.Location!.OriginalString.Split('/').Last();
        var (baseItems, baseBodies) = await PublishedCopies([harmlessId]);
        var allowed = PageSafety.ScriptsOf(Pages(baseItems, baseBodies)
            .Concat([await WorkbenchPage(client, $"/api/submissions/{harmlessId}"), await WorkbenchPage(client, "/api/submissions")]))
            .ToHashSet();
        var safety = new PageSafety(allowed);

        var problems = new List<string>();
        var (hostile, hostileBodies) = await PublishedCopies(ids);
        var pageCount = 0;
        foreach (var page in Pages(hostile, hostileBodies))
        {
            pageCount++;
            problems.AddRange(safety.Problems(page).Select(p => "portal page: " + p));
        }
        Assert.True(pageCount > ids.Count, "every stored item must have rendered a page");
        foreach (var id in ids)
            problems.AddRange(safety.Problems(await WorkbenchPage(client, $"/api/submissions/{id}"), ownAddress: $"/api/submissions/{Uri.EscapeDataString(id)}")
                .Select(p => $"status page {id}: {p}"));
        problems.AddRange(safety.Problems(await WorkbenchPage(client, "/api/submissions")).Select(p => "list page: " + p));
        return problems;
    }

    private static async Task<string> WorkbenchPage(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestPrincipal.Header, Submissions.Identity(Department));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sends bytes as they are (a body shorter than its Content-Length), half-closes, and reads the status line.</summary>
    private static async Task<int> SendRawAsync(LocalFunctionsHost host, byte[] raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(raw);
        tcp.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try { line = await reader.ReadLineAsync(timeout.Token); }
        catch (IOException) { return 0; } // reset after a half-closed, short body: Kestrel gave up on the request
        // A server that hangs up without answering has not failed the client more than a 400 would.
        return line is { Length: >= 12 } && line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(line.AsSpan(9, 3)) : 0;
    }

    private static async Task<string> BodyOf(HttpResponseMessage? response)
    {
        if (response is null) return "";
        var text = await response.Content.ReadAsStringAsync();
        return text.Length <= 300 ? text : text[..300];
    }
}
