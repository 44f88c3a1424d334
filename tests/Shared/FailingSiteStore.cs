using Disclosure.Publishing;

namespace Disclosure.Tests.Shared;

/// <summary>
/// A site store that stops with an I/O error after a number of writes, as a host that loses its storage connection would:
/// for the tests of a publication that stops part-way. Linked into the test projects, never shipped.
/// </summary>
public sealed class FailingSiteStore(InMemorySiteStore inner, int failAfterWrites) : ISiteStore
{
    private int _writes;

    private void Count()
    {
        if (++_writes > failAfterWrites) throw new IOException("storage went away");
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct) => inner.ReadAsync(path, ct);
    public Task<SiteManifest?> ReadManifestAsync(CancellationToken ct) => inner.ReadManifestAsync(ct);

    public Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct)
    {
        Count();
        return inner.WriteManifestAsync(manifest, ct);
    }

    public Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct)
    {
        Count();
        return inner.PutAsync(blob, content, ct);
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        Count();
        return inner.DeleteAsync(path, ct);
    }

    public Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct) => inner.TryLockAsync(ct);
}
