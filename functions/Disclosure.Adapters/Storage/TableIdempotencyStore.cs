using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Items;

namespace Disclosure.Adapters.Storage;

/// <summary>Idempotency keys per scope (the department), hashed so any client string is a valid row key.</summary>
public sealed class TableIdempotencyStore(TableServiceClient tables, TimeProvider time) : IIdempotencyStore
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.IdempotencyTable);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(StorageNames.IdempotencyTable).CreateIfNotExistsAsync());

    public async Task<IdempotencyReservation> ReserveAsync(string scope, string key, string proposedItemId, CancellationToken ct = default)
    {
        await _created.Value;
        var (pk, rk) = (Hash(scope), Hash(key));
        var row = new TableEntity(pk, rk) { ["ItemId"] = proposedItemId, ["CreatedAt"] = time.GetUtcNow() };
        try
        {
            var response = await _table.AddEntityAsync(row, ct);
            return new IdempotencyReservation(scope, key, proposedItemId, null, IsNew: true, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await _table.GetEntityAsync<TableEntity>(pk, rk, cancellationToken: ct)).Value;
            IndexNumber? number = IndexNumber.TryParse(existing.GetString("IndexNumber"), out var n) ? n : null;
            return new IdempotencyReservation(scope, key, existing.GetString("ItemId"), number, IsNew: false, existing.ETag.ToString());
        }
    }

    public async Task RecordIndexNumberAsync(IdempotencyReservation reservation, IndexNumber number, CancellationToken ct = default)
    {
        var row = new TableEntity(Hash(reservation.Scope), Hash(reservation.Key)) { ["IndexNumber"] = number.ToString() };
        try { await _table.UpdateEntityAsync(row, new ETag(reservation.ETag), TableUpdateMode.Merge, ct); }
        catch (RequestFailedException e) when (e.Status == 412) { /* a concurrent attempt recorded its number first */ }
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
