using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Disclosure.LocalHost.Storage;

namespace Disclosure.Integration.Tests.Support;

/// <summary>
/// One Azurite for the whole test run, on free ports, started on first use and stopped when the test process ends.
/// Without Node.js or 'npm ci' the tests fail with what to install: they are never skipped.
/// </summary>
public static class TestStorage
{
    private static readonly Lazy<Task<Azurite>> Instance = StartedOnFirstUse();

    /// <summary>An Azurite started when first asked for and stopped when the test process exits.</summary>
    public static Lazy<Task<Azurite>> StartedOnFirstUse() => new(async () =>
    {
        var azurite = await Azurite.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        return azurite;
    });

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;

    public static async Task<QueueServiceClient> QueuesAsync()
        => new(await ConnectionStringAsync(), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static async Task<BlobServiceClient> BlobsAsync() => new(await ConnectionStringAsync());

    public static async Task<TableServiceClient> TablesAsync() => new(await ConnectionStringAsync());

    /// <summary>A name no other test uses, valid for queues, containers and tables.</summary>
    public static string UniqueName(string prefix) => (prefix + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();
}
