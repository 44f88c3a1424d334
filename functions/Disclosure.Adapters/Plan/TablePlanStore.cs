using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Plan;

namespace Disclosure.Adapters.Plan;

/// <summary>
/// The editable plan in Azure Table storage (table <c>plan</c>, partition <c>plan</c>, row = year). The JSON is kept
/// as UTF-8 in binary properties of at most 64 KiB each; the ETag guards concurrent edits. Each save's audit entry is a
/// row of the same partition (<c>{year}-change-{newest first}-{event}</c>), written in one transaction with the plan.
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

    public async Task<string?> TrySaveAsync(int year, string json, string? ifMatch, PlanChange? change = null, CancellationToken ct = default)
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
            if (change is null)
            {
                var response = ifMatch is null
                    ? await _table.AddEntityAsync(entity, ct)
                    : await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, ct);
                return response.Headers.ETag?.ToString();
            }
            TableTransactionAction[] actions =
            [
                ifMatch is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(ifMatch)),
                new TableTransactionAction(TableTransactionActionType.Add, ChangeRow(change)),
            ];
            var committed = await _table.SubmitTransactionAsync(actions, ct);
            if (committed.Value[0].Headers.ETag is { } etag) return etag.ToString();
            // A store that does not return the sub-response's tag: the row as it is now carries our save's entry.
            return (await GetAsync(year, ct))?.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<PlanChange>> ListChangesAsync(int year, int max, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var prefix = ChangePrefix(year);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var changes = new List<PlanChange>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            changes.Add(new PlanChange
            {
                Year = year, EventId = e.GetString("EventId") ?? "", At = e.GetDateTimeOffset("At") ?? default,
                Actor = e.GetString("Actor") ?? "", ActorId = e.GetString("ActorId") ?? "", FromVersion = e.GetString("FromVersion") ?? "",
                ToVersion = e.GetString("ToVersion") ?? "", Via = e.GetString("Via") ?? "",
                Changes = (e.GetString("Changes") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries),
            });
            if (changes.Count == max) break;
        }
        return changes;
    }

    private static TableEntity ChangeRow(PlanChange change) => new(Partition,
        $"{ChangePrefix(change.Year)}{DateTimeOffset.MaxValue.UtcTicks - change.At.UtcTicks:D19}-{change.EventId}")
    {
        ["EventId"] = change.EventId, ["At"] = change.At, ["Actor"] = change.Actor, ["ActorId"] = change.ActorId,
        ["FromVersion"] = change.FromVersion, ["ToVersion"] = change.ToVersion, ["Via"] = change.Via,
        // A plan's changes are a few lines per save, far inside a property's 64 KiB.
        ["Changes"] = string.Join('\n', change.Changes),
    };

    private static string ChangePrefix(int year) => Key(year) + "-change-";

    private static string Key(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
