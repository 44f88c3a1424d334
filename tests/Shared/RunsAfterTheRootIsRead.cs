using Disclosure.Publishing;

namespace Disclosure.Tests.Shared;

/// <summary>
/// The manifest's blobs, but once the root has been read another run writes (and commits) before the reader goes on:
/// for the tests of the manifest's sweep racing a run that names a part again. Linked into the test projects.
/// </summary>
public sealed class RunsAfterTheRootIsRead(IManifestBlobs blobs, Func<Task> run) : IManifestBlobs
{
    public async Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct)
    {
        var read = await blobs.ReadAsync(name, ct);
        if (name == SiteManifestStore.RootName) await run();
        return read;
    }

    public Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct) => blobs.WriteAsync(name, content, ifMatch, ct);

    public Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct) => blobs.OverwriteAsync(name, content, ct);

    public Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct) => blobs.DeleteAsync(name, ifMatch, ct);

    public IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, CancellationToken ct) => blobs.ListAsync(prefix, ct);
}
