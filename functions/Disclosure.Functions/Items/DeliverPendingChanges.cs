using Disclosure.Items;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Items;

/// <summary>
/// Every minute: delivers the audit entries and queue messages that a committed change still holds (an instance that
/// crashed between commit and delivery). Delivery is idempotent, so racing the request that committed them is harmless.
/// </summary>
public class DeliverPendingChanges(IItemStore items, ILogger<DeliverPendingChanges> log)
{
    /// <summary>Younger changes are still being delivered by the request that made them.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Function(nameof(DeliverPendingChanges))]
    public async Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var delivered = await items.DeliverAllPendingAsync(Grace, ct);
        if (delivered > 0) log.LogWarning("Delivered {Count} audit entries and messages left behind by an interrupted change", delivered);
    }
}
