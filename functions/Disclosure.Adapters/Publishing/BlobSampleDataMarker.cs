using Azure;
using Azure.Storage.Blobs;
using Disclosure.Publishing;

namespace Disclosure.Adapters.Publishing;

/// <summary>A blob in the private <c>publishing</c> container says the sample data was seeded into this store.</summary>
public sealed class BlobSampleDataMarker(BlobServiceClient blobs, TimeProvider time) : ISampleDataMarker
{
    public const string MarkerBlob = "sample-data.seeded";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);

    public async Task<bool> ExistsAsync(CancellationToken ct)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: ct);
        return (await _container.GetBlobClient(MarkerBlob).ExistsAsync(ct)).Value;
    }

    public async Task SetAsync(CancellationToken ct)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: ct);
        try
        {
            await _container.GetBlobClient(MarkerBlob).UploadAsync(BinaryData.FromString(time.GetUtcNow().ToString("O")), overwrite: false, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another host finished seeding first.
        }
    }
}
