using Disclosure.Items;

namespace Disclosure.Redirects;

/// <summary>One old address and the item (by its permanent 索引号) it now stands for, with who loaded it from which file.</summary>
public sealed record LegacyMapping(LegacyAddress Address, IndexNumber IndexNumber, string LoadedBy, DateTimeOffset LoadedAt, string Source);

public enum LegacyMappingOutcome
{
    /// <summary>Stored now.</summary>
    Added,
    /// <summary>The same address already stood for the same item: nothing changed (a load run twice adds nothing).</summary>
    AlreadyThere,
    /// <summary>The address already stands for another item: refused, the stored mapping kept.</summary>
    Conflict,
}

/// <summary>The answer to an add: what happened, and the mapping the book holds for the address afterwards.</summary>
public sealed record LegacyMappingAnswer(LegacyMappingOutcome Outcome, LegacyMapping Stored);

/// <summary>
/// 旧网址簿: old address → 索引号. An address maps to one item for good (a link out there means one page); an item may have
/// several old addresses. Adds are idempotent and first-writer-wins across instances, so two loads of the same file, or two
/// hosts loading at once, never store an address twice or let a later row silently move it to another item.
/// </summary>
public interface ILegacyAddressBook
{
    Task<LegacyMappingAnswer> AddAsync(LegacyMapping mapping, CancellationToken ct = default);

    Task<LegacyMapping?> FindAsync(LegacyAddress address, CancellationToken ct = default);

    IAsyncEnumerable<LegacyMapping> ListAsync(CancellationToken ct = default);

    Task<int> CountAsync(CancellationToken ct = default);

    /// <summary>
    /// A token that changes whenever a load has added mappings (<see cref="MarkChangedAsync"/>), "" before any: a
    /// publication that finds the token it saw at its last pass over the book knows the book has not changed since, so a
    /// run for a change need not read the whole book (issue 19).
    /// </summary>
    Task<string> VersionAsync(CancellationToken ct = default);

    /// <summary>Gives the book a new <see cref="VersionAsync"/> token: a load calls it once it has added mappings.</summary>
    Task MarkChangedAsync(CancellationToken ct = default);
}

/// <summary>The book's limits: a bureau's old site has thousands of item pages, not millions.</summary>
public static class LegacyAddressLimits
{
    /// <summary>Mappings the book holds at most (a publication that passes over the book reads them all).</summary>
    public const int MaxMappings = 100_000;

    /// <summary>Rows one load may carry.</summary>
    public const int MaxRowsPerLoad = 20_000;

    /// <summary>Bytes of one uploaded CSV or JSON file (20,000 rows of 2 KB addresses would not fit; real ones are ~100 bytes a row).</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;
}
