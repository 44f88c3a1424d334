using Disclosure.Compliance;
using Disclosure.Functions.Work;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>{"itemId":"…","version":n}</c> on <see cref="WorkQueues.RenderPages"/> after approval (or an approved withdrawal):
/// renders the item's page in memory, so an unreadable body fails early; the next publication renders it again and makes
/// it public. An approved withdrawal is published at once. A failure (storage, a missing body, a publication already
/// running) fails the attempt so the queue retries.
/// </summary>
public class RenderItem(PublicationService publication, ILogger<RenderItem> log)
{
    [Function(nameof(RenderItem))]
    public async Task Run([QueueTrigger(WorkQueues.RenderPages, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        if (!QueueMessage.TryRead(message, RenderRequest.Parse, log, WorkQueues.RenderPages, out var request)) return;
        var result = await publication.RenderAsync(request.ItemId, request.Version, ct);
        log.LogInformation("Render {ItemId} v{Version}: {Outcome} ({Detail})", request.ItemId, request.Version, result.Outcome, result.Detail);
    }
}
