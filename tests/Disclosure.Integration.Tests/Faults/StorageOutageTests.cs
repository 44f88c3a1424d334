using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Faults;

/// <summary>
/// One storage service down at a time, through a proxy that answers 503 Server Busy, each test on its own Azurite (so no
/// other test's host can take its queue messages). The table-transaction case is Intake/StorageFailureTests.
/// </summary>
public class StorageOutageTests
{
    private const int Blob = 0, Queue = 1;

    [Fact]
    public async Task With_blob_storage_down_from_the_start_a_submission_is_503_with_Retry_After_nothing_is_stored_and_the_retry_succeeds_once()
    {
        await using var azurite = await Azurite.StartAsync();
        var (proxy, connection) = await StorageProxy.InFrontOfAsync(azurite.ConnectionString, Blob);
        await using var _ = proxy;
        proxy.Down = true; // also the container's first create-if-not-exists fails: the store must try it again later
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = connection }, runQueues: false);

        var body = Submissions.Valid("对象存储故障时的提交");
        body["attachments"] = new[] { new { fileName = "附件.pdf", contentBase64 = Convert.ToBase64String(Submissions.Pdf()) } };
        using var failed = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "blob-down"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.True(failed.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must say when to retry");
        Assert.True(proxy.Refused > 0);
        Assert.Empty(await ItemRowsAsync(azurite.ConnectionString));
        Assert.Empty(await Outbox.CheckRequestsAsync(azurite.ConnectionString));
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("items");
        Assert.False(await blobs.ExistsAsync() && (await blobs.GetBlobsAsync().ToListAsync()).Count > 0);

        proxy.Down = false;
        using var retried = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "blob-down"));
        using var repeated = await host.Client().SendAsync(Submissions.Json(body, idempotencyKey: "blob-down"));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var first = await Submissions.JsonOf(retried);
        Assert.Equal(first.GetProperty("id").GetString(), (await Submissions.JsonOf(repeated)).GetProperty("id").GetString());
        Assert.EndsWith("-00001", first.GetProperty("indexNumber").GetString());
        Assert.Equal(2, (await blobs.GetBlobsAsync().ToListAsync()).Count);
        Assert.Equal(["item", "v00001"], (await ItemRowsAsync(azurite.ConnectionString)).Select(r => r.RowKey).Order()); // and no outbox row left
        Assert.Equal(first.GetProperty("id").GetString(), Assert.Single(await Outbox.CheckRequestsAsync(azurite.ConnectionString)).ItemId);
    }

    [Fact]
    public async Task With_the_queue_service_down_the_item_is_accepted_its_check_request_waits_in_the_outbox_and_the_sweep_delivers_it_exactly_once()
    {
        await using var azurite = await Azurite.StartAsync();
        var (proxy, connection) = await StorageProxy.InFrontOfAsync(azurite.ConnectionString, Queue);
        await using var _ = proxy;
        proxy.Down = true;
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = connection }, runQueues: false);

        using var accepted = await host.Client().SendAsync(Submissions.Json(Submissions.Valid("队列故障时的提交"), idempotencyKey: "queue-down"));

        // The item and its message were committed together; only the delivery failed, so the department is not told to retry.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await Submissions.JsonOf(accepted)).GetProperty("id").GetString()!;
        Assert.True(proxy.Refused > 0);
        Assert.Equal([(id, "queue")], await Outbox.PendingAsync(azurite.ConnectionString));
        Assert.Empty(await Outbox.CheckRequestsAsync(azurite.ConnectionString));
        Assert.Equal("submitted", Assert.Single(await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id)).Action);

        // Still down: the timer function fails (the host logs it; the next minute tries again) and the message stays.
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Outbox.RunSweepAsync(host));
        Assert.Single(await Outbox.PendingAsync(azurite.ConnectionString));

        proxy.Down = false;
        await Outbox.RunSweepAsync(host);
        await Outbox.RunSweepAsync(host); // a second sweep (or a second instance) finds nothing left to send

        Assert.Empty(await Outbox.PendingAsync(azurite.ConnectionString));
        var delivered = Assert.Single(await Outbox.CheckRequestsAsync(azurite.ConnectionString));
        Assert.Equal((id, 1), (delivered.ItemId, delivered.Version));
        Assert.Single(await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id));
    }

    private static async Task<List<TableEntity>> ItemRowsAsync(string connection)
    {
        var table = new TableServiceClient(connection).GetTableClient("items");
        var rows = new List<TableEntity>();
        try { await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row); }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { }
        return rows;
    }
}
