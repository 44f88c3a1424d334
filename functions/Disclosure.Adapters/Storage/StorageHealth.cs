using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Disclosure.Adapters.Storage;

/// <summary>Asks each of the three storage services a cheap question; a service that does not answer in time is down.</summary>
public sealed class StorageHealth(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<StorageHealthReport> CheckAsync(CancellationToken ct)
    {
        var blob = Probe(c => blobs.GetPropertiesAsync(c), ct);
        var queue = Probe(c => queues.GetPropertiesAsync(c), ct);
        // Azurite does not implement table service properties; listing one table is as cheap and works everywhere.
        var table = Probe(c => tables.QueryAsync(maxPerPage: 1, cancellationToken: c).AsPages().GetAsyncEnumerator(c).MoveNextAsync().AsTask(), ct);
        return new StorageHealthReport(await blob, await queue, await table);
    }

    private static async Task<string?> Probe<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Timeout);
        try
        {
            await call(cts.Token);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return e is OperationCanceledException ? "timeout" : e.GetType().Name + ": " + FirstLine(e.Message);
        }
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}

/// <summary>Null means the service answered; otherwise the reason it did not.</summary>
public sealed record StorageHealthReport(string? Blob, string? Queue, string? Table)
{
    public bool Healthy => Blob is null && Queue is null && Table is null;
}
