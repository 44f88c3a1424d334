using System.Text.Json;
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
    private string? _manifest;
    private bool _locked;

    /// <summary>Blob writes (puts, deletes and manifest writes) since creation or the last <see cref="ResetCounters"/>.</summary>
    public int Writes { get; private set; }

    public int Deletes { get; private set; }

    public IReadOnlyList<string> WrittenPaths => _written;
    private readonly List<string> _written = [];

    public void ResetCounters()
    {
        lock (_gate)
        {
            Writes = 0;
            Deletes = 0;
            _written.Clear();
        }
    }

    public IReadOnlyDictionary<string, SiteBlob> Blobs
    {
        get { lock (_gate) return _files.ToDictionary(f => f.Key, f => f.Value.Blob, StringComparer.Ordinal); }
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_files.TryGetValue(path, out var f) ? f.Content : null);
    }

    public Task<SiteManifest?> ReadManifestAsync(CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_manifest is null ? null : JsonSerializer.Deserialize<SiteManifest>(_manifest, PublicationJson.Options));
    }

    public Task WriteManifestAsync(SiteManifest manifest, CancellationToken ct)
    {
        lock (_gate)
        {
            _manifest = JsonSerializer.Serialize(manifest, PublicationJson.Options);
            Writes++;
            _written.Add("(manifest)");
        }
        return Task.CompletedTask;
    }

    public async Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        lock (_gate)
        {
            _files[blob.Path] = (copy.ToArray(), blob);
            Writes++;
            _written.Add(blob.Path);
        }
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
