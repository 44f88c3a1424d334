using Azure;
using Azure.Data.Tables;
using Disclosure.Plan;

namespace Disclosure.Adapters.Plan;

/// <summary>Events and completed tasks in Azure Table storage (table <c>planrecords</c>; partitions <c>event-{year}</c>, <c>task-{year}</c>).</summary>
public sealed class TablePlanRecords(TableServiceClient service, string tableName = TablePlanRecords.TableName) : IPlanRecords
{
    public const string TableName = "planrecords";

    private readonly TableClient _table = service.GetTableClient(tableName);
    private Task? _created;

    private Task EnsureTableAsync(CancellationToken ct)
        => _created is { IsFaulted: false, IsCanceled: false } ? _created : _created = _table.CreateIfNotExistsAsync(ct);

    private static string Events(int year) => $"event-{year}";
    private static string Tasks(int year) => $"task-{year}";

    public async Task<bool> RecordEventAsync(int year, RecordedEvent recorded, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var entity = new TableEntity(Events(year), recorded.Id)
        {
            ["Kind"] = recorded.Kind,
            ["OccurredOn"] = ObligationIds.Date(recorded.OccurredOn),
            ["Title"] = recorded.Title,
            ["DisclosedOn"] = recorded.DisclosedOn is { } d ? ObligationIds.Date(d) : null,
        };
        try
        {
            await _table.AddEntityAsync(entity, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> MarkEventDisclosedAsync(int year, string eventId, DateOnly disclosedOn, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var patch = new TableEntity(Events(year), eventId) { ["DisclosedOn"] = ObligationIds.Date(disclosedOn) };
        try
        {
            // Merge with If-Match * : update only an existing event, never create one.
            await _table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async Task CompleteTaskAsync(int year, string taskId, DateOnly completedOn, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        try
        {
            await _table.AddEntityAsync(new TableEntity(Tasks(year), taskId) { ["CompletedOn"] = ObligationIds.Date(completedOn) }, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already complete: the first date stands.
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> ListEventsAsync(int year, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var list = new List<RecordedEvent>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Events(year)}"), cancellationToken: ct))
        {
            list.Add(new RecordedEvent
            {
                Id = e.RowKey,
                Kind = e.GetString("Kind") ?? "",
                OccurredOn = Parse(e.GetString("OccurredOn"))!.Value,
                Title = e.GetString("Title") ?? "",
                DisclosedOn = Parse(e.GetString("DisclosedOn")),
            });
        }
        return list;
    }

    public async Task<IReadOnlyDictionary<string, DateOnly>> ListCompletedTasksAsync(int year, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var done = new Dictionary<string, DateOnly>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tasks(year)}"), cancellationToken: ct))
            done[e.RowKey] = Parse(e.GetString("CompletedOn"))!.Value;
        return done;
    }

    /// <summary>Dates are stored as ISO text: a DateOnly has no time zone to get wrong.</summary>
    private static DateOnly? Parse(string? s)
        => s is null ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
