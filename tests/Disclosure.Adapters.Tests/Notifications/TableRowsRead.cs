using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Disclosure.Adapters.Tests.Notifications;

/// <summary>
/// Counts the entities the table service sends back to queries: what a page costs in rows read. Add it to a
/// <c>TableClientOptions</c> per call; every list's paging tests count with it.
/// </summary>
public sealed class TableRowsRead : HttpPipelinePolicy
{
    private int _count;
    private long _bytes;

    public int Count => _count;

    /// <summary>The bytes of the query responses' bodies.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _bytes, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Tally(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Tally(message);
    }

    private void Tally(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200 || message.Response.ContentStream is not { CanSeek: true } body) return;
        using var json = JsonDocument.Parse(body, new JsonDocumentOptions());
        body.Position = 0;
        if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("value", out var rows))
        {
            Interlocked.Add(ref _count, rows.GetArrayLength());
            Interlocked.Add(ref _bytes, body.Length);
        }
    }
}
