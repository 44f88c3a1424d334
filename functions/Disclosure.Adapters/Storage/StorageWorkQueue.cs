using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Disclosure.Work;

namespace Disclosure.Adapters.Storage;

/// <summary>Sends work messages Base64-encoded (what queue triggers expect); creates each queue once per process (again after a failed attempt).</summary>
public sealed class StorageWorkQueue(QueueServiceClient queues) : IWorkQueue
{
    private readonly ConcurrentDictionary<string, CreateOnce<QueueClient>> _clients = new();

    public async Task EnqueueAsync(string queue, string message, CancellationToken ct = default)
    {
        var client = await _clients.GetOrAdd(queue, name => new CreateOnce<QueueClient>(async () =>
        {
            var c = queues.GetQueueClient(name);
            await c.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return c;
        })).Value;
        await client.SendMessageAsync(message, ct);
    }
}
