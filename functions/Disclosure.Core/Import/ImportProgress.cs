namespace Disclosure.Import;

/// <summary>How far one file's import has come, kept in storage so that an interrupted import resumes after <see cref="LastRow"/>.</summary>
public sealed record ImportCheckpoint(
    string Batch, string FileName, int LastRow, int Imported, int AlreadyThere, int Failed, bool Completed, string ImportedBy, DateTimeOffset UpdatedAt);

public sealed record StoredCheckpoint(ImportCheckpoint Checkpoint, string ETag);

public interface IImportCheckpoints
{
    Task<StoredCheckpoint?> GetAsync(string batch, CancellationToken ct = default);
    /// <summary>Stores the checkpoint if it still has <paramref name="etag"/> (null: a new one); returns the new ETag.</summary>
    /// <exception cref="ImportCheckpointConflictException">Someone else is importing the same file.</exception>
    Task<string> SaveAsync(ImportCheckpoint checkpoint, string? etag, CancellationToken ct = default);
}

public sealed class ImportCheckpointConflictException(string fileName)
    : Exception($"“{fileName}”正由另一个导入进程导入；请等待其完成后再运行，已导入的信息不会重复导入。");

/// <summary>A row that will not be (or was not) imported, and why: each problem names its column.</summary>
public sealed record RowFailure(int Row, string IndexNumber, string Title, IReadOnlyList<RowProblem> Problems)
{
    public string Reasons => string.Join("；", Problems.Select(p => $"{p.Column}：{p.Message}"));
}

public sealed record RowProblem(string Column, string Message);

/// <summary>What a running import has done so far; the rate and time left are computed from it, never assumed.</summary>
public sealed record ImportProgress(int RowsDone, int RowsTotal, int Imported, int AlreadyThere, int Failed, TimeSpan Elapsed)
{
    /// <summary>Rows handled per second in this run.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsDone / Elapsed.TotalSeconds : 0;

    public TimeSpan? Remaining => RowsPerSecond > 0 ? TimeSpan.FromSeconds((RowsTotal - RowsDone) / RowsPerSecond) : null;

    public string ToChinese() => Remaining is { } left
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"已处理 {RowsDone}/{RowsTotal} 行（导入 {Imported}，已存在 {AlreadyThere}，未通过 {Failed}），每秒 {RowsPerSecond:0.0} 行，预计还需 {left:hh\\:mm\\:ss}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"已处理 {RowsDone}/{RowsTotal} 行（导入 {Imported}，已存在 {AlreadyThere}，未通过 {Failed}）");
}

/// <summary>The outcome of a dry run or an import of one file.</summary>
public sealed record ImportSummary(
    string FileName, string Batch, bool DryRun, int Rows, int Imported, int AlreadyThere, IReadOnlyList<RowFailure> Failures,
    int ResumedAfterRow, TimeSpan Elapsed)
{
    /// <summary>Rows that pass every check (a dry run imports none of them).</summary>
    public int Importable => Rows - Failures.Count - AlreadyThere;
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? (Rows - ResumedAfterRowsSkipped) / Elapsed.TotalSeconds : 0;
    /// <summary>Rows a resumed run did not look at again (done before the interruption).</summary>
    public int ResumedAfterRowsSkipped { get; init; }
    /// <summary>What the 原网址 column did to the redirect book (null when no row has one).</summary>
    public Redirects.LegacyAddressLoadReport? OldAddresses { get; init; }
}
