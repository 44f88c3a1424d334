using Disclosure.Items;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Items;

/// <summary>Hourly: deletes content that no stored item refers to (left by a submission that failed and could not clean up).</summary>
public class SweepOrphanContent(OrphanContentSweep sweep, ILogger<SweepOrphanContent> log)
{
    [Function(nameof(SweepOrphanContent))]
    public async Task Run([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var removed = await sweep.RunAsync(ct);
        if (removed > 0) log.LogWarning("Removed {Count} orphaned bodies and attachments", removed);
    }
}
