using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Disclosure.Adapters.Storage;
using Disclosure.Functions.Items;
using Disclosure.Intake;
using Disclosure.LocalHost;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Support;

/// <summary>The transactional outbox seen from outside: pending rows, the sweep, and what reached the queue.</summary>
public static class Outbox
{
    /// <summary>
    /// Runs the <see cref="DeliverPendingChanges"/> timer function as the host would, with the host's storage clients,
    /// but on a clock already past its grace period, so the test need not wait 30 seconds of real time.
    /// </summary>
    public static async Task RunSweepAsync(LocalFunctionsHost host)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + DeliverPendingChanges.Grace + TimeSpan.FromSeconds(5));
        var store = new TableItemStore(host.Services.GetRequiredService<TableServiceClient>(), host.Services.GetRequiredService<IWorkQueue>(), clock);
        await new DeliverPendingChanges(store, NullLogger<DeliverPendingChanges>.Instance).Run(null!, CancellationToken.None);
    }

    /// <summary>Outbox rows still waiting for delivery, by item id.</summary>
    public static async Task<List<(string ItemId, string Kind)>> PendingAsync(string connectionString)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(StorageNames.ItemsTable);
        var rows = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"outbox|"} and RowKey lt {"outbox}"}")))
            rows.Add((row.PartitionKey, row.GetString("Kind")));
        return rows;
    }

    /// <summary>Every compliance check request on the queue (received and hidden for a while, so each is counted once).</summary>
    public static async Task<List<CheckRequest>> CheckRequestsAsync(string connectionString)
        => (await MessagesAsync(connectionString, WorkQueues.ComplianceChecks)).Select(CheckRequest.Parse).ToList();

    /// <summary>Every message on <paramref name="queueName"/>, received and hidden for five minutes so each is read once.</summary>
    public static async Task<List<string>> MessagesAsync(string connectionString, string queueName)
    {
        var queue = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(queueName);
        var found = new List<string>();
        if (!await queue.ExistsAsync()) return found;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0) return found;
            found.AddRange(batch.Select(m => m.Body.ToString()));
        }
    }
}
