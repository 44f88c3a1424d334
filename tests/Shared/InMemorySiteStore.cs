using Disclosure.Publishing;

namespace Disclosure.Tests.Shared;

/// <summary>
/// A site store in memory, with the same semantics as the blob one: for unit tests and for benchmarks that count the
/// blobs a publication writes. Thread-safe. Linked into the test projects and the benchmarks, never shipped with the functions.
/// </summary>
public sealed class InMemorySiteStore : ISiteStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (byte[] Content, SiteBlob Blob)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManifestBlob> _private = new(StringComparer.Ordinal);
    private readonly SiteManifestStore _manifest;
    private int _etags;

    private readonly Dictionary<string, DateTimeOffset> _privateWritten = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <param name="itemsPerBucket">Passed to the manifest's store: small values give many parts from few items.</param>
    /// <param name="logBytes">Passed to the manifest's store: the change log's bound (0: the parts at every write).</param>
    /// <param name="time">The clock of the private blobs' times and of the manifest's sweep.</param>
    public InMemorySiteStore(int itemsPerBucket = SiteManifestStore.ItemsPerBucket, int logBytes = SiteManifestStore.LogBytes, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _manifest = new SiteManifestStore(new PrivateBlobs(this), itemsPerBucket, logBytes, _time);
    }
    private bool _locked;

    /// <summary>Blob writes (puts, deletes and manifest writes) since creation or the last <see cref="ResetCounters"/>.</summary>
    public int Writes { get; private set; }

    public int Deletes { get; private set; }

    /// <summary>Parts of the manifest deleted once a newer root stopped naming them (not site files: counted apart).</summary>
    public int ManifestDeletes { get; private set; }

    /// <summary>Bytes of the manifest's blobs (root and parts) written since creation or the last <see cref="ResetCounters"/>.</summary>
    public long ManifestBytesWritten { get; private set; }

    public IReadOnlyList<string> WrittenPaths => _written;
    private readonly List<string> _written = [];

    public void ResetCounters()
    {
        lock (_gate)
        {
            Writes = 0;
            Deletes = 0;
            Reads = 0;
            BytesRead = 0;
            ManifestDeletes = 0;
            ManifestBytesWritten = 0;
            _written.Clear();
        }
    }

    public IReadOnlyDictionary<string, SiteBlob> Blobs
    {
        get { lock (_gate) return _files.ToDictionary(f => f.Key, f => f.Value.Blob, StringComparer.Ordinal); }
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        lock (_gate)
        {
            var content = _files.TryGetValue(path, out var f) ? f.Content : null;
            Reads++;
            BytesRead += content?.LongLength ?? 0;
            return Task.FromResult(content);
        }
    }

    /// <summary>Reads of site files (each a GET on Blob Storage), found or not, since creation or the last <see cref="ResetCounters"/>.</summary>
    public int Reads { get; private set; }

    public long BytesRead { get; private set; }

    public Task<SiteManifest?> ReadManifestAsync(CancellationToken ct) => _manifest.ReadAsync(ct);

    public Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct) => _manifest.WriteAsync(manifest, ct);

    /// <summary>The manifest's blobs (root and parts) as stored, by name: for tests of its format and its parts.</summary>
    public IReadOnlyDictionary<string, byte[]> ManifestBlobs
    {
        get { lock (_gate) return _private.ToDictionary(b => b.Key, b => b.Value.Content, StringComparer.Ordinal); }
    }

    /// <summary>Blobs of the manifest read since creation (the store keeps the parts it read, so this follows the changes).</summary>
    public int ManifestBlobsRead => _manifest.BlobsRead;

    /// <summary>Stores a manifest blob as is (an old-format manifest, for the test of its migration).</summary>
    public void PutManifestBlob(string name, byte[] content)
    {
        lock (_gate) Store(name, content);
    }

    /// <summary>The manifest's own sweep of the parts no root came to name (run by its writes too).</summary>
    public Task<int> SweepManifestAsync(CancellationToken ct) => _manifest.SweepAsync(ct);

    private string Store(string name, byte[] content)
    {
        var etag = NextETag();
        _private[name] = new ManifestBlob(content, etag);
        _privateWritten[name] = _time.GetUtcNow();
        return etag;
    }

    private string NextETag() => "\"" + (++_etags).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    /// <summary>The private container, with ETags as Blob Storage gives them; writes count as the site's, deletes apart (<see cref="ManifestDeletes"/>).</summary>
    private sealed class PrivateBlobs(InMemorySiteStore store) : IManifestBlobs
    {
        public Task<ManifestBlob?> ReadAsync(string name, CancellationToken ct)
        {
            lock (store._gate) return Task.FromResult(store._private.GetValueOrDefault(name));
        }

        public Task<string> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken ct)
        {
            lock (store._gate)
            {
                var exists = store._private.TryGetValue(name, out var current);
                if (ifMatch is null ? exists : !exists || current!.ETag != ifMatch) throw new SiteManifestConflictException(name);
                return Task.FromResult(Written(name, content));
            }
        }

        public Task<string> OverwriteAsync(string name, byte[] content, CancellationToken ct)
        {
            lock (store._gate) return Task.FromResult(Written(name, content));
        }

        private string Written(string name, byte[] content)
        {
            var etag = store.Store(name, content);
            store.Writes++;
            store.ManifestBytesWritten += content.LongLength;
            store._written.Add("(manifest)");
            return etag;
        }

        public Task<bool> DeleteAsync(string name, string? ifMatch, CancellationToken ct)
        {
            lock (store._gate)
            {
                if (ifMatch is not null && store._private.TryGetValue(name, out var current) && current.ETag != ifMatch) return Task.FromResult(false);
                if (!store._private.Remove(name)) return Task.FromResult(false);
                store._privateWritten.Remove(name);
                store.ManifestDeletes++;
                return Task.FromResult(true);
            }
        }

        public async IAsyncEnumerable<ManifestBlobListing> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            List<ManifestBlobListing> listed;
            lock (store._gate)
            {
                listed = [.. store._private.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(b => new ManifestBlobListing(b.Key, b.Value.ETag, store._privateWritten[b.Key]))];
            }
            foreach (var blob in listed)
            {
                await Task.Yield();
                yield return blob;
            }
        }
    }

    public async Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct)
    {
        var bytes = await CopyAsync(content, ct);
        lock (_gate)
        {
            _files[blob.Path] = (bytes, blob);
            Writes++;
            _written.Add(blob.Path);
        }
    }

    /// <summary>
    /// One copy of exactly the stream's length when it is known (the publication's are), so the store's own copying
    /// (a growing buffer, then a copy of it: three times the bytes) does not weigh in the publication benchmarks as if
    /// the publication did it; Blob Storage reads the stream, it does not copy it.
    /// </summary>
    private static async Task<byte[]> CopyAsync(Stream content, CancellationToken ct)
    {
        if (!content.CanSeek)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, ct);
            return copy.ToArray();
        }
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)(content.Length - content.Position)));
        await content.ReadExactlyAsync(bytes, ct);
        return bytes;
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_files.Remove(path))
            {
                Writes++;
                Deletes++;
                _written.Add("-" + path);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_locked) return Task.FromResult<IAsyncDisposable?>(null);
            _locked = true;
            return Task.FromResult<IAsyncDisposable?>(new Release(this));
        }
    }

    private sealed class Release(InMemorySiteStore store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (store._gate) store._locked = false;
            return ValueTask.CompletedTask;
        }
    }
}
