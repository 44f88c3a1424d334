using System.Collections.Concurrent;
using System.Net;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Functions;
using Disclosure.LocalHost.Storage;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Disclosure.Integration.Tests.Faults;

/// <summary>
/// The local host is stopped with its in-flight requests aborted (a cancelled stop, not a graceful drain) while clients
/// are submitting; a new host starts on the same Azurite, the outbox sweep runs, and the clients retry what failed
/// with the same idempotency keys, as a browser's form token or an integration's key makes them do. The compliance
/// check runs on both hosts' queue runners. (A checked item waits for a person, 条例第十七条; a reviewer other than the
/// submitter signs it, and its final state here is 待发布, its render request handled by RenderItem, which renders its
/// page; the nightly publication is not run.)
/// </summary>
public partial class KillAndRestartTests(ITestOutputHelper output)
{
    // A message the killed host had taken comes back after its processing lease: 10 minutes as in Azure, 10 s here. (At
    // 3 s, on a loaded machine, one item now and then ended 检查失败, then blamed on a check outliving its lease. It went
    // on now and then at 10 s, within two seconds of the restart: the killed host's cancelled submission deleted the body
    // of a version whose transaction storage applied just after, so every check of it failed. Fixed in the intake, see
    // CancelledSubmissionTests.)
    private static QueueHostOptions Queues(QueueHostOptions q) => q with
    {
        VisibilityTimeout = TimeSpan.FromMilliseconds(200), MaxPollingInterval = TimeSpan.FromMilliseconds(200), ProcessingLease = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Items_submitted_and_checked_while_the_host_is_killed_each_exist_once_and_are_checked_exactly_once_after_a_restart()
    {
        const int items = 40;
        await using var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?> { ["Storage"] = azurite.ConnectionString };
        var keys = Enumerable.Range(1, items).Select(i => $"kill-{i:D3}").ToList();
        var answered = new ConcurrentDictionary<string, string>();

        var renders = new Publishing.RenderOutcomes();
        var first = await TestHosts.StartAsync(settings, adjustQueues: Queues, services: renders.AddTo);
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

        await using var second = await TestHosts.StartAsync(settings, adjustQueues: Queues, services: renders.AddTo);
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

        // Every item leaves 已提交/检查中 (a check the killed host had started is redone by the new one from the queue),
        // each is checked exactly once, and each approved one asks the publisher.
        var audit = second.Services.GetRequiredService<IAuditTrail>();
        var store = second.Services.GetRequiredService<IItemStore>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var states = new Dictionary<string, ItemState>();
        while (true)
        {
            foreach (var item in stored) states[item.Id] = (await store.GetAsync(item.Id))!.Item.State;
            if (states.Values.All(s => s is not (ItemState.Submitted or ItemState.Checking)) || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        output.WriteLine("states: " + string.Join(", ", states.Values.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.All(states.Values, s => Assert.Contains(s, new[] { ItemState.ReadyToPublish, ItemState.AwaitingReview, ItemState.Returned }));
        foreach (var item in stored)
        {
            var actions = (await audit.ListAsync(item.Id)).Select(e => e.Action).ToList();
            Assert.Equal(1, actions.Count(a => a == "submitted"));
            Assert.Equal(1, actions.Count(a => a == "checked"));
            Assert.DoesNotContain("check-failed", actions);
        }
        // Each clean item waits for a person: a reviewer who did not submit it signs its chain through the review API.
        foreach (var id in states.Where(s => s.Value == ItemState.AwaitingReview).Select(s => s.Key).ToList())
            states[id] = await ReviewChain.SignAsync(second.Client(), id);
        await Outbox.RunSweepAsync(second);
        Assert.Empty(await Outbox.PendingAsync(azurite.ConnectionString));
        // Each approved item asked the publisher exactly for its version: RenderItem (on either host's queue runner)
        // rendered its page. Delivery is at least once; a repeated request renders it again.
        var ready = states.Where(s => s.Value == ItemState.ReadyToPublish).Select(s => s.Key).Order().ToList();
        Assert.NotEmpty(ready);
        foreach (var id in ready) Assert.Equal(RenderOutcome.Ready, await renders.WaitAsync(id, 1, TimeSpan.FromSeconds(60)));
        Assert.Equal(ready, renders.Items.Order());
    }
}
