using System.Text.Json;
using System.Text.Json.Serialization;
using Disclosure.Items;
using Disclosure.Work;

namespace Disclosure.Compliance;

/// <summary>
/// The publisher's work message on <see cref="WorkQueues.RenderPages"/>: <c>{"itemId":"…","version":n}</c>. Ids, not
/// payloads: the publisher reads the item and acts on its state — <see cref="ItemState.ReadyToPublish"/> publishes
/// that version, <see cref="ItemState.Withdrawn"/> takes the item's pages down. A message whose version is not the
/// item's current version is stale and changes nothing.
/// </summary>
public sealed record RenderRequest(string ItemId, int Version)
{
    /// <summary>
    /// Which 重新发布 of this version the message belongs to (0: the approval's own message, left out of the JSON). A
    /// poisoned message from before a retry must not mark the retried version 发布失败 again.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Retry { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static RenderRequest Parse(string json)
    {
        var request = JsonSerializer.Deserialize<RenderRequest>(json, JsonSerializerOptions.Web) ?? throw new FormatException("empty render request");
        return string.IsNullOrWhiteSpace(request.ItemId) ? throw new FormatException("no itemId") : request;
    }

    public WorkMessage ToMessage() => new(WorkQueues.RenderPages, ToJson());
}
