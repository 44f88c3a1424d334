using Disclosure.Compliance;
using Disclosure.Functions.Work;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// A render message that failed on every attempt (<see cref="RenderItem"/> threw each time): the approved version becomes
/// 发布失败 (never left 待发布 for a publication that would skip it every night) and the operators are alerted once.
/// </summary>
public class MarkPublishFailed(PublicationFailures failures, ILogger<MarkPublishFailed> log)
{
    public const string PoisonQueue = WorkQueues.RenderPages + "-poison";

    [Function(nameof(MarkPublishFailed))]
    public async Task Run([QueueTrigger(PoisonQueue, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        if (!QueueMessage.TryRead(message, RenderRequest.Parse, log, PoisonQueue, out var request)) return;
        var outcome = await failures.MarkPublishFailedAsync(request, PoisonQueue, ct);
        log.LogError("Rendering {ItemId} v{Version} failed for good: {Detail}", request.ItemId, request.Version, outcome.Detail);
    }
}
