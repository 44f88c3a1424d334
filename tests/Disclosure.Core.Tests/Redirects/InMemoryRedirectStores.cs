using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Disclosure.Redirects;

namespace Disclosure.Tests.Redirects;

/// <summary>The address book as the table adapter behaves: insert-if-absent by the normalised address, first writer wins.</summary>
internal sealed class InMemoryLegacyAddressBook : ILegacyAddressBook
{
    private readonly ConcurrentDictionary<string, LegacyMapping> _rows = new(StringComparer.Ordinal);

    public Task<LegacyMappingAnswer> AddAsync(LegacyMapping mapping, CancellationToken ct = default)
    {
        var stored = _rows.GetOrAdd(mapping.Address.Key, mapping);
        var outcome = ReferenceEquals(stored, mapping) ? LegacyMappingOutcome.Added
            : stored.IndexNumber == mapping.IndexNumber ? LegacyMappingOutcome.AlreadyThere : LegacyMappingOutcome.Conflict;
        return Task.FromResult(new LegacyMappingAnswer(outcome, stored));
    }

    public Task<LegacyMapping?> FindAsync(LegacyAddress address, CancellationToken ct = default) =>
        Task.FromResult(_rows.GetValueOrDefault(address.Key));

    public async IAsyncEnumerable<LegacyMapping> ListAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        Listings++;
        await Task.Yield();
        foreach (var row in _rows.Values) yield return row;
    }

    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(_rows.Count);

    private int _version;

    /// <summary>How many times the book was listed whole: a run for a change that touches no old address lists it none.</summary>
    public int Listings { get; private set; }

    public Task<string> VersionAsync(CancellationToken ct = default) => Task.FromResult(_version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task MarkChangedAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref _version);
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryRedirectRecords : IRedirectRecords
{
    public RedirectManifest? Manifest { get; private set; }
    public Dictionary<string, byte[]> Rules { get; } = new(StringComparer.Ordinal);
    public int RuleWrites { get; private set; }

    public Task<RedirectManifest?> ReadManifestAsync(CancellationToken ct) => Task.FromResult(Manifest);

    public Task WriteManifestAsync(RedirectManifest manifest, CancellationToken ct)
    {
        Manifest = manifest;
        return Task.CompletedTask;
    }

    public Task PutRulesAsync(string name, byte[] content, string contentType, CancellationToken ct)
    {
        Rules[name] = content;
        RuleWrites++;
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadRulesAsync(string name, CancellationToken ct) => Task.FromResult(Rules.GetValueOrDefault(name));
}
