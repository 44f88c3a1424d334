using System.Runtime.CompilerServices;
using Disclosure.Audit;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Work;

namespace Disclosure.Tests.Shared;

/// <summary>
/// Items, versions, audit entries and content in memory, with the table store's rules (ETag concurrency, versions kept,
/// audit entries once per event id, messages recorded). For unit tests and benchmarks that must not need Azurite;
/// linked into the test projects and the benchmarks, never shipped with the functions.
/// </summary>
public sealed class InMemoryItemStore : IItemStore, IAuditTrail, IContentStore, IItemListing, IPublicationInbox
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DisclosureItem Item, string ETag)> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), DisclosureItem> _versions = new();
    private readonly Dictionary<string, List<AuditEntry>> _audit = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), byte[]> _content = new();
    private readonly List<WorkMessage> _messages = [];
    private long _etag;

    public IReadOnlyList<WorkMessage> Messages
    {
        get { lock (_gate) return [.. _messages]; }
    }

    public Task<StoredItem?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_current.TryGetValue(id, out var c) ? new StoredItem(c.Item, c.ETag) : null);
    }

    public Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var found = _current.Values.FirstOrDefault(c => c.Item.IndexNumber == number);
            return Task.FromResult(found.Item is null ? null : new StoredItem(found.Item, found.ETag));
        }
    }

    /// <summary>The table store's paging: id order, each page after the last id of the one before.</summary>
    public Task<ItemPage> ListPageAsync(ItemFilter filter, int pageSize, string? after, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var matches = _current.Values.Select(c => c.Item)
                .Where(i => (after is null || string.CompareOrdinal(i.Id, after) > 0) && filter.Matches(i))
                .OrderBy(i => i.Id, StringComparer.Ordinal).Take(pageSize + 1).ToList();
            return Task.FromResult(matches.Count > pageSize ? new ItemPage(matches[..pageSize], matches[pageSize - 1].Id) : new ItemPage(matches, null));
        }
    }

    public async IAsyncEnumerable<RankedItem> ListRanksAsync(ItemFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        List<RankedItem> ranks;
        lock (_gate) ranks = [.. _current.Values.Select(c => c.Item).Where(filter.Matches).Select(i => new RankedItem(i.Id, i.Version, i.ReviewRank?.Key))];
        foreach (var rank in ranks)
        {
            await Task.Yield();
            yield return rank;
        }
    }

    public async IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        List<DisclosureItem> items;
        lock (_gate)
        {
            items = _current.Values.Select(c => c.Item)
                .Where(i => (query.DepartmentCode is null || i.DepartmentCode == query.DepartmentCode) && (query.State is null || i.State == query.State))
                .ToList();
        }
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<DisclosureItem>>(_versions.Where(v => v.Key.Item1 == id).Select(v => v.Value).OrderBy(v => v.Version).ToList());
    }

    public async IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        List<DisclosureItem> all;
        lock (_gate) all = [.. _versions.Values];
        foreach (var item in all)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_current.ContainsKey(item.Id)) throw new ItemAlreadyExistsException(item.Id);
            return Task.FromResult(Commit(item, change));
        }
    }

    public Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(item.Id, out var current) || current.ETag != etag) throw new ItemChangedException(item.Id);
            return Task.FromResult(Commit(item, change));
        }
    }

    /// <summary>The clock of the notes' times (<see cref="PublicationNote.NotedAt"/>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    private readonly Dictionary<string, PublicationNote> _notes = new(StringComparer.Ordinal);
    private bool _notesComplete;

    /// <summary>Notes are made with the change that enters 待发布 or 已撤回 (the table store writes them just before it).</summary>
    public Task<PublicationNotes> ListNotesAsync(CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(new PublicationNotes([.. _notes.Values], _notesComplete));
    }

    public Task RemoveNotesAsync(IEnumerable<PublicationNote> notes, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var note in notes)
                if (_notes.TryGetValue(note.ItemId, out var kept) && kept.ETag == note.ETag) _notes.Remove(note.ItemId);
        }
        return Task.CompletedTask;
    }

    public Task MarkNotesCompleteAsync(IEnumerable<DisclosureItem> stillWaiting, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var item in stillWaiting) Note(item.Id, replaces: null);
            _notesComplete = true;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The note the table store writes just before it commits a change into 待发布 or 已撤回, for a change that has not
    /// committed (yet): it names the item's ETag now ("" for an item not stored yet).
    /// </summary>
    public void NoteUncommittedChange(string id)
    {
        lock (_gate) Note(id, _current.TryGetValue(id, out var stored) ? stored.ETag : "");
    }

    private void Note(string id, string? replaces) =>
        _notes[id] = new PublicationNote(id, replaces, Time.GetUtcNow(), "n" + ++_etag);

    private StoredItem Commit(DisclosureItem item, ItemChange change)
    {
        var etag = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The table store notes before it commits; here both happen at once, so the note is of a committed change.
        if (PublicationNote.States.Contains(item.State)) Note(item.Id, replaces: null);
        _current[item.Id] = (item, etag);
        _versions[(item.Id, item.Version)] = item;
        if (!_audit.TryGetValue(item.Id, out var entries)) _audit[item.Id] = entries = [];
        if (entries.All(e => e.EventId != change.Audit.EventId)) entries.Add(change.Audit);
        _messages.AddRange(change.Messages);
        return new StoredItem(item, etag);
    }

    public Task DeliverPendingAsync(string id, CancellationToken ct = default) => Task.CompletedTask;

    public Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default) => Task.FromResult(0);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string itemId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            PerItemAuditReads++;
            return Task.FromResult<IReadOnlyList<AuditEntry>>(_audit.TryGetValue(itemId, out var e) ? [.. e] : []);
        }
    }

    /// <summary>Counts the per-item reads (<see cref="ListAsync"/>), for tests of what a page costs.</summary>
    public int PerItemAuditReads { get; private set; }

    public async IAsyncEnumerable<AuditEntry> ListRecordedBetweenAsync(DateTimeOffset from, DateTimeOffset until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        List<AuditEntry> all;
        lock (_gate) all = [.. _audit.Values.SelectMany(e => e).Where(e => e.At >= from && e.At < until)];
        foreach (var entry in all)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public async Task PutAsync(string itemId, string contentId, Stream content, string contentType, CancellationToken ct = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        lock (_gate) _content[(itemId, contentId)] = copy.ToArray();
    }

    public Task<Stream> OpenAsync(string itemId, string contentId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return _content.TryGetValue((itemId, contentId), out var bytes)
                ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
                : throw new FileNotFoundException($"content {itemId}/{contentId} not found");
        }
    }

    public Task DeleteAsync(string itemId, string contentId, CancellationToken ct = default)
    {
        lock (_gate) _content.Remove((itemId, contentId));
        return Task.CompletedTask;
    }

    /// <remarks>In-memory content has no write time; it is reported as the Unix epoch (older than any sweep's cut-off).</remarks>
    public async IAsyncEnumerable<StoredContent> ListAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        List<(string, string)> keys;
        lock (_gate) keys = [.. _content.Keys];
        foreach (var (itemId, contentId) in keys)
        {
            await Task.Yield();
            yield return new StoredContent(itemId, contentId, DateTimeOffset.UnixEpoch);
        }
    }
}
