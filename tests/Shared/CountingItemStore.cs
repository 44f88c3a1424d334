using System.Runtime.CompilerServices;
using Disclosure.Items;

namespace Disclosure.Tests.Shared;

/// <summary>
/// An item store that counts every item (or item version) its reads return: the publication-delta tests and the
/// benchmarks show with it what a run reads. Linked into the test projects and the benchmarks, never shipped.
/// </summary>
public sealed class CountingItemStore(IItemStore inner) : IItemStore
{
    private int _read;
    private int _queries;

    public int ItemsRead => _read;

    /// <summary>Queries over the items (<see cref="ListAsync"/>): on Azure Tables each reads every item's row, whatever it returns.</summary>
    public int Queries => _queries;

    public void ResetCount()
    {
        Interlocked.Exchange(ref _read, 0);
        Interlocked.Exchange(ref _queries, 0);
    }

    public async Task<StoredItem?> GetAsync(string id, CancellationToken ct = default)
    {
        var found = await inner.GetAsync(id, ct);
        if (found is not null) Interlocked.Increment(ref _read);
        return found;
    }

    public async Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default)
    {
        var found = await inner.FindByIndexNumberAsync(number, ct);
        if (found is not null) Interlocked.Increment(ref _read);
        return found;
    }

    public async IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Interlocked.Increment(ref _queries);
        await foreach (var item in inner.ListAsync(query, ct))
        {
            Interlocked.Increment(ref _read);
            yield return item;
        }
    }

    public async Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default)
    {
        var versions = await inner.GetVersionsAsync(id, ct);
        Interlocked.Add(ref _read, versions.Count);
        return versions;
    }

    public async IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in inner.ListAllVersionsAsync(ct))
        {
            Interlocked.Increment(ref _read);
            yield return item;
        }
    }

    public Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default) => inner.CreateAsync(item, change, ct);

    public Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default) =>
        inner.UpdateAsync(item, etag, change, ct);

    public Task DeliverPendingAsync(string id, CancellationToken ct = default) => inner.DeliverPendingAsync(id, ct);

    public Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default) => inner.DeliverAllPendingAsync(olderThan, ct);
}
