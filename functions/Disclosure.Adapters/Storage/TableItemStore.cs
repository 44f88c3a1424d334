using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Work;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Items in Azure Tables, one partition per item: the current row (<c>item</c>), one row per version (<c>v00001</c>…),
/// and outbox rows (<c>outbox|…</c>) holding the audit entries and queue messages of each change until they are
/// delivered. A change and its outbox rows are one entity-group transaction, so neither exists without the other.
/// </summary>
public sealed class TableItemStore(TableServiceClient tables, IWorkQueue queues, TimeProvider time)
    : IItemStore, IAuditTrail, IItemStateCounter, IItemListing, IPublicationInbox
{
    private const string CurrentRow = "item";
    private const string OutboxPrefix = "outbox|";
    // The publication inbox's rows: a note per item, and the marker that the notes are complete.
    private const string NotesPartition = "note";
    private const string MarkerPartition = "state";
    private const string CompleteRow = "complete";
    private static readonly JsonSerializerOptions Json = CatalogueLoader.Json;

    private readonly TableClient _items = tables.GetTableClient(StorageNames.ItemsTable);
    private readonly TableClient _audit = tables.GetTableClient(StorageNames.AuditTable);
    private readonly TableClient _notes = tables.GetTableClient(StorageNames.PublicationNotesTable);
    private readonly CreateOnce _created = new(() => Task.WhenAll(
        tables.GetTableClient(StorageNames.ItemsTable).CreateIfNotExistsAsync(),
        tables.GetTableClient(StorageNames.AuditTable).CreateIfNotExistsAsync(),
        tables.GetTableClient(StorageNames.PublicationNotesTable).CreateIfNotExistsAsync()));

    private Task Ready() => _created.Value;

    public async Task<StoredItem?> GetAsync(string id, CancellationToken ct = default)
    {
        if (!IsPossibleKey(id)) return null; // an id from a URL that no item can have; Azure Tables would answer 400
        await Ready();
        var row = await _items.GetEntityIfExistsAsync<TableEntity>(id, CurrentRow, cancellationToken: ct);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    public async Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default)
    {
        await Ready();
        var text = number.ToString();
        await foreach (var row in _items.QueryAsync<TableEntity>(e => e.RowKey == CurrentRow && e.GetString("IndexNumber") == text, cancellationToken: ct))
            return ToStored(row);
        return null;
    }

    public async IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Ready();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}");
        if (query.DepartmentCode is not null) filter += " and " + TableClient.CreateQueryFilter($"DepartmentCode eq {query.DepartmentCode}");
        if (query.State is not null) filter += " and " + TableClient.CreateQueryFilter($"State eq {query.State.Value.ToString()}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            yield return ToStored(row).Item;
    }

    public async Task<IReadOnlyDictionary<ItemState, long>> CountByStateAsync(CancellationToken ct = default)
    {
        await Ready();
        // The State column of the current rows only (a few bytes each, a thousand a page), never the items' fields.
        var counts = Enum.GetValues<ItemState>().ToDictionary(s => s, _ => 0L);
        await foreach (var row in _items.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}"), select: ["State"], cancellationToken: ct))
            if (Enum.TryParse<ItemState>(row.GetString("State"), out var state)) counts[state]++;
        return counts;
    }

    /// <summary>
    /// Pages in item id order (<see cref="PartitionPaging"/>): the service filters everything but the title, which is
    /// checked here, reading at most <see cref="PartitionPaging.MaxRowsReadPerPage"/> rows a page.
    /// </summary>
    public async Task<ItemPage> ListPageAsync(ItemFilter filter, int pageSize, string? after, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (after is not null && !IsPossibleKey(after)) throw new ArgumentException("Not an item key.", nameof(after));
        await Ready();
        var query = QueryOf(filter);

        var (page, next) = await PartitionPaging.ReadAsync(_items, query, pageSize, after, row => ToStored(row).Item, filter.MatchesTitle, ct);
        return new ItemPage(page, next);
    }

    /// <summary>
    /// The filter's rows with the id, version and rank columns only (a title filter needs the item: then whole rows), so
    /// ranking a queue of thousands reads a few bytes a row.
    /// </summary>
    public async IAsyncEnumerable<RankedItem> ListRanksAsync(ItemFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Ready();
        var query = QueryOf(filter);
        var whole = !string.IsNullOrEmpty(filter.TitleContains);
        await foreach (var row in _items.QueryAsync<TableEntity>(query, select: whole ? null : ["PartitionKey", "Version", "ReviewRank"], cancellationToken: ct))
        {
            if (whole && !filter.MatchesTitle(ToStored(row).Item)) continue;
            yield return new RankedItem(row.PartitionKey, row.GetInt32("Version") ?? 1, row.GetString("ReviewRank"));
        }
    }

    /// <summary>The current rows the filter keeps, all but the title (Azure Tables has no substring filter).</summary>
    private static string QueryOf(ItemFilter filter)
    {
        var query = TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}");
        if (filter.DepartmentCode is not null) query += " and " + TableClient.CreateQueryFilter($"DepartmentCode eq {filter.DepartmentCode}");
        if (filter.State is not null) query += " and " + TableClient.CreateQueryFilter($"State eq {filter.State.Value.ToString()}");
        if (filter.ColumnCode is not null) query += " and " + TableClient.CreateQueryFilter($"ColumnCode eq {filter.ColumnCode}");
        if (filter.UpdatedSince is { } since) query += " and " + TableClient.CreateQueryFilter($"UpdatedAt ge {since}");
        if (filter.UpdatedBefore is { } before) query += " and " + TableClient.CreateQueryFilter($"UpdatedAt lt {before}");
        return query;
    }

    /// <summary>
    /// Before a change that leaves the item 待发布 or 已撤回 is committed, its note, naming the ETag of the row the change
    /// replaces ("" for a new item): a run that sees the state can see the note (written after, it could lag what a run
    /// sees, and once did). Should the commit fail, the item keeps that ETag or moves past it by another change.
    /// </summary>
    private async Task NoteBeforeCommitAsync(DisclosureItem item, string replaces, CancellationToken ct)
    {
        if (PublicationNote.States.Contains(item.State)) await NoteAsync(item.Id, replaces, ct);
    }

    private Task NoteAsync(string itemId, string? replaces, CancellationToken ct)
    {
        var note = new TableEntity(NotesPartition, itemId) { ["NotedAt"] = time.GetUtcNow() };
        if (replaces is not null) note["Replaces"] = replaces;
        return _notes.UpsertEntityAsync(note, TableUpdateMode.Replace, ct);
    }

    public async Task<PublicationNotes> ListNotesAsync(CancellationToken ct)
    {
        await Ready();
        var notes = new List<PublicationNote>();
        await foreach (var row in _notes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {NotesPartition}"), select: ["RowKey", "Replaces", "NotedAt"], cancellationToken: ct))
            notes.Add(new PublicationNote(row.RowKey, row.GetString("Replaces"), row.GetDateTimeOffset("NotedAt") ?? DateTimeOffset.MinValue, row.ETag.ToString()));
        var complete = await _notes.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, CompleteRow, select: ["RowKey"], cancellationToken: ct);
        return new PublicationNotes(notes, complete.HasValue);
    }

    public async Task RemoveNotesAsync(IEnumerable<PublicationNote> notes, CancellationToken ct)
    {
        await Ready();
        // One request a note: a batch would fail whole on the first note written again since it was listed.
        await Parallel.ForEachAsync(notes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (note, token) =>
        {
            try { await _notes.DeleteEntityAsync(NotesPartition, note.ItemId, new ETag(note.ETag), token); }
            catch (RequestFailedException e) when (e.Status is 404 or 412) { } // gone, or noted again since: the next run reads it
        });
    }

    public async Task MarkNotesCompleteAsync(IEnumerable<DisclosureItem> stillWaiting, CancellationToken ct)
    {
        await Ready();
        foreach (var item in stillWaiting) await NoteAsync(item.Id, replaces: null, ct);
        await _notes.UpsertEntityAsync(new TableEntity(MarkerPartition, CompleteRow) { ["At"] = time.GetUtcNow() }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default)
    {
        if (!IsPossibleKey(id)) return [];
        await Ready();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"v"} and RowKey lt {"w"}");
        var versions = new List<DisclosureItem>();
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            versions.Add(Deserialize(row));
        return versions.OrderBy(v => v.Version).ToList();
    }

    public async IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await Ready();
        await foreach (var row in _items.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"v"} and RowKey lt {"w"}"), cancellationToken: ct))
            yield return Deserialize(row);
    }

    public async Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default)
    {
        await Ready();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToRow(item, CurrentRow)),
            new(TableTransactionActionType.Add, ToRow(item, VersionRow(item.Version))),
        };
        actions.AddRange(OutboxRows(item.Id, change).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        EnsureFits(item.Id, actions);
        await NoteBeforeCommitAsync(item, replaces: "", ct);
        try
        {
            var response = await _items.SubmitTransactionAsync(actions, ct);
            return new StoredItem(item, response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("no ETag"));
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            throw new ItemAlreadyExistsException(item.Id);
        }
    }

    public async Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default)
    {
        await Ready();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToRow(item, CurrentRow), new ETag(etag)),
        };
        var previous = await _items.GetEntityIfExistsAsync<TableEntity>(item.Id, VersionRow(item.Version), cancellationToken: ct);
        // A new version is added; the same version's row is kept in step with the current row (state, dates).
        actions.Add(previous.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToRow(item, VersionRow(item.Version)))
            : new TableTransactionAction(TableTransactionActionType.Add, ToRow(item, VersionRow(item.Version))));
        actions.AddRange(OutboxRows(item.Id, change).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        EnsureFits(item.Id, actions);
        await NoteBeforeCommitAsync(item, etag, ct);
        try
        {
            var response = await _items.SubmitTransactionAsync(actions, ct);
            return new StoredItem(item, response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("no ETag"));
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 || e.ErrorCode == "UpdateConditionNotSatisfied")
        {
            throw new ItemChangedException(item.Id);
        }
    }

    public async Task DeliverPendingAsync(string id, CancellationToken ct = default)
    {
        await Ready();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {OutboxPrefix} and RowKey lt {"outbox}"}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            await DeliverAsync(row, ct);
    }

    public async Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        await Ready();
        var cutoff = time.GetUtcNow() - olderThan;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {"outbox}"} and Timestamp le {cutoff}");
        var delivered = 0;
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            await DeliverAsync(row, ct);
            delivered++;
        }
        return delivered;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string itemId, CancellationToken ct = default)
    {
        await Ready();
        var entries = new List<AuditEntry>();
        await foreach (var row in _audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {itemId}"), cancellationToken: ct))
            entries.Add(JsonSerializer.Deserialize<AuditEntry>(row.GetString("Entry"), Json)!);
        return entries.OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Row keys begin with the entry's time in ticks, so a period is one range of keys across the items' partitions.</summary>
    public async IAsyncEnumerable<AuditEntry> ListRecordedBetweenAsync(DateTimeOffset from, DateTimeOffset until,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Ready();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {Ticks(from)} and RowKey lt {Ticks(until)}");
        await foreach (var row in _audit.QueryAsync<TableEntity>(filter, select: ["Entry"], cancellationToken: ct))
            yield return JsonSerializer.Deserialize<AuditEntry>(row.GetString("Entry"), Json)!;
    }

    /// <summary>Audit entries are appended with a key fixed by the event, so a second delivery finds them there.</summary>
    private async Task DeliverAsync(TableEntity outbox, CancellationToken ct)
    {
        var kind = outbox.GetString("Kind");
        var payload = outbox.GetString("Payload");
        if (kind == "audit")
        {
            var entry = JsonSerializer.Deserialize<AuditEntry>(payload, Json)!;
            var row = new TableEntity(entry.ItemId, AuditRowKey(entry)) { ["Entry"] = payload, ["Action"] = entry.Action, ["Actor"] = entry.Actor };
            try { await _audit.AddEntityAsync(row, ct); }
            catch (RequestFailedException e) when (e.Status == 409) { }
        }
        else
        {
            await queues.EnqueueAsync(outbox.GetString("Queue"), payload, ct);
        }
        try { await _items.DeleteEntityAsync(outbox.PartitionKey, outbox.RowKey, outbox.ETag, ct); }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { }
    }

    private static string AuditRowKey(AuditEntry e) => $"{Ticks(e.At)}-{e.EventId}";

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<TableEntity> OutboxRows(string itemId, ItemChange change)
    {
        var eventId = change.Audit.EventId;
        yield return new TableEntity(itemId, $"{OutboxPrefix}{eventId}|0-audit")
        {
            ["Kind"] = "audit",
            ["Payload"] = JsonSerializer.Serialize(change.Audit, Json),
        };
        for (var i = 0; i < change.Messages.Count; i++)
        {
            yield return new TableEntity(itemId, $"{OutboxPrefix}{eventId}|{i + 1}-queue")
            {
                ["Kind"] = "queue",
                ["Queue"] = change.Messages[i].Queue,
                ["Payload"] = change.Messages[i].Body,
            };
        }
    }

    /// <summary>
    /// What Azure Tables accepts as a PartitionKey: at most 1 KiB, none of / \ # ? and no control characters
    /// (U+0000–U+001F, U+007F–U+009F). Item ids are 32 hex digits; anything else is looked up as absent.
    /// </summary>
    private static bool IsPossibleKey(string id)
        => id.Length is > 0 and <= 512 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Azure Tables' limits: a string property holds 64 KiB of UTF-16, an entity 1 MiB, a transaction 4 MiB.</summary>
    private const int MaxPropertyBytes = 64 * 1024;
    private const int MaxEntityBytes = 1024 * 1024;
    private const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Refuses, before sending, a change the service would answer with 400 (PropertyValueTooLarge, EntityTooLarge) or
    /// 413: as a domain exception intake turns into 413 for the person, never a 500. The sizes are estimates on the safe
    /// side (strings as UTF-16, each property's name counted, a fixed allowance per other value).
    /// </summary>
    private static void EnsureFits(string itemId, IEnumerable<TableTransactionAction> actions)
    {
        long transaction = 0;
        foreach (var entity in actions.Select(a => a.Entity).OfType<TableEntity>())
        {
            long size = 4 + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
            foreach (var (name, value) in entity)
            {
                var bytes = value is string text ? 2L * text.Length : 16;
                if (value is string && bytes > MaxPropertyBytes) throw new ItemTooLargeException(itemId, $"{name} of row {entity.RowKey} is {bytes} bytes");
                size += 8 + 2 * name.Length + bytes;
            }
            if (size > MaxEntityBytes) throw new ItemTooLargeException(itemId, $"row {entity.RowKey} is {size} bytes");
            transaction += size;
        }
        if (transaction > MaxTransactionBytes) throw new ItemTooLargeException(itemId, $"the change is {transaction} bytes");
    }

    private static string VersionRow(int version) => $"v{version:D5}";

    private static TableEntity ToRow(DisclosureItem item, string rowKey)
    {
        var row = new TableEntity(item.Id, rowKey)
        {
            ["Item"] = JsonSerializer.Serialize(item, Json),
            ["State"] = item.State.ToString(),
            ["DepartmentCode"] = item.DepartmentCode,
            ["ColumnCode"] = item.ColumnCode,
            ["IndexNumber"] = item.IndexNumber.ToString(),
            ["Version"] = item.Version,
            ["UpdatedAt"] = item.UpdatedAt,
        };
        // The queue ranks from this column alone (ListRanksAsync).
        if (item.ReviewRank is { } rank) row["ReviewRank"] = rank.Key;
        return row;
    }

    private static DisclosureItem Deserialize(TableEntity row) => JsonSerializer.Deserialize<DisclosureItem>(row.GetString("Item"), Json)!;

    private static StoredItem ToStored(TableEntity row) => new(Deserialize(row), row.ETag.ToString());
}
