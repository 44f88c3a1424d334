using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Disclosure.Audit;
using Disclosure.Functions.Http;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Storage;
using Disclosure.Work;

namespace Disclosure.LoadDriver;

public sealed record LoadReport(
    int Items, int Clients, FinalState Until, int Accepted, int Retries, int Lost, int Duplicated, int DistinctIndexNumbers,
    int BlockedThatPassed, int NotFinal, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan SubmitPhase, TimeSpan UntilLastFinal,
    IReadOnlyDictionary<string, int> States, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
    /// <summary>With <see cref="FinalState.Published"/>: clean items 已发布 with exactly one publication in their history.</summary>
    public int PublishedOnce { get; init; }
    /// <summary>With <see cref="FinalState.Published"/>: items carrying a resident ID number that ended 已退回.</summary>
    public int BlockedReturned { get; init; }
    /// <summary>With <see cref="FinalState.Published"/>: publication runs started by the driver (POST /api/publications).</summary>
    public int Publications { get; init; }
    /// <summary>With <see cref="FinalState.Published"/>: every clean item looked up by its title through the portal's query service.</summary>
    public SearchLoad? Search { get; init; }
}

/// <summary>Queries to <c>GET /api/search</c>, one per published item, by the same clients at once.</summary>
public sealed record SearchLoad(int Queries, int Found, int Busy, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Elapsed);

/// <summary>
/// Submits items through the HTTP API with concurrent clients, as departments would, a share of them carrying a valid
/// resident ID number in the body (the checks must stop those), waits until every item reaches its final state, and
/// verifies that none was lost or stored twice and that every 索引号 is distinct. Against Azurite the times measure
/// correctness and the app's own overhead, never what Azure Storage would sustain.
/// </summary>
public static class LoadRun
{
    private static readonly string[] Departments = ["bgs", "zcfgc", "cwc", "xmc", "cgc", "rsc"];
    private static readonly string Reviewer = RequestPrincipal.Encode("负载测试审核员", "bgs", "Reviewer", "Submitter");

    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter log, CancellationToken ct = default)
    {
        Azurite? azurite = null;
        LocalFunctionsHost? host = null;
        try
        {
            var url = options.Url;
            var until = options.Until;
            if (url is null)
            {
                azurite = await Azurite.StartAsync(ct: ct);
                host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
                {
                    Url = "http://127.0.0.1:0",
                    Settings = new Dictionary<string, string?>
                    {
                        ["Storage"] = azurite.ConnectionString,
                        ["AzureWebJobsStorage"] = azurite.ConnectionString,
                        ["Disclosure:SeedSampleData"] = "false",
                        ["Logging:LogLevel:Default"] = "Warning",
                        ["Logging:LogLevel:Azure"] = "Warning",
                    },
                    AdjustQueues = q => q with { MaxPollingInterval = TimeSpan.FromMilliseconds(250) },
                }, ct: ct);
                url = host.BaseAddress;
                if (until == FinalState.Auto)
                    until = host.Catalog.Queues.Any(q => q.Queue.QueueName == WorkQueues.ComplianceChecks) ? FinalState.Checked : FinalState.Accepted;
                log.WriteLine($"local host on {url}, Azurite {azurite.ConnectionString.Split(';').First(p => p.StartsWith("BlobEndpoint", StringComparison.Ordinal))}");
            }
            if (until == FinalState.Auto) until = FinalState.Accepted;
            return await DriveAsync(options with { Until = until }, url, azurite?.ConnectionString, log, ct);
        }
        finally
        {
            if (host is not null) await host.DisposeAsync();
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }

    private sealed record Submission(int Number, string Key, string Department, string Title, bool MustBeBlocked)
    {
        public string? Id;
        public string? IndexNumber;
        public TimeSpan Latency;
        public TimeSpan? FinalAt;
        public string State = "";
        public int Publications;
    }

    private static async Task<LoadReport> DriveAsync(LoadOptions options, Uri url, string? storage, TextWriter log, CancellationToken ct)
    {
        var tag = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999);
        var submissions = Enumerable.Range(1, options.Items).Select(n => new Submission(n, $"load-{tag}-{n}", Departments[n % Departments.Length],
            $"负载测试 {tag} 第{n}号", options.BlockedEvery > 0 && n % options.BlockedEvery == 0)).ToList();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = url,
            // A publication's whole-site first render of a thousand items takes a while.
            Timeout = TimeSpan.FromMinutes(10),
        };
        var problems = new ConcurrentQueue<string>();
        var retries = 0;
        var clock = Stopwatch.StartNew();

        log.WriteLine($"submitting {options.Items} items with {options.Clients} clients ({submissions.Count(s => s.MustBeBlocked)} carry a resident ID number), final state: {options.Until}");
        await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = options.Clients, CancellationToken = ct }, async (s, token) =>
        {
            var started = clock.Elapsed;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = JsonContent.Create(Body(s)) };
                    request.Headers.Add(RequestPrincipal.Header, RequestPrincipal.Encode($"{s.Department}-负载", s.Department, "Submitter"));
                    request.Headers.Add("Idempotency-Key", s.Key);
                    using var response = await http.SendAsync(request, token);
                    if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                    {
                        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement;
                        s.Id = json.GetProperty("id").GetString();
                        s.IndexNumber = json.GetProperty("indexNumber").GetString();
                        s.Latency = clock.Elapsed - started;
                        return;
                    }
                    if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests) || attempt >= 5)
                    {
                        problems.Enqueue($"#{s.Number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
                        return;
                    }
                }
                catch (HttpRequestException) when (attempt < 5) { }
                Interlocked.Increment(ref retries);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), token);
            }
        });
        var submitPhase = clock.Elapsed;
        var accepted = submissions.Where(s => s.Id is not null).ToList();
        log.WriteLine($"accepted {accepted.Count} of {options.Items} in {submitPhase.TotalSeconds:F1} s ({accepted.Count / submitPhase.TotalSeconds:F0} submissions/s), {retries} retries");

        // 已发布 needs a publication: the nightly run in production; here a reviewer's "publish now", repeated while items
        // become 待发布. Runs never overlap (a second one answers 409); each takes every item 待发布 at its start.
        var publications = 0;
        var publishing = true;
        var publisher = options.Until != FinalState.Published ? Task.CompletedTask : Task.Run(async () =>
        {
            while (Volatile.Read(ref publishing))
            {
                try
                {
                    var started = clock.Elapsed;
                    var (status, text) = await PublishAsync(http, ct);
                    if (status == HttpStatusCode.OK)
                    {
                        var run = JsonDocument.Parse(text).RootElement;
                        log.WriteLine($"publication {Interlocked.Increment(ref publications)} at {started.TotalSeconds:F1} s: {run.GetProperty("itemsPublished").GetInt32()} items 已发布, " +
                            $"{run.GetProperty("blobsWritten").GetInt32()} blobs written in {(clock.Elapsed - started).TotalSeconds:F1} s");
                    }
                    else if (status != HttpStatusCode.Conflict) problems.Enqueue($"publication: {(int)status} {text}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    problems.Enqueue($"publication: {e.GetType().Name} {e.Message}");
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }, ct);

        // Wait until every accepted item is in its final state, polling its status as a department would.
        var deadline = clock.Elapsed + options.Timeout;
        var pending = accepted.ToList();
        while (pending.Count > 0 && clock.Elapsed < deadline)
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = options.Clients, CancellationToken = ct }, async (s, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{s.Id}");
                request.Headers.Add(RequestPrincipal.Header, Reviewer);
                using var response = await http.SendAsync(request, token);
                if (!response.IsSuccessStatusCode) { s.State = "HTTP " + (int)response.StatusCode; return; }
                var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement;
                s.State = status.GetProperty("item").GetProperty("state").GetString()!;
                s.Publications = Publications(status);
                // 条例第十七条: a clean item waits for a person; the driver's reviewer, who submitted none of them, signs its chain.
                if (options.Until == FinalState.Published && s.State == nameof(ItemState.AwaitingReview) && !s.MustBeBlocked)
                    s.State = await ApproveAsync(http, s.Id!, status.GetProperty("item").GetProperty("version").GetInt32(), token);
                if (IsFinal(options.Until, s.State)) s.FinalAt = clock.Elapsed;
            });
            pending = pending.Where(s => s.FinalAt is null).ToList();
            if (pending.Count > 0) await Task.Delay(500, ct);
        }
        var untilLastFinal = accepted.Count > 0 && pending.Count == 0 ? accepted.Max(s => s.FinalAt!.Value) : clock.Elapsed;

        // The run that recorded the last item as 已发布 writes the site after that: wait for it, then one more run
        // must find nothing to do (every item on the site once, no blob written).
        Volatile.Write(ref publishing, false);
        await publisher;
        var siteComplete = clock.Elapsed;
        var publishedOnce = 0;
        var blockedReturned = 0;
        SearchLoad? search = null;
        if (options.Until == FinalState.Published)
        {
            var clean = accepted.Where(s => !s.MustBeBlocked && s.State == nameof(ItemState.Published)).ToList();
            // The audit entry is delivered right after the state change (or by the outbox sweep): look again where it was not yet there.
            await Parallel.ForEachAsync(clean.Where(s => s.Publications != 1), new ParallelOptions { MaxDegreeOfParallelism = options.Clients, CancellationToken = ct }, async (s, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{s.Id}");
                request.Headers.Add(RequestPrincipal.Header, Reviewer);
                using var response = await http.SendAsync(request, token);
                s.Publications = Publications(JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement);
            });
            publishedOnce = clean.Count(s => s.Publications == 1);
            blockedReturned = accepted.Count(s => s.MustBeBlocked && s.State == nameof(ItemState.Returned));
            var cleanNotPublished = accepted.Count(s => !s.MustBeBlocked && s.State != nameof(ItemState.Published));
            if (cleanNotPublished > 0) problems.Enqueue($"{cleanNotPublished} clean items are not 已发布");
            if (clean.Count(s => s.Publications != 1) is > 0 and var wrong)
                problems.Enqueue($"{wrong} published items do not have exactly one publication in their history");
            var blockedNotReturned = accepted.Count(s => s.MustBeBlocked) - blockedReturned;
            if (blockedNotReturned > 0) problems.Enqueue($"{blockedNotReturned} items with a resident ID number are not 已退回");

            HttpStatusCode last;
            string lastText;
            do
            {
                (last, lastText) = await PublishAsync(http, ct);
                if (last == HttpStatusCode.Conflict) await Task.Delay(500, ct);
            } while (last == HttpStatusCode.Conflict);
            publications++;
            var written = last == HttpStatusCode.OK ? JsonDocument.Parse(lastText).RootElement.GetProperty("blobsWritten").GetInt32() : -1;
            if (written != 0) problems.Enqueue($"a publication with nothing new wrote {written} blobs ({(int)last})");
            if (storage is not null) await CheckSiteAsync(storage, accepted, problems, ct);
            log.WriteLine($"{publications} publication runs; site complete after {siteComplete.TotalSeconds:F1} s");
            search = await SearchEveryItemAsync(http, clean, options.Clients, problems, log, ct);
        }

        // None lost, none stored twice, every 索引号 distinct: from the full list, not from what the clients were told.
        // The list comes in pages: follow its Link rel="next" to the end.
        var listed = new List<(string Title, string Id, string Index)>();
        for (string? listUrl = "/api/submissions?size=500"; listUrl is not null;)
        {
            using var listRequest = new HttpRequestMessage(HttpMethod.Get, listUrl);
            listRequest.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var listResponse = await http.SendAsync(listRequest, ct);
            listed.AddRange(JsonDocument.Parse(await listResponse.Content.ReadAsStringAsync(ct)).RootElement.EnumerateArray()
                .Select(e => (Title: e.GetProperty("title").GetString()!, Id: e.GetProperty("id").GetString()!, Index: e.GetProperty("indexNumber").GetString()!))
                .Where(e => e.Title.Contains(tag, StringComparison.Ordinal)));
            listUrl = listResponse.Headers.TryGetValues("Link", out var links)
                && System.Text.RegularExpressions.Regex.Match(links.First(), "^<([^>]+)>; rel=\"next\"$") is { Success: true } next ? next.Groups[1].Value : null;
        }
        var byTitle = listed.GroupBy(e => e.Title).ToDictionary(g => g.Key, g => g.Count());
        var lost = submissions.Count(s => !byTitle.ContainsKey(s.Title));
        var duplicated = byTitle.Values.Count(c => c > 1);
        var distinctIndexNumbers = listed.Select(e => e.Index).Distinct().Count();
        if (lost > 0) problems.Enqueue($"{lost} items lost");
        if (duplicated > 0) problems.Enqueue($"{duplicated} items stored more than once");
        if (distinctIndexNumbers != listed.Count) problems.Enqueue($"{listed.Count - distinctIndexNumbers} 索引号 given twice");
        if (pending.Count > 0) problems.Enqueue($"{pending.Count} items not final after {options.Timeout.TotalSeconds:F0} s: " +
            string.Join(", ", pending.GroupBy(s => s.State).Select(g => $"{g.Key}×{g.Count()}")));
        var blockedThatPassed = accepted.Count(s => s.MustBeBlocked && s.State is nameof(ItemState.Published) or nameof(ItemState.ReadyToPublish));
        if (blockedThatPassed > 0) problems.Enqueue($"{blockedThatPassed} items with a resident ID number passed the checks");
        var cleanStopped = options.Until == FinalState.Accepted ? 0 : accepted.Count(s => !s.MustBeBlocked && s.State is nameof(ItemState.Returned) or nameof(ItemState.AwaitingReview));
        if (cleanStopped > 0) log.WriteLine($"note: {cleanStopped} clean items were held for review");

        if (options.Until == FinalState.Accepted && storage is not null)
        {
            // The one place the work for each item is visible before a consumer exists: its compliance check request.
            var requests = await CheckRequestsAsync(storage, ct);
            var perItem = requests.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.Count());
            var missing = accepted.Count(s => !perItem.ContainsKey(s.Id!));
            var twice = perItem.Values.Count(c => c > 1);
            if (missing > 0) problems.Enqueue($"{missing} items have no compliance check request");
            if (twice > 0) problems.Enqueue($"{twice} items have more than one compliance check request");
        }

        var latencies = accepted.Select(s => s.Latency).Order().ToList();
        var report = new LoadReport(options.Items, options.Clients, options.Until, accepted.Count, retries, lost, duplicated, distinctIndexNumbers,
            blockedThatPassed, pending.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), submitPhase,
            untilLastFinal, accepted.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count()), problems.ToList())
        {
            PublishedOnce = publishedOnce,
            BlockedReturned = blockedReturned,
            Publications = publications,
            Search = search,
        };

        log.WriteLine($"intake latency p50 {report.P50.TotalMilliseconds:F0} ms, p95 {report.P95.TotalMilliseconds:F0} ms, p99 {report.P99.TotalMilliseconds:F0} ms");
        log.WriteLine($"last item final ({options.Until}) after {report.UntilLastFinal.TotalSeconds:F1} s; states: {string.Join(", ", report.States.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        log.WriteLine($"lost {lost}, duplicated {duplicated}, distinct 索引号 {distinctIndexNumbers} of {listed.Count}, blocked items that passed {blockedThatPassed}");
        if (options.Until == FinalState.Published)
            log.WriteLine($"published exactly once {publishedOnce} of {accepted.Count(s => !s.MustBeBlocked)} clean items, 已退回 {blockedReturned} of {accepted.Count(s => s.MustBeBlocked)} with a resident ID number");
        log.WriteLine(report.Passed ? "PASS" : "FAIL:\n  " + string.Join("\n  ", report.Problems.Take(20)));
        return report;
    }

    /// <summary>
    /// Looks every published item up by its title through the portal's query service (the search page's first request),
    /// all clients at once: each must come back as the one result, since a title's terms (the run's tag, 第n号) name one
    /// item. An answer "busy" (503, the instance's limit) is asked again after its Retry-After, as the page would read
    /// the static index instead; the count says how often.
    /// </summary>
    private static async Task<SearchLoad> SearchEveryItemAsync(HttpClient http, List<Submission> published, int clients, ConcurrentQueue<string> problems,
        TextWriter log, CancellationToken ct)
    {
        var latencies = new ConcurrentBag<TimeSpan>();
        var found = 0;
        var busy = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(published, new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = ct }, async (s, token) =>
        {
            while (true)
            {
                var started = clock.Elapsed;
                using var response = await http.GetAsync("/api/search?q=" + Uri.EscapeDataString(s.Title), token);
                latencies.Add(clock.Elapsed - started);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref busy);
                    await Task.Delay(TimeSpan.FromSeconds(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1), token);
                    continue;
                }
                var text = await response.Content.ReadAsStringAsync(token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    problems.Enqueue($"search for {s.Title}: {(int)response.StatusCode} {text}");
                    return;
                }
                var urls = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("url").GetString()).ToList();
                if (urls.SequenceEqual([Disclosure.Publishing.SiteUrls.Item(s.Id!)])) Interlocked.Increment(ref found);
                else problems.Enqueue($"search for {s.Title} gave [{string.Join(", ", urls)}]");
                return;
            }
        });
        var sorted = latencies.Order().ToList();
        var load = new SearchLoad(sorted.Count, found, busy, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), clock.Elapsed);
        log.WriteLine($"search: {published.Count} items looked up by title through GET /api/search with {clients} clients in {load.Elapsed.TotalSeconds:F1} s "
            + $"({load.Queries / load.Elapsed.TotalSeconds:F0} queries/s), each the one result: {found}; busy (503) {busy}; "
            + $"latency p50 {load.P50.TotalMilliseconds:F0} ms, p95 {load.P95.TotalMilliseconds:F0} ms, p99 {load.P99.TotalMilliseconds:F0} ms");
        return load;
    }

    private static int Publications(JsonElement status) => status.TryGetProperty("history", out var history)
        ? history.EnumerateArray().Count(h => h.GetProperty("action").GetString() == AuditAction.Published)
        : 0;

    private static async Task<(HttpStatusCode Status, string Text)> PublishAsync(HttpClient http, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        request.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The site's own record (the publisher's manifest) and <c>$web</c>: each published item once, no blocked item at all.</summary>
    private static async Task CheckSiteAsync(string connectionString, List<Submission> accepted, ConcurrentQueue<string> problems, CancellationToken ct)
    {
        var blobs = new BlobServiceClient(connectionString);
        // The manifest is kept in parts (issue 19): its store assembles them.
        var manifest = (await new Disclosure.Adapters.Publishing.BlobSiteStore(blobs).ReadManifestAsync(ct))?.Items.Keys.ToHashSet(StringComparer.Ordinal)
            ?? new HashSet<string>(StringComparer.Ordinal);
        var pages = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.GetBlobContainerClient("$web").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "items/", ct)) pages.Add(blob.Name);
        var published = accepted.Where(s => s.State == nameof(ItemState.Published)).ToList();
        var missing = published.Count(s => !manifest.Contains(s.Id!) || !pages.Contains($"items/{s.Id}.html"));
        var blocked = accepted.Count(s => s.MustBeBlocked && (manifest.Contains(s.Id!) || pages.Contains($"items/{s.Id}.html")));
        if (missing > 0) problems.Enqueue($"{missing} published items missing from the site");
        if (blocked > 0) problems.Enqueue($"{blocked} items with a resident ID number are on the site");
    }

    /// <summary>Approves the pending step of a clean item's review chain through the review API; the state it is in after.</summary>
    private static async Task<string> ApproveAsync(HttpClient http, string id, int version, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/{id}") { Content = JsonContent.Create(new { decision = "approve", version }) };
        request.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var response = await http.SendAsync(request, ct);
        // Another poll may have signed it a moment before (409): the next poll reads where it is.
        if (!response.IsSuccessStatusCode) return nameof(ItemState.AwaitingReview) + " (approval answered " + (int)response.StatusCode + ")";
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("state").GetString()!;
    }

    private static bool IsFinal(FinalState until, string state) => until switch
    {
        FinalState.Accepted => state is not "" && !state.StartsWith("HTTP", StringComparison.Ordinal),
        FinalState.Checked => state is not ("" or nameof(ItemState.Submitted) or nameof(ItemState.Checking)) && !state.StartsWith("HTTP", StringComparison.Ordinal),
        _ => state is nameof(ItemState.Published) or nameof(ItemState.Returned) or nameof(ItemState.AwaitingReview)
            or nameof(ItemState.CheckFailed) or nameof(ItemState.PublishFailed),
    };

    private static object Body(Submission s) => new
    {
        title = s.Title,
        column = "tzgg",
        genre = "通知",
        documentNumber = $"市科发〔2026〕{s.Number}号",
        formedOn = "2026-11-20",
        attribute = "主动公开",
        keywords = new[] { "科技计划", "负载测试" },
        summary = "负载测试用的通知。",
        body = s.MustBeBlocked
            ? $"各有关单位：项目联系人张某，身份证号码 {ResidentId(s.Number)}，联系电话见附件。"
            : "各有关单位：现将2026年度市级科技计划项目申报有关事项通知如下，请按时报送。",
    };

    /// <summary>A resident ID number with a valid GB 11643 check digit (ISO 7064 MOD 11-2), so the checks must treat it as real.</summary>
    public static string ResidentId(int n)
    {
        var first17 = $"330106{1960 + n % 40}{1 + n % 12:D2}{1 + n % 28:D2}{n % 1000:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p)
        => sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<List<CheckRequest>> CheckRequestsAsync(string connectionString, CancellationToken ct)
    {
        var queue = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(WorkQueues.ComplianceChecks);
        var found = new List<CheckRequest>();
        if (!await queue.ExistsAsync(ct)) return found;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), ct)).Value;
            if (batch.Length == 0) return found;
            found.AddRange(batch.Select(m => CheckRequest.Parse(m.Body.ToString())));
        }
    }
}
