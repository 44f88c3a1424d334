using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Disclosure.Calendar;

namespace Disclosure.Adapters.Plan;

/// <summary>
/// The years an administrator added, in Azure Table storage (table <c>calendar</c>, partition <c>year</c>, row = the
/// year; dates as ISO text, a few hundred bytes). Each save's change row (<c>change-{year}-{newest first}-…</c>, in the
/// same partition so that one transaction writes both) goes with the year's row, which is conditional on the version the
/// person saw.
/// </summary>
public sealed class TableCalendarYearStore(TableServiceClient service, string tableName = TableCalendarYearStore.TableName) : ICalendarYearStore
{
    public const string TableName = "calendar";
    private const string Partition = "year";
    private const string ChangePrefix = "change-";

    private readonly TableClient _table = service.GetTableClient(tableName);
    private Task? _created;

    private Task EnsureTableAsync(CancellationToken ct)
        => _created is { IsFaulted: false, IsCanceled: false } ? _created : _created = _table.CreateIfNotExistsAsync(ct);

    public async Task<IReadOnlyList<StoredHolidayYear>> ListAsync(CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var years = new List<StoredHolidayYear>();
        // Year rows are the four-digit keys: below ':' (after '9'), while change rows start with a letter.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"0"} and RowKey lt {":"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var year = int.Parse(e.RowKey, CultureInfo.InvariantCulture);
            years.Add(new StoredHolidayYear(
                new HolidayYear(year, e.GetString("Source") ?? "", Dates(e.GetString("Holidays")), Dates(e.GetString("Workdays"))),
                e.ETag.ToString(), e.GetString("SavedBy") ?? "", e.GetDateTimeOffset("SavedAt") ?? default));
        }
        return years;
    }

    public async Task<string?> TrySaveAsync(HolidayYear year, HolidayYearChange change, string? ifMatch, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var entity = new TableEntity(Partition, Key(year.Year))
        {
            ["Source"] = year.Source,
            ["Holidays"] = Text(year.Holidays),
            ["Workdays"] = Text(year.Workdays),
            ["SavedBy"] = change.SavedBy,
            ["SavedAt"] = change.SavedAt,
        };
        TableTransactionAction[] actions =
        [
            ifMatch is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(ifMatch)),
            new TableTransactionAction(TableTransactionActionType.Add, ChangeRow(change)),
        ];
        try
        {
            var committed = await _table.SubmitTransactionAsync(actions, ct);
            if (committed.Value[0].Headers.ETag is { } etag) return etag.ToString();
            var row = await _table.GetEntityAsync<TableEntity>(Partition, Key(year.Year), cancellationToken: ct);
            return row.Value.ETag.ToString();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<HolidayYearChange>> ListChangesAsync(int year, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var prefix = ChangePrefix + Key(year) + "-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var changes = new List<HolidayYearChange>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            changes.Add(new HolidayYearChange(year, e.GetString("SavedBy") ?? "", e.GetDateTimeOffset("SavedAt") ?? default, e.GetString("Source") ?? "",
                e.GetInt32("Holidays") ?? 0, e.GetInt32("Workdays") ?? 0));
        return changes;
    }

    private static TableEntity ChangeRow(HolidayYearChange change) => new(Partition,
        $"{ChangePrefix}{Key(change.Year)}-{DateTimeOffset.MaxValue.UtcTicks - change.SavedAt.UtcTicks:D19}-{Guid.NewGuid():N}")
    {
        ["SavedBy"] = change.SavedBy, ["SavedAt"] = change.SavedAt, ["Source"] = change.Source,
        ["Holidays"] = change.Holidays, ["Workdays"] = change.Workdays,
    };

    private static string Text(IEnumerable<DateOnly> dates) => string.Join(",", dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static IReadOnlyList<DateOnly> Dates(string? text) => string.IsNullOrEmpty(text)
        ? []
        : [.. text.Split(',').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static string Key(int year) => year.ToString("D4", CultureInfo.InvariantCulture);
}
