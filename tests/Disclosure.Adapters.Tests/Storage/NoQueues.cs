using Disclosure.Work;

namespace Disclosure.Adapters.Tests.Storage;

/// <summary>Queues that take every message and keep none: for tests of the item store's tables, whose messages nobody reads.</summary>
internal sealed class NoQueues : IWorkQueue
{
    public Task EnqueueAsync(string queue, string message, CancellationToken ct = default) => Task.CompletedTask;
}
