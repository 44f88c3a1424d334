using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Storage;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>Issue 17: <c>GET /api/health?details</c> tells administrators how the work stands; anyone else gets the status.</summary>
public class HealthDetailsTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("运维管理员", null, "Administrator");

    [Fact]
    public async Task Administrator_details_show_poison_messages_the_last_publication_the_outbox_and_a_missing_next_year_calendar()
    {
        await using var own = await Azurite.StartAsync();
        // Mid-2026: the bundled 调休 calendar and plan cover 2026, nothing covers 2027 yet.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = own.ConnectionString }, runQueues: false,
            services: s => s.AddSingleton<TimeProvider>(clock));
        var client = host.Client();

        using (var before = JsonDocument.Parse(await GetDetailsAsync(client)))
        {
            var details = before.RootElement.GetProperty("details");
            Assert.Equal(JsonValueKind.Null, details.GetProperty("lastPublication").ValueKind);
            Assert.All(details.GetProperty("poisonQueues").EnumerateArray(), q => Assert.Equal(0, q.GetProperty("messages").GetInt32()));
        }

        var poison = new QueueClient(own.ConnectionString, WorkQueues.PoisonOf(WorkQueues.RenderPages));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("eyJpdGVtSWQiOiJ4In0=");
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        publish.Headers.Add(RequestPrincipal.Header, Administrator);
        using var published = await client.SendAsync(publish);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        using var run = JsonDocument.Parse(await published.Content.ReadAsStringAsync());

        using var after = JsonDocument.Parse(await GetDetailsAsync(client));
        var shown = after.RootElement.GetProperty("details");
        var counts = shown.GetProperty("poisonQueues").EnumerateArray()
            .ToDictionary(q => q.GetProperty("queue").GetString()!, q => q.GetProperty("messages").GetInt32());
        Assert.Equal(WorkQueues.All.Select(WorkQueues.PoisonOf).Order(), counts.Keys.Order());
        Assert.Equal(1, counts[WorkQueues.PoisonOf(WorkQueues.RenderPages)]);
        Assert.Equal(0, counts[WorkQueues.PoisonOf(WorkQueues.ComplianceChecks)]);

        var last = shown.GetProperty("lastPublication");
        Assert.Equal("OnDemand", last.GetProperty("trigger").GetString());
        Assert.Equal("Completed", last.GetProperty("result").GetString());
        Assert.Equal(run.RootElement.GetProperty("blobsWritten").GetInt32(), last.GetProperty("blobsWritten").GetInt32());
        Assert.True(last.GetProperty("blobsWritten").GetInt32() > 0);
        Assert.Equal(clock.GetUtcNow(), last.GetProperty("finishedAt").GetDateTimeOffset());

        var outbox = shown.GetProperty("outbox");
        Assert.Equal(0, outbox.GetProperty("failed").GetInt32());
        Assert.True(outbox.GetProperty("undelivered").GetInt32() >= 0);

        var coverage = shown.GetProperty("coverage").EnumerateArray().ToDictionary(c => c.GetProperty("year").GetInt32());
        Assert.Equal([2026, 2027], coverage.Keys.Order());
        Assert.True(coverage[2026].GetProperty("calendar").GetBoolean());
        Assert.True(coverage[2026].GetProperty("plan").GetBoolean());
        Assert.Equal(("国办发明电〔2025〕7号", false),
            (coverage[2026].GetProperty("calendarSource").GetString(), coverage[2026].GetProperty("calendarEntered").GetBoolean()));
        Assert.False(coverage[2027].GetProperty("calendar").GetBoolean());
        Assert.False(coverage[2027].GetProperty("plan").GetBoolean());
    }

    [Fact]
    public async Task Details_count_the_outbox_with_a_bounded_query_that_reads_only_the_status_of_each_delivery()
    {
        // The outbox keeps every delivered message with its bodies; asking for the backlog once read all of them.
        var (proxy, connection) = await StorageProxy.InFrontOfAsync(await TestStorage.ConnectionStringAsync(), service: 2);
        await using var _ = proxy;
        var outboxQueries = new ConcurrentQueue<string>();
        proxy.FailWhen = request =>
        {
            if (request.Method == "GET" && request.Path.Value!.Contains("/outbox(", StringComparison.Ordinal))
                outboxQueries.Enqueue(Uri.UnescapeDataString(request.QueryString.Value ?? ""));
            return false;
        };
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = connection }, runQueues: false);

        using var details = JsonDocument.Parse(await GetDetailsAsync(host.Client()));

        // The shared Azurite holds other tests' deliveries: only the shape of the answer is this test's to assert.
        Assert.Contains(details.RootElement.GetProperty("details").GetProperty("outbox").GetProperty("limitReached").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.NotEmpty(outboxQueries);
        Assert.All(outboxQueries, query =>
        {
            Assert.Contains("$select=Status", query);
            Assert.Contains("$top=", query);
        });
    }

    [Fact]
    public async Task Anyone_but_an_administrator_asking_for_details_gets_only_the_status()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false, environment: "Production");
        using var anonymous = await host.Client().GetAsync("/api/health?details");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await anonymous.Content.ReadAsStringAsync());

        using var submitter = new HttpRequestMessage(HttpMethod.Get, "/api/health?details");
        submitter.Headers.Add(RequestPrincipal.Header, Submissions.Identity("bgs"));
        using var answer = await host.Client().SendAsync(submitter);
        Assert.Equal("{\"status\":\"ok\"}", await answer.Content.ReadAsStringAsync());
    }

    private static async Task<string> GetDetailsAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health?details");
        request.Headers.Add(RequestPrincipal.Header, Administrator);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }
}
