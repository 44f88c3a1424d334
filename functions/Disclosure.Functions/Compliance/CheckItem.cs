using Disclosure.Compliance;
using Disclosure.Functions.Work;
using Disclosure.Intake;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// Runs the compliance check of a submitted version. An exception (storage unavailable, a missing content blob, the
/// cloud detector throttled past its retries) fails the attempt, so the queue retries; after maxDequeueCount attempts
/// the message goes to the poison queue and <see cref="MarkCheckFailed"/> takes over.
/// </summary>
public class CheckItem(ComplianceReview review, ILogger<CheckItem> log)
{
    [Function(nameof(CheckItem))]
    public async Task Run([QueueTrigger(WorkQueues.ComplianceChecks, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        if (!QueueMessage.TryRead(message, CheckRequest.Parse, log, WorkQueues.ComplianceChecks, out var request)) return;
        var outcome = await review.CheckAsync(request, ct);
        foreach (var warning in outcome.Warnings) log.LogWarning("Item {ItemId} v{Version}: {Warning}", request.ItemId, request.Version, warning);
        log.LogInformation("Compliance check of {ItemId} v{Version}: {Result} ({Detail})", request.ItemId, request.Version, outcome.Result, outcome.Detail);
    }
}
