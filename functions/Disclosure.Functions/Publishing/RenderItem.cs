using System.Text.Json;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>{"itemId":"…","version":n}</c> on <see cref="WorkQueues.RenderPages"/> after approval (or an approved withdrawal):
/// renders the item's page into the staging area; the nightly publication makes it public. An approved withdrawal is
/// published at once. A failure (storage, a missing body, a publication already running) fails the attempt so the
/// queue retries.
/// </summary>
public class RenderItem(PublicationService publication, ILogger<RenderItem> log)
{
    [Function(nameof(RenderItem))]
    public async Task Run([QueueTrigger(WorkQueues.RenderPages, Connection = WorkQueues.Connection)] string message, CancellationToken ct)
    {
        RenderPagesMessage request;
        try
        {
            request = JsonSerializer.Deserialize<RenderPagesMessage>(message, JsonSerializerOptions.Web)
                ?? throw new FormatException("empty message");
            if (string.IsNullOrWhiteSpace(request.ItemId)) throw new FormatException("no itemId");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            // Names no item: retrying cannot make it readable.
            log.LogError(e, "Ignoring a malformed render-pages message");
            return;
        }
        var result = await publication.RenderAsync(request.ItemId, request.Version, ct);
        log.LogInformation("Render {ItemId} v{Version}: {Outcome} ({Detail})", request.ItemId, request.Version, result.Outcome, result.Detail);
    }

    private sealed record RenderPagesMessage(string ItemId, int Version);
}
