using Disclosure.Compliance;
using Disclosure.Functions.Work;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// Tells the department that a reviewer refused its item or its withdrawal request. The message was committed with the
/// decision; a failure (the notification outbox unavailable) fails the attempt so the queue retries.
/// </summary>
public class SendDecisionNotice(DecisionNotices notices, ILogger<SendDecisionNotice> log)
{
    [Function(nameof(SendDecisionNotice))]
    public async Task Run([QueueTrigger(WorkQueues.DecisionNotices, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        if (!QueueMessage.TryRead(message, DecisionNotice.Parse, log, WorkQueues.DecisionNotices, out var request)) return;
        var recorded = await notices.SendAsync(request, ct);
        log.LogInformation("Decision notice for {ItemId} ({EventId}): {Outcome}", request.ItemId, request.EventId, recorded ? "recorded" : "already recorded or nothing to tell");
    }
}
