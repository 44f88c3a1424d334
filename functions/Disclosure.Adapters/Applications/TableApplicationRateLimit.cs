using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Applications;
using Microsoft.Extensions.Options;

namespace Disclosure.Adapters.Applications;

/// <summary>
/// The per-client hourly count in Table storage: one row per client and hour, advanced with If-Match so two instances
/// never both take the last place. The client's address is hashed: the table holds no personal data.
/// </summary>
public sealed class TableApplicationRateLimit(TableServiceClient tables, IOptions<ApplicationOptions> options) : IApplicationRateLimit
{
    public const string TableName = "applicationlimits";
    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly CreateOnce _created = new(() => tables.GetTableClient(TableName).CreateIfNotExistsAsync());

    public async Task<bool> TryTakeAsync(string client, DateTimeOffset now, CancellationToken ct)
    {
        await _created.Value;
        var limit = options.Value.PerClientPerHour;
        var (pk, rk) = (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client))), now.UtcDateTime.ToString("yyyyMMddHH"));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
            try
            {
                if (!row.HasValue)
                {
                    if (limit < 1) return false;
                    await _table.AddEntityAsync(new TableEntity(pk, rk) { ["Count"] = 1 }, ct);
                    return true;
                }
                var count = row.Value!.GetInt32("Count") ?? 0;
                if (count >= limit) return false;
                row.Value["Count"] = count + 1;
                await _table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, ct);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20)), ct);
            }
        }
        return false; // contended beyond reason: that is itself a flood
    }
}
