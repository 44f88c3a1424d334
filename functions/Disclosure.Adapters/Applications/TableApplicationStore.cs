using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Disclosure.Adapters.Storage;
using Disclosure.Applications;
using Disclosure.Catalogue;
using Disclosure.Lifecycle;

namespace Disclosure.Adapters.Applications;

/// <summary>
/// Applications in their own table, apart from disclosure items: applicants' personal data never share a table, a
/// backup or an access policy with what the portal publishes. One partition per application: the current row
/// (<c>application</c>) and its audit rows (<c>audit|…</c>), each change and its audit row one entity-group transaction
/// with optimistic concurrency on the current row's ETag. Audit rows are only ever added.
/// </summary>
public sealed class TableApplicationStore(TableServiceClient tables) : IApplicationStore
{
    public const string TableName = "applications";
    private const string CurrentRow = "application";
    private const string AuditPrefix = "audit|";
    private const string NumberPartition = "applicationnumber";
    private static readonly JsonSerializerOptions Json = CatalogueLoader.Json;

    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly TableClient _counters = tables.GetTableClient(StorageNames.CountersTable);
    private readonly CreateOnce _created = new(() => Task.WhenAll(
        tables.GetTableClient(TableName).CreateIfNotExistsAsync(),
        tables.GetTableClient(StorageNames.CountersTable).CreateIfNotExistsAsync()));

    public async Task<Versioned<DisclosureApplication>?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsPossibleId(id)) return null; // an id from a URL that no application has; Azure Tables would answer 400
        await _created.Value;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(id, CurrentRow, cancellationToken: ct);
        return row.HasValue ? new Versioned<DisclosureApplication>(Deserialize(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<Versioned<DisclosureApplication>> CreateAsync(DisclosureApplication created, ApplicationAuditEntry entry, CancellationToken ct)
    {
        await _created.Value;
        try
        {
            var response = await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, ToRow(created)),
                new TableTransactionAction(TableTransactionActionType.Add, AuditRow(entry)),
            ], ct);
            return new Versioned<DisclosureApplication>(created, response.Value[0].Headers.ETag!.Value.ToString());
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            throw new ApplicationExistsException(created.Id);
        }
    }

    public async Task<Versioned<DisclosureApplication>> UpdateAsync(DisclosureApplication next, string etag, ApplicationAuditEntry entry, CancellationToken ct)
    {
        await _created.Value;
        try
        {
            var response = await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToRow(next), new ETag(etag)),
                new TableTransactionAction(TableTransactionActionType.Add, AuditRow(entry)),
            ], ct);
            return new Versioned<DisclosureApplication>(next, response.Value[0].Headers.ETag!.Value.ToString());
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 || e.ErrorCode == "UpdateConditionNotSatisfied")
        {
            throw new VersionConflictException($"Application {next.Id} was changed since it was read.");
        }
    }

    public async IAsyncEnumerable<DisclosureApplication> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await _created.Value;
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}"), cancellationToken: ct))
            yield return Deserialize(row);
    }

    public async Task<ApplicationPage> ListPageAsync(ApplicationFilter filter, int pageSize, string? after, Func<DisclosureApplication, bool> keep, CancellationToken ct)
    {
        if (after is not null && !IsPossibleId(after)) throw new ArgumentException("Not an application id.", nameof(after));
        await _created.Value;
        var query = TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}");
        if (filter.State is { } state) query += " and " + TableClient.CreateQueryFilter($"State eq {state.ToString()}");
        if (filter.Department is { } department) query += " and " + TableClient.CreateQueryFilter($"Department eq {department}");
        var (page, next) = await PartitionPaging.ReadAsync(_table, query, pageSize, after, Deserialize, keep, ct);
        return new ApplicationPage(page, next);
    }

    public async Task<IReadOnlyList<ApplicationAuditEntry>> AuditAsync(string id, CancellationToken ct)
    {
        if (!IsPossibleId(id)) return [];
        await _created.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {AuditPrefix} and RowKey lt {"audit}"}");
        var entries = new List<ApplicationAuditEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            entries.Add(JsonSerializer.Deserialize<ApplicationAuditEntry>(row.GetString("Entry"), Json)!);
        // Each change advances the revision, so the trail reads in the order things were recorded even within one clock tick.
        return entries.OrderBy(e => e.Revision).ThenBy(e => e.At).ToList();
    }

    /// <summary>One counter row per year, advanced with If-Match: every instance may number, none gets a number twice.</summary>
    public async Task<ApplicationNumber> NextNumberAsync(int year, CancellationToken ct)
    {
        await _created.Value;
        var number = await TableCounter.NextAsync(_counters, NumberPartition, year.ToString("D4"), ct);
        return new ApplicationNumber(year, number);
    }

    /// <summary>Ids are 32 hex digits; anything else cannot be a key of this table.</summary>
    private static bool IsPossibleId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static TableEntity ToRow(DisclosureApplication a) => new(a.Id, CurrentRow)
    {
        ["Application"] = JsonSerializer.Serialize(a, Json),
        ["State"] = a.State.ToString(),
        ["Department"] = a.Department,
        ["Year"] = a.Number.Year,
        ["Revision"] = a.Revision,
    };

    /// <summary>Keyed by time and event id, so the trail reads in order and one event can never be written twice.</summary>
    private static TableEntity AuditRow(ApplicationAuditEntry e) => new(e.ApplicationId, $"{AuditPrefix}{e.At.UtcTicks:D19}|{e.EventId}")
    {
        ["Entry"] = JsonSerializer.Serialize(e, Json),
        ["Action"] = e.Action,
        ["ActorId"] = e.ActorId,
    };

    private static DisclosureApplication Deserialize(TableEntity row) => JsonSerializer.Deserialize<DisclosureApplication>(row.GetString("Application"), Json)!;
}
