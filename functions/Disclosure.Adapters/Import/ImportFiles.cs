using System.IO.Compression;
using System.Text;
using Disclosure.Import;

namespace Disclosure.Adapters.Import;

/// <summary>Where the body files and attachments a catalogue names come from, and how its table is read.</summary>
public static class CatalogueFiles
{
    /// <summary>The catalogue at <paramref name="path"/>, read as XLSX or CSV by its extension.</summary>
    public static ICatalogueTable OpenTable(string path)
    {
        if (!File.Exists(path)) throw new ImportFileException($"找不到目录文件“{path}”。");
        var name = Path.GetFileName(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xlsx" => new SpreadsheetCatalogue(name, () => File.OpenRead(path)),
            ".csv" or ".txt" => new CsvCatalogue(name, () => File.OpenRead(path)),
            _ => throw new ImportFileException($"“{name}”不是 XLSX 或 CSV 文件：请在表格软件中另存为 Excel 工作簿（.xlsx）或 CSV。"),
        };
    }

    /// <summary>The files beside the catalogue: a folder, or a zip of them; none when <paramref name="path"/> is null.</summary>
    public static IImportFiles OpenFiles(string? path)
    {
        if (path is null) return NoImportFiles.Instance;
        if (Directory.Exists(path)) return new ImportFolder(path);
        if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return new ImportZip(File.OpenRead(path), Path.GetFileName(path));
        throw new ImportFileException($"找不到附件文件夹或 zip 文件“{path}”。");
    }

    /// <summary>
    /// A name as a catalogue writes it, as a key: forward slashes, no leading "./" or "/", NFC, case ignored by the
    /// callers' comparers. A name that climbs out of its folder ("..") is refused by returning null.
    /// </summary>
    internal static string? Key(string name)
    {
        var key = name.Trim().Replace('\\', '/').Normalize(NormalizationForm.FormC);
        while (key.StartsWith("./", StringComparison.Ordinal)) key = key[2..];
        key = key.TrimStart('/');
        if (key.Length == 0 || key.Split('/').Any(part => part is ".." or "." || part.Length == 0) || key.Contains(':')) return null;
        return key;
    }
}

/// <summary>Files in a folder on this machine; a name cannot reach outside it.</summary>
public sealed class ImportFolder(string folder) : IImportFiles
{
    private readonly string _root = Path.GetFullPath(folder);

    public bool Exists(string name) => PathOf(name) is { } path && File.Exists(path);

    public byte[]? Read(string name, long maxBytes)
    {
        if (PathOf(name) is not { } path || !File.Exists(path)) return null;
        var length = new FileInfo(path).Length;
        if (length > maxBytes) throw new ImportFileException($"文件“{name}”有 {length} 字节，超过 {maxBytes} 字节的上限。");
        return File.ReadAllBytes(path);
    }

    private string? PathOf(string name)
    {
        if (CatalogueFiles.Key(name) is not { } key) return null;
        var full = Path.GetFullPath(Path.Combine(_root, key));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}

/// <summary>
/// Files in a zip. Entry names without the UTF-8 flag are read as GB18030 (what Chinese Windows' zip tools write). A
/// zip bomb is bounded like the document extractors bound theirs: the size an entry declares is not trusted, each read
/// stops one byte past its limit, and all reads together may inflate at most <see cref="MaxInflatedBytes"/>.
/// </summary>
public sealed class ImportZip : IImportFiles, IDisposable
{
    public const int MaxEntries = 200_000;
    public const long MaxInflatedBytes = 8L * 1024 * 1024 * 1024;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ZipArchiveEntry> _byFileName = new(StringComparer.OrdinalIgnoreCase);
    private long _inflated;

    public ImportZip(Stream zip, string zipName)
    {
        try
        {
            _zip = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: CsvCatalogue.Gb18030);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException($"“{zipName}”不是可以读取的 zip 文件。");
        }
        if (_zip.Entries.Count > MaxEntries) throw new ImportFileException($"“{zipName}”有 {_zip.Entries.Count} 个文件，超过 {MaxEntries} 个的上限。");
        foreach (var entry in _zip.Entries)
        {
            if (entry.FullName.EndsWith('/') || CatalogueFiles.Key(entry.FullName) is not { } key) continue;
            _entries.TryAdd(key, entry);
            // A zip made of the folder itself puts every name under one more directory: names without it still find their file.
            _byFileName.TryAdd(key[(key.IndexOf('/') + 1)..], entry);
        }
    }

    public bool Exists(string name) => Find(name) is not null;

    public byte[]? Read(string name, long maxBytes)
    {
        if (Find(name) is not { } entry) return null;
        using var inflating = entry.Open();
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = inflating.Read(buffer, 0, buffer.Length)) > 0)
        {
            _inflated += read;
            if (copy.Length + read > maxBytes) throw new ImportFileException($"文件“{name}”解压后超过 {maxBytes} 字节的上限。");
            if (_inflated > MaxInflatedBytes) throw new ImportFileException($"zip 中的文件解压后合计超过 {MaxInflatedBytes / 1024 / 1024 / 1024} GiB 的上限。");
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private ZipArchiveEntry? Find(string name)
        => CatalogueFiles.Key(name) is { } key ? (_entries.GetValueOrDefault(key) ?? _byFileName.GetValueOrDefault(key)) : null;

    public void Dispose() => _zip.Dispose();
}
