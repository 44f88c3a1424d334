using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Notifications;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Storage;
using Disclosure.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Faults;

/// <summary>
/// One storage service down at a time, through a proxy that answers 503 Server Busy, each test on its own Azurite (so no
/// other test's host can take its queue messages). The table-transaction case is Intake/StorageFailureTests.
/// </summary>
public class StorageOutageTests
{
    private const int Blob = 0, Queue = 1, Table = 2;

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

    [Fact]
    public async Task With_the_notification_outbox_down_a_returned_items_notice_is_recorded_once_when_it_is_back_and_mailed_exactly_once()
    {
        await using var azurite = await Azurite.StartAsync();
        var (proxy, proxied) = await StorageProxy.InFrontOfAsync(azurite.ConnectionString, Table);
        await using var _ = proxy;
        await using var smtp = await SmtpCapture.StartAsync();
        var settings = new Dictionary<string, string?>(Mail.Settings(smtp)) { ["Storage"] = azurite.ConnectionString, ["AzureWebJobsStorage"] = azurite.ConnectionString };
        // Only the outbox's table requests go through the proxy: the item is returned, then telling the department fails.
        await using var host = await TestHosts.StartAsync(settings,
            services: s => s.AddSingleton(new TableOutbox(new TableServiceClient(proxied))));
        var outbox = new TableOutbox(new TableServiceClient(azurite.ConnectionString));
        proxy.Down = true;

        var body = Submissions.Valid("存储故障时退回的通知");
        body["body"] = $"项目联系人王某，身份证号码 {Disclosure.LoadDriver.LoadRun.ResidentId(7)}。";
        using var accepted = await host.Client().SendAsync(Submissions.Json(body, department: "xmc", idempotencyKey: "outbox-down"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await Submissions.JsonOf(accepted)).GetProperty("id").GetString()!;
        var store = host.Services.GetRequiredService<IItemStore>();
        // The check commits 已退回, then recording the notice fails (the storage client's own retries included: four refusals).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (((await store.GetAsync(id))!.Item.State != ItemState.Returned || proxy.Refused < 4) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(ItemState.Returned, (await store.GetAsync(id))!.Item.State);
        Assert.Empty(await outbox.ListAsync(new OutboxFilter()));

        // Back: the check message comes round again, finds the item 已退回 and records the notice it could not before.
        proxy.Down = false;
        while ((await outbox.ListAsync(new OutboxFilter())).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var delivery = Assert.Single(await outbox.ListAsync(new OutboxFilter()));
        Assert.Equal($"check-returned-{id}-v1", delivery.NotificationId);

        // Down again while the dispatcher runs: nothing is sent; back up, it is sent once, and a later run sends nothing.
        proxy.Down = true;
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => Mail.Dispatcher(host, DateTimeOffset.UtcNow).DispatchAsync());
        Assert.Empty(await Mail.ReceivedAsync(smtp));
        proxy.Down = false;
        Assert.Equal(1, (await Mail.Dispatcher(host, DateTimeOffset.UtcNow).DispatchAsync()).Delivered);
        Assert.Equal(0, (await Mail.Dispatcher(host, DateTimeOffset.UtcNow.AddHours(1)).DispatchAsync()).Delivered);

        var mail = Assert.Single(await Mail.ReceivedAsync(smtp));
        Assert.Equal($"{delivery.DeliveryId}@kjj.gov.cn", Mail.MessageId(mail));
        Assert.Equal("xmc@kjj.gov.cn", mail.GetProperty("rcptTo")[0].GetString());
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(await outbox.ListAsync(new OutboxFilter())).Status);
        var audit = await host.Services.GetRequiredService<IAuditTrail>().ListAsync(id);
        Assert.Single(audit, e => e.Action == Disclosure.Audit.AuditAction.Checked);
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
