using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Publishing;

namespace Disclosure.Adapters.Publishing;

/// <summary>The last publication run, one small JSON blob beside the manifest in the private <c>publishing</c> container.</summary>
public sealed class BlobPublicationRunLog(BlobServiceClient blobs) : IPublicationRunLog
{
    public const string LastRunBlob = "last-run.json";

    private static readonly JsonSerializerOptions Json = new(PublicationJson.Options) { Converters = { new JsonStringEnumConverter() } };
    private readonly BlobContainerClient _private = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);

    public async Task RecordAsync(PublicationRun run, CancellationToken ct)
    {
        // The container exists: the site store created it before the run took its lock.
        await _private.GetBlobClient(LastRunBlob).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(run, Json)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
    }

    public async Task<PublicationRun?> LastAsync(CancellationToken ct)
    {
        try
        {
            var content = await _private.GetBlobClient(LastRunBlob).DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<PublicationRun>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
