using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Disclosure.Applications;
using Disclosure.Items;
using Disclosure.Lifecycle;

namespace Disclosure.Tests.Applications;

/// <summary>The applications' store in memory, with the Table store's optimistic concurrency; the Azurite tests cover the real one.</summary>
internal sealed class InMemoryApplicationStore : IApplicationStore
{
    private readonly ConcurrentDictionary<string, Versioned<DisclosureApplication>> _rows = new();
    private readonly ConcurrentQueue<ApplicationAuditEntry> _audit = new();
    private readonly ConcurrentDictionary<int, int> _numbers = new();

    public Task<Versioned<DisclosureApplication>?> GetAsync(string id, CancellationToken ct) => Task.FromResult(_rows.GetValueOrDefault(id));

    public Task<Versioned<DisclosureApplication>> CreateAsync(DisclosureApplication created, ApplicationAuditEntry entry, CancellationToken ct)
    {
        var stored = new Versioned<DisclosureApplication>(created, Guid.NewGuid().ToString());
        if (!_rows.TryAdd(created.Id, stored)) throw new ApplicationExistsException(created.Id);
        _audit.Enqueue(entry);
        return Task.FromResult(stored);
    }

    public Task<Versioned<DisclosureApplication>> UpdateAsync(DisclosureApplication next, string etag, ApplicationAuditEntry entry, CancellationToken ct)
    {
        var current = _rows[next.Id];
        var stored = new Versioned<DisclosureApplication>(next, Guid.NewGuid().ToString());
        if (current.ETag != etag || !_rows.TryUpdate(next.Id, stored, current)) throw new VersionConflictException(next.Id);
        _audit.Enqueue(entry);
        return Task.FromResult(stored);
    }

    public async IAsyncEnumerable<DisclosureApplication> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var row in _rows.Values) yield return row.Value;
    }

    public Task<ApplicationPage> ListPageAsync(ApplicationFilter filter, int pageSize, string? after, Func<DisclosureApplication, bool> keep, CancellationToken ct)
    {
        var rest = _rows.Values.Select(r => r.Value)
            .Where(a => (filter.State is null || a.State == filter.State) && (filter.Department is null || a.Department == filter.Department) && keep(a))
            .Where(a => after is null || string.CompareOrdinal(a.Id, after) > 0)
            .OrderBy(a => a.Id, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        var page = rest.Take(pageSize).ToList();
        return Task.FromResult(new ApplicationPage(page, rest.Count > pageSize ? page[^1].Id : null));
    }

    public Task<IReadOnlyList<ApplicationAuditEntry>> AuditAsync(string id, CancellationToken ct)
        => Task.FromResult<IReadOnlyList<ApplicationAuditEntry>>(_audit.Where(e => e.ApplicationId == id).ToList());

    public Task<ApplicationNumber> NextNumberAsync(int year, CancellationToken ct)
        => Task.FromResult(new ApplicationNumber(year, _numbers.AddOrUpdate(year, 1, (_, n) => n + 1)));
}

internal sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string, string), string> _keys = new();

    public Task<IdempotencyReservation> ReserveAsync(string scope, string key, string proposedItemId, CancellationToken ct = default)
    {
        var id = _keys.GetOrAdd((scope, key), proposedItemId);
        return Task.FromResult(new IdempotencyReservation(scope, key, id, null, id == proposedItemId, "etag"));
    }

    public Task RecordIndexNumberAsync(IdempotencyReservation reservation, IndexNumber number, CancellationToken ct = default) => Task.CompletedTask;
}
