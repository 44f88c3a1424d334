using Azure;
using Azure.Storage.Queues;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Work;

namespace Disclosure.Adapters.Inspection;

/// <summary>
/// Counts the messages in every poison queue of the account (the Functions host names them <c>{queue}-poison</c>). The
/// count is the service's approximate message count, which is what an operator sees in the portal too.
/// </summary>
public sealed class QueuePoisonCounter(QueueServiceClient queues) : IPoisonQueueCounter
{
    public async Task<IReadOnlyList<PoisonQueueCount>> CountAsync(CancellationToken ct = default)
    {
        var suffix = WorkQueues.PoisonOf("");
        var counts = new List<PoisonQueueCount>();
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: ct).ConfigureAwait(false))
        {
            if (!queue.Name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync(ct).ConfigureAwait(false);
            counts.Add(new PoisonQueueCount(queue.Name, properties.Value.ApproximateMessagesCount));
        }
        return counts;
    }

    /// <summary>
    /// The poison count of each named work queue, zero when its poison queue was never created (the host creates it with
    /// the first message it gives up on).
    /// </summary>
    public async Task<IReadOnlyList<PoisonQueueCount>> CountEachAsync(IEnumerable<string> workQueues, CancellationToken ct = default)
    {
        var counts = new List<PoisonQueueCount>();
        foreach (var queue in workQueues)
        {
            var poison = WorkQueues.PoisonOf(queue);
            try
            {
                var properties = await queues.GetQueueClient(poison).GetPropertiesAsync(ct).ConfigureAwait(false);
                counts.Add(new PoisonQueueCount(poison, properties.Value.ApproximateMessagesCount));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                counts.Add(new PoisonQueueCount(poison, 0));
            }
        }
        return counts;
    }
}
