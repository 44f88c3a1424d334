using Azure;
using Azure.Data.Tables;
using Disclosure.Import;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Import progress, one entity per file (partition "batch", row key the file's content hash), written with If-Match: two
/// administrators importing the same file at once find out instead of both believing their count.
/// </summary>
public sealed class TableImportCheckpoints(TableServiceClient tables) : IImportCheckpoints
{
    private const string Partition = "batch";
    private readonly TableClient _table = tables.GetTableClient(StorageNames.ImportsTable);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(StorageNames.ImportsTable).CreateIfNotExistsAsync());

    public async Task<StoredCheckpoint?> GetAsync(string batch, CancellationToken ct = default)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, batch, cancellationToken: ct);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new StoredCheckpoint(new ImportCheckpoint(
            batch, e.GetString("FileName") ?? "", e.GetInt32("LastRow") ?? 0, e.GetInt32("Imported") ?? 0, e.GetInt32("AlreadyThere") ?? 0,
            e.GetInt32("Failed") ?? 0, e.GetBoolean("Completed") ?? false, e.GetString("ImportedBy") ?? "",
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue), e.ETag.ToString());
    }

    public async Task<string> SaveAsync(ImportCheckpoint checkpoint, string? etag, CancellationToken ct = default)
    {
        await _created.Value;
        var entity = new TableEntity(Partition, checkpoint.Batch)
        {
            ["FileName"] = checkpoint.FileName,
            ["LastRow"] = checkpoint.LastRow,
            ["Imported"] = checkpoint.Imported,
            ["AlreadyThere"] = checkpoint.AlreadyThere,
            ["Failed"] = checkpoint.Failed,
            ["Completed"] = checkpoint.Completed,
            ["ImportedBy"] = checkpoint.ImportedBy,
            ["UpdatedAt"] = checkpoint.UpdatedAt,
        };
        try
        {
            var response = etag is null
                ? await _table.AddEntityAsync(entity, ct)
                : await _table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table storage answered without an ETag.");
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new ImportCheckpointConflictException(checkpoint.FileName);
        }
    }
}
