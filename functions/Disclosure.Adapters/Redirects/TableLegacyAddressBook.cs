using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Items;
using Disclosure.Redirects;

namespace Disclosure.Adapters.Redirects;

/// <summary>
/// The address book in Table storage (<c>legacyaddresses</c>): one partition, the row key a SHA-256 of the normalised
/// address (keys may not hold <c>/ ? #</c>, and an address may be 2,048 characters). An add is an insert, so the first
/// writer wins on every instance; a second add finds the row and answers whether it agrees. The version token
/// (<see cref="VersionAsync"/>) is one more row, in a partition of its own.
/// </summary>
public sealed class TableLegacyAddressBook(TableServiceClient tables) : ILegacyAddressBook
{
    public const string Partition = "legacy";
    // The book's version token lives in a partition of its own, so listing and counting the mappings never sees it.
    private const string VersionPartition = "version";
    private const string VersionRow = "book";
    private const string VersionProperty = "Token";
    private readonly TableClient _table = tables.GetTableClient(StorageNames.LegacyAddressesTable);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(StorageNames.LegacyAddressesTable).CreateIfNotExistsAsync());

    public async Task<LegacyMappingAnswer> AddAsync(LegacyMapping mapping, CancellationToken ct = default)
    {
        await _created.Value;
        try
        {
            await _table.AddEntityAsync(ToEntity(mapping), ct);
            return new LegacyMappingAnswer(LegacyMappingOutcome.Added, mapping);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await FindAsync(mapping.Address, ct)
                ?? throw new InvalidOperationException("旧网址簿中的记录在读取时已不存在。", e);
            return new LegacyMappingAnswer(stored.IndexNumber == mapping.IndexNumber ? LegacyMappingOutcome.AlreadyThere : LegacyMappingOutcome.Conflict, stored);
        }
    }

    public async Task<LegacyMapping?> FindAsync(LegacyAddress address, CancellationToken ct = default)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(address), cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async IAsyncEnumerable<LegacyMapping> ListAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await _created.Value;
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
        {
            if (FromEntity(row) is { } mapping) yield return mapping;
        }
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await _created.Value;
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey"], cancellationToken: ct)) count++;
        return count;
    }

    public async Task<string> VersionAsync(CancellationToken ct = default)
    {
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(VersionPartition, VersionRow, select: [VersionProperty], cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString(VersionProperty) ?? "" : "";
    }

    public async Task MarkChangedAsync(CancellationToken ct = default)
    {
        await _created.Value;
        await _table.UpsertEntityAsync(new TableEntity(VersionPartition, VersionRow) { [VersionProperty] = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace, ct);
    }

    private static string RowKey(LegacyAddress address) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Key)));

    private static TableEntity ToEntity(LegacyMapping mapping) => new(Partition, RowKey(mapping.Address))
    {
        ["Address"] = mapping.Address.Key,
        ["IndexNumber"] = mapping.IndexNumber.ToString(),
        ["LoadedBy"] = mapping.LoadedBy,
        ["LoadedAt"] = mapping.LoadedAt,
        ["Source"] = mapping.Source,
    };

    private static LegacyMapping? FromEntity(TableEntity row)
    {
        var address = LegacyAddress.FromKey(row.GetString("Address"));
        if (address is null || !IndexNumber.TryParse(row.GetString("IndexNumber"), out var number)) return null;
        return new LegacyMapping(address, number, row.GetString("LoadedBy") ?? "", row.GetDateTimeOffset("LoadedAt") ?? default, row.GetString("Source") ?? "");
    }
}
