namespace Disclosure.Work;

/// <summary>A message to put on a work queue once the change that causes it is stored.</summary>
public sealed record WorkMessage(string Queue, string Body);

/// <summary>
/// The queues that carry work between stages (architecture.md). Messages hold ids, not payloads.
/// Trigger attributes and producers both use these names, so a queue is named once.
/// </summary>
public static class WorkQueues
{
    public const string ComplianceChecks = "compliance-checks";
    public const string RenderPages = "render-pages";
    public const string DecisionNotices = "decision-notices";

    /// <summary>Every work queue the app's queue triggers read; the health details count each one's poison queue.</summary>
    public static readonly IReadOnlyList<string> All = [ComplianceChecks, RenderPages, DecisionNotices];

    /// <summary>The Functions host moves a message that failed maxDequeueCount times here.</summary>
    public static string PoisonOf(string queue) => queue + "-poison";

    /// <summary>The connection name in trigger attributes and configuration (<c>Storage</c> or <c>Storage__queueServiceUri</c>).</summary>
    public const string Connection = "Storage";
}

/// <summary>Puts a message on a work queue; the adapter encodes it the way queue triggers expect (Base64).</summary>
public interface IWorkQueue
{
    Task EnqueueAsync(string queue, string message, CancellationToken ct = default);
}

/// <summary>A work queue as the operations metrics see it: how long its front message has waited, and what its poison queue holds.</summary>
public sealed record WorkQueueReading(string Queue, TimeSpan OldestMessageAge, long PoisonMessages);

/// <summary>Reads the work queues without taking a message off them.</summary>
public interface IWorkQueueObserver
{
    Task<IReadOnlyList<WorkQueueReading>> ReadAsync(IEnumerable<string> queues, CancellationToken ct = default);
}
