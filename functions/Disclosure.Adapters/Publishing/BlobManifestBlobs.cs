using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Publishing;

namespace Disclosure.Adapters.Publishing;

/// <summary>
/// The publication manifest's root and parts in the private container (see <see cref="SiteManifestStore"/>). Every write
/// is conditional: on the ETag read (the root), or on there being no blob yet (a new root, and the parts, which are
/// named by their content), so that of two publications that read the same manifest only one stores its own.
/// </summary>
public sealed class BlobManifestBlobs(BlobContainerClient container) : IManifestBlobs
{
    public async Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct)
    {
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(ct);
            return new ManifestBlob(content.Value.Content.ToArray(), content.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct)
    {
        var conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
        try
        {
            var written = await container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Conditions = conditions,
            }, ct);
            return written.Value.ETag.ToString();
        }
        // 412: the blob is no longer at the ETag read; 409: a blob was created since none was read (If-None-Match: *).
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new SiteManifestConflictException(name);
        }
    }

    public async Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct)
    {
        var written = await container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        }, ct);
        return written.Value.ETag.ToString();
    }

    public async Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct)
    {
        try
        {
            var conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
            return (await container.GetBlobClient(name).DeleteIfExistsAsync(conditions: conditions, cancellationToken: ct)).Value;
        }
        // 412: written again since it was listed (a run is about to name it).
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
            yield return new ManifestBlobListing(blob.Name, blob.Properties.ETag?.ToString() ?? "", blob.Properties.LastModified ?? DateTimeOffset.MaxValue);
    }
}
