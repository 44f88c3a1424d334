using Disclosure.Compliance;
using Disclosure.Functions.Work;
using Disclosure.Intake;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Compliance;

/// <summary>A check that failed on every attempt: the item becomes 检查失败 (never stuck in 检查中) and operators are alerted.</summary>
public class MarkCheckFailed(ComplianceReview review, ILogger<MarkCheckFailed> log)
{
    public const string PoisonQueue = WorkQueues.ComplianceChecks + "-poison";

    [Function(nameof(MarkCheckFailed))]
    public async Task Run([QueueTrigger(PoisonQueue, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        if (!QueueMessage.TryRead(message, CheckRequest.Parse, log, PoisonQueue, out var request)) return;
        var outcome = await review.MarkCheckFailedAsync(request, PoisonQueue, ct);
        log.LogError("Compliance check of {ItemId} v{Version} failed for good: {Result}", request.ItemId, request.Version, outcome.Result);
    }
}
