namespace Disclosure.Publishing.Search;

/// <summary>
/// The files of the site as currently published (the <c>$web</c> container in Azure, a folder locally). The index
/// writer reads the shards it is about to change from here, so publishing one item never needs every item's body.
/// Paths are relative to the site root without a leading slash.
/// </summary>
public interface ISiteFileSource
{
    /// <returns>The file's bytes, or null if there is no such file.</returns>
    Task<byte[]?> ReadAsync(string path, CancellationToken ct);
}

public static class SiteFileSourceReads
{
    /// <summary>How many reads <see cref="ReadAllAsync"/> keeps in flight.</summary>
    public const int InFlight = 8;

    /// <summary>
    /// Several files read at once, each file's bytes (or null) at its path's place. On Blob Storage every read is a round
    /// trip of several milliseconds, so files read one after another (the shards of a main merge: about a thousand at
    /// 10,000 items) cost their sum; <see cref="InFlight"/> at a time cost about an eighth of it.
    /// </summary>
    public static async Task<byte[]?[]> ReadAllAsync(this ISiteFileSource source, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var files = new byte[]?[paths.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (i, token) => files[i] = await source.ReadAsync(paths[i], token));
        return files;
    }
}

/// <summary>A site held in memory: the staging area of a publish run, and what tests and benchmarks build into.</summary>
public sealed class InMemorySiteFiles : ISiteFileSource
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct) =>
        Task.FromResult(_files.TryGetValue(path, out var bytes) ? bytes : null);

    public void Apply(IEnumerable<SiteFile> files)
    {
        foreach (var file in files) _files[file.Path] = file.Content;
    }

    /// <summary>Writes every file under <paramref name="root"/>, e.g. to serve or inspect the generated site.</summary>
    public void WriteTo(string root)
    {
        foreach (var (path, bytes) in _files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }
}

/// <summary>A published site in a local folder.</summary>
public sealed class DirectorySiteFiles(string root) : ISiteFileSource
{
    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        var full = Path.Combine(root, path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct) : null;
    }
}
