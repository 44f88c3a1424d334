namespace Disclosure.Import;

/// <summary>One data row of a catalogue file: its row number as the office sees it (the header is row 1) and its cells.</summary>
public sealed record SourceRow(int Number, IReadOnlyList<string> Cells);

/// <summary>
/// A catalogue file read row by row (XLSX or CSV): the header row, then the data rows, streamed so that a file of a
/// hundred thousand rows is never held whole. Readers enforce their own limits and throw <see cref="ImportFileException"/>.
/// </summary>
public interface ICatalogueTable
{
    /// <summary>The file's name as the office gave it (kept in the audit entry 历史导入).</summary>
    string FileName { get; }
    IReadOnlyList<string> Headers { get; }
    /// <summary>The data rows; enumerating again reads the file again from the start.</summary>
    IEnumerable<SourceRow> Rows { get; }
}

/// <summary>The body files and attachments the catalogue names, in a folder or a zip beside it.</summary>
public interface IImportFiles
{
    bool Exists(string name);
    /// <summary>The file's bytes, or null when there is no such file; <see cref="ImportFileException"/> when it is larger than <paramref name="maxBytes"/>.</summary>
    byte[]? Read(string name, long maxBytes);
}

/// <summary>A file that cannot be read as a catalogue (or a files archive): the message is for the office, in Chinese.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>No files beside the catalogue: every file name a row gives is missing.</summary>
public sealed class NoImportFiles : IImportFiles
{
    public static readonly NoImportFiles Instance = new();
    public bool Exists(string name) => false;
    public byte[]? Read(string name, long maxBytes) => null;
}
