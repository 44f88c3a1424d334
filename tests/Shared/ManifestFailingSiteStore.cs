using Disclosure.Publishing;

namespace Disclosure.Tests.Shared;

/// <summary>A site store that loses its storage connection when the manifest, the last write of a publication, is written.</summary>
public sealed class ManifestFailingSiteStore(InMemorySiteStore inner) : ISiteStore
{
    public Task<byte[]?> ReadAsync(string path, CancellationToken ct) => inner.ReadAsync(path, ct);
    public Task<SiteManifest?> ReadManifestAsync(CancellationToken ct) => inner.ReadManifestAsync(ct);
    public Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct) => throw new IOException("storage went away");
    public Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct) => inner.PutAsync(blob, content, ct);
    public Task DeleteAsync(string path, CancellationToken ct) => inner.DeleteAsync(path, ct);
    public Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct) => inner.TryLockAsync(ct);
}
