using System.Collections.Concurrent;
using System.Net;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Disclosure.Integration.Tests.Faults;

/// <summary>
/// The local host is stopped with its in-flight requests aborted (a cancelled stop, not a graceful drain) while clients
/// are submitting; a new host starts on the same Azurite, the outbox sweep runs, and the clients retry what failed
/// with the same idempotency keys, as a browser's form token or an integration's key makes them do.
/// </summary>
public class KillAndRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Items_submitted_while_the_host_is_killed_each_exist_once_with_their_check_request_delivered_exactly_once()
    {
        const int items = 40;
        await using var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?> { ["Storage"] = azurite.ConnectionString };
        var keys = Enumerable.Range(1, items).Select(i => $"kill-{i:D3}").ToList();
        var answered = new ConcurrentDictionary<string, string>();

        var first = await TestHosts.StartAsync(settings, runQueues: false);
        using var client = new HttpClient { BaseAddress = first.BaseAddress };
        var submitting = Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) =>
        {
            try
            {
                using var response = await client.SendAsync(Submissions.Json(Submissions.Valid("中断测试 " + key), department: "xmc", idempotencyKey: key));
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                    answered[key] = (await Submissions.JsonOf(response)).GetProperty("id").GetString()!;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { /* the host died under this request */ }
        });
        while (answered.Count < items / 4) await Task.Delay(20);
        await first.App.StopAsync(new CancellationToken(canceled: true));
        await first.DisposeAsync();
        await submitting;
        output.WriteLine($"{answered.Count} of {items} submissions were answered before the host was killed");

        await using var second = await TestHosts.StartAsync(settings, runQueues: false);
        await Outbox.RunSweepAsync(second);
        foreach (var key in keys)
        {
            using var response = await second.Client().SendAsync(Submissions.Json(Submissions.Valid("中断测试 " + key), department: "xmc", idempotencyKey: key));
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{key}: {response.StatusCode}");
            var id = (await Submissions.JsonOf(response)).GetProperty("id").GetString()!;
            if (answered.TryGetValue(key, out var earlier)) Assert.Equal(earlier, id);
            answered[key] = id;
        }
        await Outbox.RunSweepAsync(second);

        var stored = new List<DisclosureItem>();
        await foreach (var item in second.Services.GetRequiredService<IItemStore>().ListAsync(new ItemQuery("xmc"))) stored.Add(item);
        Assert.Equal(items, stored.Count);
        Assert.Equal(items, stored.Select(i => i.Title).Distinct().Count());
        Assert.Equal(items, stored.Select(i => i.IndexNumber.ToString()).Distinct().Count());
        Assert.Equal(answered.Values.Order(), stored.Select(i => i.Id).Order());
        Assert.Empty(await Outbox.PendingAsync(azurite.ConnectionString));

        // Without the compliance flow on this branch, the final state is Submitted with its check request on the queue
        // exactly once; once CheckItem consumes the queue, this becomes "every item left Checking, each checked once".
        Assert.All(stored, i => Assert.Equal(ItemState.Submitted, i.State));
        var requests = await Outbox.CheckRequestsAsync(azurite.ConnectionString);
        Assert.Equal(stored.Select(i => i.Id).Order(), requests.Select(r => r.ItemId).Order());
        var audit = second.Services.GetRequiredService<IAuditTrail>();
        foreach (var item in stored) Assert.Equal("submitted", Assert.Single(await audit.ListAsync(item.Id)).Action);
    }
}
