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
