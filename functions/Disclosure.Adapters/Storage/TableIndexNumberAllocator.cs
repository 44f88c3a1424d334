using Azure.Data.Tables;
using Disclosure.Items;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// 索引号 serials from one counter entity per issuer and year (<see cref="TableCounter"/>): every instance may allocate,
/// none gets a number twice, and numbers are consecutive while submissions succeed.
/// </summary>
public sealed class TableIndexNumberAllocator(TableServiceClient tables) : IIndexNumberAllocator, IIndexNumberContinuation
{
    private const string Partition = "indexnumber";
    private readonly TableClient _counters = tables.GetTableClient(StorageNames.CountersTable);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(StorageNames.CountersTable).CreateIfNotExistsAsync());

    public async Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default)
    {
        await _created.Value;
        var serial = await TableCounter.NextAsync(_counters, Partition, $"{issuerCode}|{year:D4}", IndexNumber.MaxSerial,
            () => new InvalidOperationException($"{year} 年的索引号已用尽（{IndexNumber.MaxSerial}）。"), ct);
        return new IndexNumber(issuerCode, year, serial);
    }

    public async Task ContinueAfterAsync(string issuerCode, int year, int serial, CancellationToken ct = default)
    {
        await _created.Value;
        await TableCounter.RaiseAsync(_counters, Partition, $"{issuerCode}|{year:D4}", serial, ct);
    }
}
