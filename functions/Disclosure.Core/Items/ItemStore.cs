using Disclosure.Audit;
using Disclosure.Work;

namespace Disclosure.Items;

/// <summary>An item as read from storage, with the version tag that a later update must match (optimistic concurrency).</summary>
public sealed record StoredItem(DisclosureItem Item, string ETag);

/// <summary>
/// What goes with a state change, atomically: its audit entry and the work it starts. The store commits them with the
/// item in one transaction and delivers them afterwards (a transactional outbox), so a crash between the two never
/// loses an audit entry or a queue message, and never sends a message for an item that was not stored.
/// </summary>
public sealed record ItemChange(AuditEntry Audit, IReadOnlyList<WorkMessage> Messages)
{
    public static ItemChange Of(AuditEntry audit, params WorkMessage[] messages) => new(audit, messages);
}

public sealed record ItemQuery(string? DepartmentCode = null, ItemState? State = null);

public interface IItemStore
{
    Task<StoredItem?> GetAsync(string id, CancellationToken ct = default);
    Task<StoredItem?> FindByIndexNumberAsync(IndexNumber number, CancellationToken ct = default);
    IAsyncEnumerable<DisclosureItem> ListAsync(ItemQuery query, CancellationToken ct = default);
    /// <summary>All versions of an item, oldest first (each correction keeps the one before it).</summary>
    Task<IReadOnlyList<DisclosureItem>> GetVersionsAsync(string id, CancellationToken ct = default);
    /// <summary>Every version of every item, in no particular order (reports count from the whole record).</summary>
    IAsyncEnumerable<DisclosureItem> ListAllVersionsAsync(CancellationToken ct = default);

    /// <summary>Stores a new item. Throws <see cref="ItemAlreadyExistsException"/> if the id is taken.</summary>
    Task<StoredItem> CreateAsync(DisclosureItem item, ItemChange change, CancellationToken ct = default);

    /// <summary>
    /// Replaces the item if it still has <paramref name="etag"/>; otherwise throws <see cref="ItemChangedException"/>.
    /// When the version number grows, the new version is kept beside the old ones.
    /// </summary>
    Task<StoredItem> UpdateAsync(DisclosureItem item, string etag, ItemChange change, CancellationToken ct = default);

    /// <summary>Delivers the committed audit entries and messages of the item that are not delivered yet.</summary>
    Task DeliverPendingAsync(string id, CancellationToken ct = default);

    /// <summary>Delivers what any item still has pending (a crash between commit and delivery); returns how many were delivered.</summary>
    Task<int> DeliverAllPendingAsync(TimeSpan olderThan, CancellationToken ct = default);
}

public interface IAuditTrail
{
    Task<IReadOnlyList<AuditEntry>> ListAsync(string itemId, CancellationToken ct = default);

    /// <summary>
    /// Every item's entries recorded at or after <paramref name="from"/> and before <paramref name="until"/>, in no
    /// particular order: one read for a period's figures instead of one per item.
    /// </summary>
    IAsyncEnumerable<AuditEntry> ListRecordedBetweenAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default);
}

public sealed class ItemAlreadyExistsException(string id) : Exception($"Item {id} already exists.");

/// <summary>
/// The item's record is bigger than the store can keep (Azure Tables: 64 KiB a property, 1 MiB an entity); nothing was
/// written. Intake's field limits keep people's input well inside; this is the store's word when they do not suffice
/// (for example, a catalogue that allows hundreds of attachments).
/// </summary>
public sealed class ItemTooLargeException(string id, string what) : Exception($"Item {id} is too large to store: {what}.");

public sealed class ItemChangedException(string id) : Lifecycle.VersionConflictException($"Item {id} was changed by someone else.");

/// <summary>Assigns 索引号 serial numbers: unique, consecutive per issuer and year, never reused.</summary>
public interface IIndexNumberAllocator
{
    Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default);
}

/// <summary>
/// Continues a year's 索引号 sequence after serials assigned by an earlier system (a 历史导入 catalogue), so that no new
/// submission is given a number an imported item already carries.
/// </summary>
public interface IIndexNumberContinuation
{
    /// <summary>The next number of that issuer and year will be after <paramref name="serial"/> (a lower or equal sequence is raised; a higher one is kept).</summary>
    Task ContinueAfterAsync(string issuerCode, int year, int serial, CancellationToken ct = default);
}

/// <summary>Bodies and attachments, addressed by item id and the content's own id.</summary>
public interface IContentStore
{
    Task PutAsync(string itemId, string contentId, Stream content, string contentType, CancellationToken ct = default);
    /// <exception cref="FileNotFoundException">No such body or attachment is stored (it was lost or removed).</exception>
    Task<Stream> OpenAsync(string itemId, string contentId, CancellationToken ct = default);
    Task DeleteAsync(string itemId, string contentId, CancellationToken ct = default);
    /// <summary>Every stored body and attachment, with when it was written (for the orphan sweep).</summary>
    IAsyncEnumerable<StoredContent> ListAsync(CancellationToken ct = default);
}

public sealed record StoredContent(string ItemId, string ContentId, DateTimeOffset WrittenAt);

/// <summary>Remembers which item a client's idempotency key (or a form's one-time token) created.</summary>
public interface IIdempotencyStore
{
    /// <summary>Reserves <paramref name="key"/> for <paramref name="proposedItemId"/>, or returns the earlier reservation.</summary>
    Task<IdempotencyReservation> ReserveAsync(string scope, string key, string proposedItemId, CancellationToken ct = default);
    Task RecordIndexNumberAsync(IdempotencyReservation reservation, IndexNumber number, CancellationToken ct = default);
}

public sealed record IdempotencyReservation(string Scope, string Key, string ItemId, IndexNumber? IndexNumber, bool IsNew, string ETag);

public static class ItemStoreDelivery
{
    /// <summary>
    /// Delivers what a commit left in the item's outbox (audit entries, queue messages) now: the fast path. A failure is
    /// swallowed because the change is committed; the delivery sweep (<c>DeliverPendingChanges</c>) delivers it later.
    /// </summary>
    public static async Task TryDeliverPendingAsync(this IItemStore items, string itemId)
    {
        try { await items.DeliverPendingAsync(itemId, CancellationToken.None); }
        catch (Exception) { /* committed in the item's outbox; the delivery sweep delivers it */ }
    }
}


/// <summary>How many items (their current version) are in each state, for the items-per-state gauge.</summary>
public interface IItemStateCounter
{
    /// <summary>Every state, zero where no item is in it.</summary>
    Task<IReadOnlyDictionary<ItemState, long>> CountByStateAsync(CancellationToken ct = default);
}
