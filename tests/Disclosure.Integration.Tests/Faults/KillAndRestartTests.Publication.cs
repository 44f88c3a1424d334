using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Publishing;
using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LoadDriver;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Storage;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Faults;

/// <summary>
/// The whole way to 已发布 with four hosts on one Azurite, each but the last killed in the middle: the first while
/// departments submit (and the checks run), the second while a publication records items as 已发布, the third while a
/// publication writes the site. Every fourth item carries a valid resident ID number: it must end 已退回, its department
/// told by e-mail (a real SMTP server on 127.0.0.1), and never reach the site.
/// <para>The notification dispatcher sends a mail and then marks the delivery Delivered; a dispatcher killed between
/// the two (after the SMTP server's 250, before one Table write) resends after its lease (5 minutes) with the same
/// Message-ID. That window is not hit at random here: a dispatcher that sent some mails ran to completion, and the one
/// that is "killed" has claimed a delivery and not sent it, the case the lease exists for.</para>
/// </summary>
public partial class KillAndRestartTests
{
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);
    private const string Department = "xmc";
    private const string DepartmentMailbox = "xmc@kjj.gov.cn";

    [Fact]
    public async Task Items_killed_during_submission_and_publication_are_each_published_exactly_once_returned_ones_never_and_each_notice_is_mailed_once()
    {
        const int items = 24;
        static bool MustBeReturned(int n) => n % 4 == 0;
        static string Title(int n) => $"中断发布测试第{n:D2}号通知";
        await using var azurite = await Azurite.StartAsync();
        await using var smtp = await SmtpCapture.StartAsync();
        var settings = new Dictionary<string, string?>(Mail.Settings(smtp))
        {
            ["Storage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        var numbers = Enumerable.Range(1, items).ToList();
        Dictionary<string, object?> Body(int n)
        {
            var body = Submissions.Valid(Title(n));
            if (MustBeReturned(n)) body["body"] = $"项目联系人王某，身份证号码 {LoadRun.ResidentId(n)}，联系电话见附件。";
            return body;
        }
        var answered = new ConcurrentDictionary<int, string>();

        // 1. Killed while submitting (the checks run on its queue runner meanwhile).
        var first = await TestHosts.StartAsync(settings, adjustQueues: Queues);
        using (var client = first.Client())
        {
            var submitting = Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
            {
                try
                {
                    using var response = await client.SendAsync(Submissions.Json(Body(n), Department, idempotencyKey: $"kill-publish-{n}"));
                    if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                        answered[n] = (await Submissions.JsonOf(response)).GetProperty("id").GetString()!;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { /* the host died under this request */ }
            });
            while (answered.Count < items / 4) await Task.Delay(20);
            await KillAsync(first);
            await submitting;
        }
        output.WriteLine($"{answered.Count} of {items} submissions were answered before the first host was killed");

        // 2. A new host: sweep, the clients retry with their keys, the checks finish; then killed while publishing.
        var second = await TestHosts.StartAsync(settings, adjustQueues: Queues);
        await Outbox.RunSweepAsync(second);
        foreach (var n in numbers)
        {
            using var response = await second.Client().SendAsync(Submissions.Json(Body(n), Department, idempotencyKey: $"kill-publish-{n}"));
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"#{n}: {response.StatusCode}");
            var id = (await Submissions.JsonOf(response)).GetProperty("id").GetString()!;
            if (answered.TryGetValue(n, out var earlier)) Assert.Equal(earlier, id);
            answered[n] = id;
        }
        await Outbox.RunSweepAsync(second);
        var store = second.Services.GetRequiredService<IItemStore>();
        var clean = numbers.Where(n => !MustBeReturned(n)).Select(n => answered[n]).Order().ToList();
        var returned = numbers.Where(MustBeReturned).Select(n => answered[n]).Order().ToList();
        var states = await WaitForAsync(store, answered.Values, s => s is not (ItemState.Submitted or ItemState.Checking), TimeSpan.FromMinutes(2));
        // 条例第十七条: a clean item waits for a person; a reviewer who did not submit it signs its chain.
        Assert.All(clean, id => Assert.Equal(ItemState.AwaitingReview, states[id]));
        foreach (var id in clean) states[id] = await ReviewChain.SignAsync(second.Client(), id);
        Assert.All(clean, id => Assert.Equal(ItemState.ReadyToPublish, states[id]));
        Assert.All(returned, id => Assert.Equal(ItemState.Returned, states[id]));

        // The department notices of the returned items: a dispatcher sends two and finishes; another claims one and
        // dies before sending it.
        var outbox = second.Services.GetRequiredService<IOutbox>();
        var dispatchOptions = second.Services.GetRequiredService<OutboxDispatchOptions>();
        // A notice is recorded just after its item's 已退回 commits; one whose check the first host was killed between the
        // two is recorded when that check message comes round again (after its processing lease).
        var due = DateTime.UtcNow.AddSeconds(30);
        while ((await outbox.ListDueAsync(DateTimeOffset.UtcNow, 100)).Count < returned.Count && DateTime.UtcNow < due) await Task.Delay(100);
        Assert.Equal(returned.Count, (await outbox.ListDueAsync(DateTimeOffset.UtcNow, 100)).Count);
        Assert.Equal(2, (await Mail.Dispatcher(second, DateTimeOffset.UtcNow, batchSize: 2).DispatchAsync()).Delivered);
        var abandoned = await outbox.TryClaimAsync((await outbox.ListDueAsync(DateTimeOffset.UtcNow, 1)).Single(), DateTimeOffset.UtcNow, dispatchOptions.Lease);
        Assert.NotNull(abandoned);

        var publishedAtKill = await KillDuringPublicationAsync(second,
            async () => (await StatesAsync(store, clean)).Values.Any(s => s == ItemState.Published));
        output.WriteLine($"second host killed while recording publications ({(int)publishedAtKill.Answer}): {publishedAtKill.States.Count(s => s == ItemState.Published)} of {clean.Count} items 已发布 then");

        // 3. A new host publishes again and is killed while writing the site.
        var third = await TestHosts.StartAsync(settings, adjustQueues: Queues);
        await Outbox.RunSweepAsync(third);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var pagesBefore = (await SiteBlobsAsync(blobs)).Count;
        var writingAtKill = await KillDuringPublicationAsync(third, async () => (await SiteBlobsAsync(blobs)).Count > pagesBefore);
        output.WriteLine($"third host killed while writing the site ({(int)writingAtKill.Answer}): {(await SiteBlobsAsync(blobs)).Count} blobs in $web, manifest written: {await ManifestAsync(blobs) is not null}");

        // 4. The last host completes everything: sweep, the dispatcher after the dead one's lease, a publication.
        await using var fourth = await TestHosts.StartAsync(settings, adjustQueues: Queues);
        await Outbox.RunSweepAsync(fourth);
        var afterLease = DateTimeOffset.UtcNow + dispatchOptions.Lease + TimeSpan.FromMinutes(1);
        Assert.Equal(returned.Count - 2, (await Mail.Dispatcher(fourth, afterLease).DispatchAsync()).Delivered);
        Assert.Equal(new DispatchResult(0, 0, 0), await Mail.Dispatcher(fourth, afterLease + TimeSpan.FromMinutes(1)).DispatchAsync());
        using var client4 = fourth.Client();
        var run = await PublishUntilRunAsync(client4);
        output.WriteLine($"last publication: {run}");
        var again = await PublishUntilRunAsync(client4);
        Assert.Equal((0, 0, 0), (again.GetProperty("itemsPublished").GetInt32(), again.GetProperty("blobsWritten").GetInt32(), again.GetProperty("blobsDeleted").GetInt32()));
        await Outbox.RunSweepAsync(fourth);
        Assert.Empty(await Outbox.PendingAsync(azurite.ConnectionString));

        // Every item exists once; every clean one is 已发布 with exactly one publication, every returned one never.
        store = fourth.Services.GetRequiredService<IItemStore>();
        var stored = new List<DisclosureItem>();
        await foreach (var item in store.ListAsync(new ItemQuery(Department))) stored.Add(item);
        Assert.Equal(items, stored.Count);
        Assert.Equal(items, stored.Select(i => i.IndexNumber.ToString()).Distinct().Count());
        Assert.Equal(answered.Values.Order(), stored.Select(i => i.Id).Order());
        var audit = fourth.Services.GetRequiredService<IAuditTrail>();
        foreach (var item in stored)
        {
            var entries = await audit.ListAsync(item.Id);
            if (clean.Contains(item.Id))
            {
                Assert.Equal((ItemState.Published, 1), (item.State, item.PublishedVersion));
                Assert.Single(entries, e => e.EventId == "published-v1");
                Assert.Single(entries, e => e.Action == AuditAction.Published);
            }
            else
            {
                Assert.Equal(ItemState.Returned, item.State);
                Assert.DoesNotContain(entries, e => e.Action == AuditAction.Published);
            }
            Assert.Single(entries, e => e.Action == AuditAction.Checked);
        }

        // The site: the manifest, the pages in $web, the feeds and the search index each hold every clean item once.
        var manifest = (await fourth.Services.GetRequiredService<ISiteStore>().ReadManifestAsync(default))!;
        Assert.Equal(clean, manifest.Items.Keys.Order());
        var site = await SiteBlobsAsync(blobs);
        Assert.Equal(clean.Select(id => $"items/{id}.html"), site.Where(b => b.StartsWith("items/", StringComparison.Ordinal)).Order());
        Assert.All(returned, id => Assert.DoesNotContain(site, b => b.Contains(id, StringComparison.Ordinal)));
        var container = blobs.GetBlobContainerClient(BlobSiteStore.SiteContainer);
        foreach (var feed in new[] { "feeds/all.xml", "feeds/tzgg.xml" })
        {
            var links = FeedLinks(XDocument.Parse((await container.GetBlobClient(feed).DownloadContentAsync()).Value.Content.ToString()));
            Assert.Equal(clean.Select(id => SiteUrls.Item(id)), links.Select(l => new Uri(l).AbsolutePath).Order());
        }
        var ordinals = new Dictionary<string, int>();
        await foreach (var bucket in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, SearchIndexFormat.IdBucketsFolder, default))
            foreach (var (id, ordinal) in SearchIndexFormat.ReadIdBucket((await container.GetBlobClient(bucket.Name).DownloadContentAsync()).Value.Content.ToArray()))
                ordinals.Add(id, ordinal);
        Assert.Equal(clean, ordinals.Keys.Order());
        Assert.Equal(ordinals.Count, ordinals.Values.Distinct().Count());
        var metaUrls = new List<string>();
        for (var page = 0; ; page++)
        {
            var meta = container.GetBlobClient(SearchIndexFormat.MetaPath(page));
            if (!await meta.ExistsAsync()) break;
            metaUrls.AddRange(SearchMetaPage.Decode((await meta.DownloadContentAsync()).Value.Content.ToArray()).OfType<SearchMeta>().Select(m => m.Url));
        }
        Assert.Equal(clean.Select(id => SiteUrls.Item(id)), metaUrls.Order());
        var search = new SearchIndexReader(new BlobSiteFiles(container));
        Assert.Equal(clean.Count, (await search.SearchAsync("中断发布测试", pageSize: 100)).Hits.Count);
        foreach (var n in numbers.Where(MustBeReturned))
            Assert.Empty((await search.SearchAsync(Title(n))).Hits);

        // Each notice recorded once in the outbox, delivered, and received by the SMTP server exactly once.
        var deliveries = await fourth.Services.GetRequiredService<IOutbox>().ListAsync(new OutboxFilter { Max = 1000 });
        Assert.Equal(returned.Select(id => $"check-returned-{id}-v1").Order(), deliveries.Select(d => d.NotificationId).Order());
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Delivered, ChannelKind.Email, DepartmentMailbox), (d.Status, d.Channel, d.Address)));
        Assert.Equal(2, deliveries.Single(d => d.DeliveryId == abandoned!.DeliveryId).Attempts); // the dead claim, then the send
        var received = await Mail.ReceivedAsync(smtp);
        Assert.Equal(deliveries.Select(d => $"{d.DeliveryId}@kjj.gov.cn").Order(), received.Select(Mail.MessageId).Order());
        Assert.All(received, m => Assert.Equal(DepartmentMailbox, m.GetProperty("rcptTo")[0].GetString()));
        Assert.Equal(deliveries.Select(d => d.Subject).Order(), received.Select(m => m.GetProperty("subject").GetString()).Order());
    }

    private static Task<SiteManifest?> ManifestAsync(BlobServiceClient blobs) => new BlobSiteStore(blobs).ReadManifestAsync(default);

    /// <summary>The local host stopped with its requests aborted, as in the first test.</summary>
    private static async Task KillAsync(LocalFunctionsHost host)
    {
        await host.App.StopAsync(new CancellationToken(canceled: true));
        await host.DisposeAsync();
    }

    /// <summary>Starts <c>POST /api/publications</c>, kills the host once <paramref name="underway"/> holds, and returns the states then.</summary>
    private static async Task<(List<ItemState> States, HttpStatusCode Answer)> KillDuringPublicationAsync(LocalFunctionsHost host, Func<Task<bool>> underway)
    {
        using var client = host.Client();
        var publishing = Task.Run(async () =>
        {
            try
            {
                // A run the previous host started may still hold the lock until it notices it was cancelled.
                while (true)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
                    request.Headers.Add(RequestPrincipal.Header, Reviewer);
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.Conflict) return response.StatusCode;
                    await Task.Delay(100);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { return (HttpStatusCode)0; }
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!publishing.IsCompleted && !await underway() && DateTime.UtcNow < deadline) await Task.Delay(10);
        var store = host.Services.GetRequiredService<IItemStore>();
        var states = new List<ItemState>();
        await foreach (var item in store.ListAsync(new ItemQuery(Department))) states.Add(item.State);
        await KillAsync(host);
        // 0: the request died with the host, as intended; 200 would mean the run finished before the kill.
        return (states, await publishing);
    }

    /// <summary>POST /api/publications as a reviewer, waiting while a killed host's lock is still held (409), at most its lease.</summary>
    private static async Task<JsonElement> PublishUntilRunAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + BlobSiteStore.LeaseDuration + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
            request.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(text).RootElement.Clone();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict && DateTime.UtcNow < deadline, $"{response.StatusCode}: {text}");
            await Task.Delay(500);
        }
    }

    private static async Task<Dictionary<string, ItemState>> StatesAsync(IItemStore store, IEnumerable<string> ids)
    {
        var states = new Dictionary<string, ItemState>();
        foreach (var id in ids) states[id] = (await store.GetAsync(id))!.Item.State;
        return states;
    }

    private static async Task<Dictionary<string, ItemState>> WaitForAsync(IItemStore store, IEnumerable<string> ids, Func<ItemState, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = await StatesAsync(store, ids);
            if (states.Values.All(done) || DateTime.UtcNow > deadline) return states;
            await Task.Delay(250);
        }
    }

    private static async Task<List<string>> SiteBlobsAsync(BlobServiceClient blobs)
    {
        var container = blobs.GetBlobContainerClient(BlobSiteStore.SiteContainer);
        var names = new List<string>();
        if (!await container.ExistsAsync()) return names;
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        return names;
    }

    private static List<string> FeedLinks(XDocument feed)
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        return feed.Root!.Elements(atom + "entry")
            .Select(e => e.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value).ToList();
    }
}
