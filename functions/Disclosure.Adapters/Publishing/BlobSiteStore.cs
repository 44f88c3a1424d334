using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Disclosure.Adapters.Storage;
using Disclosure.Publishing;

namespace Disclosure.Adapters.Publishing;

/// <summary>
/// The portal in Blob Storage: pages in <c>$web</c> (served by static website hosting, error document <c>404.html</c>),
/// and in the private <c>publishing</c> container the manifest (root <c>manifest.json</c> and its parts under <c>manifest/</c>,
/// see <see cref="SiteManifestStore"/>) and the lock blob.
/// </summary>
public sealed class BlobSiteStore(BlobServiceClient blobs) : ISiteStore
{
    public const string SiteContainer = "$web";
    public const string PrivateContainer = "publishing";
    public const string ManifestRootBlob = SiteManifestStore.RootName;
    public const string LockBlob = "publication.lock";
    public const string HashMetadata = "sha256";
    /// <summary>A lease shorter than a run, renewed while it runs: a host that dies frees the lock within a minute.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private readonly BlobContainerClient _site = blobs.GetBlobContainerClient(SiteContainer);
    private readonly BlobContainerClient _private = blobs.GetBlobContainerClient(PrivateContainer);
    private readonly BlobSiteFiles _reader = new(blobs.GetBlobContainerClient(SiteContainer));
    // Retried after a failure: a host that first touched storage during an outage must not keep the faulted task.
    private readonly CreateOnce _created = new(() => Task.WhenAll(
        blobs.GetBlobContainerClient(SiteContainer).CreateIfNotExistsAsync(),
        blobs.GetBlobContainerClient(PrivateContainer).CreateIfNotExistsAsync()));

    private readonly SiteManifestStore _manifest = new(new BlobManifestBlobs(blobs.GetBlobContainerClient(PrivateContainer)));

    private Task Ready() => _created.Value;

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        await Ready();
        return await _reader.ReadAsync(path, ct);
    }

    public async Task<SiteManifest?> ReadManifestAsync(CancellationToken ct)
    {
        await Ready();
        return await _manifest.ReadAsync(ct);
    }

    public async Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct)
    {
        await Ready();
        return await _manifest.WriteAsync(manifest, ct);
    }

    public async Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct)
    {
        await Ready();
        await _site.GetBlobClient(blob.Path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = blob.ContentType,
                CacheControl = blob.CacheControl,
                ContentDisposition = blob.ContentDisposition,
            },
            Metadata = new Dictionary<string, string> { [HashMetadata] = blob.Sha256 },
        }, ct);
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        await Ready();
        await _site.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: ct);
    }

    public async Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct)
    {
        await Ready();
        var blob = _private.GetBlobClient(LockBlob);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists (perhaps leased by a running publication): that is all we need.
        }
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        return new HeldLease(lease);
    }

    /// <summary>Renews the lease every third of its duration until released.</summary>
    private sealed class HeldLease : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public HeldLease(BlobLeaseClient lease)
        {
            _lease = lease;
            _renewing = RenewAsync();
        }

        private async Task RenewAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(LeaseDuration / 3, _stop.Token);
                    await _lease.RenewAsync(cancellationToken: _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RequestFailedException)
            {
                // Lost the lease (storage unreachable for a minute): the run's own writes fail or finish; the next run repairs.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try { await _lease.ReleaseAsync(); }
            catch (RequestFailedException) { /* expired already */ }
        }
    }
}
