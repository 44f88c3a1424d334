using Azure;
using Azure.Storage.Queues;
using Disclosure.Adapters.Inspection;
using Disclosure.Work;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Peeks at the front of each work queue (a peek takes nothing and changes no visibility) and counts its poison queue
/// (<see cref="QueuePoisonCounter"/>). The front message is the oldest one waiting: Storage queues hand out messages in roughly the
/// order they came, and a message being worked on is invisible, so the age is that of the oldest message nobody has.
/// </summary>
public sealed class StorageWorkQueueObserver(QueueServiceClient queues, QueuePoisonCounter poison, TimeProvider time) : IWorkQueueObserver
{
    public async Task<IReadOnlyList<WorkQueueReading>> ReadAsync(IEnumerable<string> workQueues, CancellationToken ct = default)
    {
        var names = workQueues.ToList();
        var poisonCounts = await poison.CountEachAsync(names, ct).ConfigureAwait(false);
        var readings = new List<WorkQueueReading>();
        foreach (var (queue, poisoned) in names.Zip(poisonCounts))
        {
            var age = TimeSpan.Zero;
            try
            {
                var front = await queues.GetQueueClient(queue).PeekMessagesAsync(1, ct).ConfigureAwait(false);
                if (front.Value is [{ InsertedOn: { } inserted }, ..]) age = Max(TimeSpan.Zero, time.GetUtcNow() - inserted);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Not created yet: nothing waits.
            }
            readings.Add(new WorkQueueReading(queue, age, poisoned.Messages));
        }
        return readings;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
