using Azure;
using Azure.Data.Tables;
using Disclosure.Items;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// 索引号 serials from one counter entity per issuer and year, advanced with optimistic concurrency (If-Match): every
/// instance may allocate, none gets a number twice, and numbers are consecutive while submissions succeed.
/// </summary>
public sealed class TableIndexNumberAllocator(TableServiceClient tables) : IIndexNumberAllocator
{
    private const string Partition = "indexnumber";
    private readonly TableClient _counters = tables.GetTableClient(StorageNames.CountersTable);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(StorageNames.CountersTable).CreateIfNotExistsAsync());

    public async Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default)
    {
        await _created.Value;
        var rowKey = $"{issuerCode}|{year:D4}";
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var existing = await _counters.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: ct);
            try
            {
                if (!existing.HasValue)
                {
                    await _counters.AddEntityAsync(new TableEntity(Partition, rowKey) { ["Last"] = 1 }, ct);
                    return new IndexNumber(issuerCode, year, 1);
                }
                var next = existing.Value!.GetInt32("Last")!.Value + 1;
                if (next > IndexNumber.MaxSerial)
                    throw new InvalidOperationException($"{year} 年的索引号已用尽（{IndexNumber.MaxSerial}）。");
                existing.Value["Last"] = next;
                await _counters.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, ct);
                return new IndexNumber(issuerCode, year, next);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance took this number: back off a little (with jitter, so contenders spread out) and retry.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + Math.Min(attempt, 20) * 5)), ct);
            }
        }
    }
}
