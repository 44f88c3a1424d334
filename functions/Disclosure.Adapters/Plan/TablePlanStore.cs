using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Plan;

namespace Disclosure.Adapters.Plan;

/// <summary>
/// The editable plan in Azure Table storage (table <c>plan</c>, partition <c>plan</c>, row = year). The JSON is kept
/// as UTF-8 in binary properties of at most 64 KiB each; the ETag guards concurrent edits.
/// </summary>
public sealed class TablePlanStore(TableServiceClient service, string tableName = TablePlanStore.TableName) : IPlanStore
{
    public const string TableName = "plan";
    private const string Partition = "plan";
    private const int ChunkBytes = 60 * 1024;

    private readonly TableClient _table = service.GetTableClient(tableName);
    private Task? _created;

    // Created once per instance; a failed attempt (storage not up yet) is retried on the next call.
    private Task EnsureTableAsync(CancellationToken ct)
        => _created is { IsFaulted: false, IsCanceled: false } ? _created : _created = _table.CreateIfNotExistsAsync(ct);

    public async Task<StoredPlan?> GetAsync(int year, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Key(year), cancellationToken: ct);
        if (!row.HasValue) return null;
        var e = row.Value!;
        var parts = e.GetInt32("JsonParts") ?? 0;
        var bytes = new List<byte>();
        for (var i = 0; i < parts; i++) bytes.AddRange(e.GetBinary($"Json{i}") ?? []);
        return new StoredPlan(Encoding.UTF8.GetString(bytes.ToArray()), e.ETag.ToString());
    }

    public async Task<string?> TrySaveAsync(int year, string json, string? ifMatch, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var bytes = Encoding.UTF8.GetBytes(json);
        var entity = new TableEntity(Partition, Key(year));
        var parts = 0;
        for (var offset = 0; offset < bytes.Length; offset += ChunkBytes, parts++)
            entity[$"Json{parts}"] = bytes[offset..Math.Min(bytes.Length, offset + ChunkBytes)];
        entity["JsonParts"] = parts;
        try
        {
            var response = ifMatch is null
                ? await _table.AddEntityAsync(entity, ct)
                : await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    private static string Key(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
