using Disclosure.Publishing.Search;

namespace Disclosure.Portal.Tests.Search;

/// <summary>A site's files as a reader reads them, noting every path read and the bytes it got: what a query or an update costs.</summary>
public sealed class NotedReads(ISiteFileSource site) : ISiteFileSource
{
    private long _bytes;

    public List<string> Reads { get; } = [];

    public long Bytes => Interlocked.Read(ref _bytes);

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        lock (Reads) Reads.Add(path);
        var bytes = await site.ReadAsync(path, ct);
        Interlocked.Add(ref _bytes, bytes?.Length ?? 0);
        return bytes;
    }
}
