using System.Collections.Concurrent;
using Disclosure.Applications;

namespace Disclosure.Tests.Applications;

/// <summary>Identity proofs in memory for the register's unit tests; the Azurite tests cover the blob store.</summary>
internal sealed class InMemoryIdentityProofStore : IIdentityProofStore
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public Task PutAsync(string applicationId, IdentityProof proof, byte[] content, CancellationToken ct)
    {
        _files[$"{applicationId}/{proof.Id}"] = content;
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenAsync(string applicationId, string proofId, CancellationToken ct)
        => Task.FromResult<Stream?>(_files.TryGetValue($"{applicationId}/{proofId}", out var c) ? new MemoryStream(c) : null);

    public Task<int> DeleteAllAsync(string applicationId, CancellationToken ct)
        => Task.FromResult(_files.Keys.Where(k => k.StartsWith(applicationId + "/", StringComparison.Ordinal)).Count(k => _files.TryRemove(k, out _)));

    public async Task<IReadOnlyList<string>> ListAsync(string applicationId, CancellationToken ct)
    {
        await Task.CompletedTask;
        return _files.Keys.Where(k => k.StartsWith(applicationId + "/", StringComparison.Ordinal)).Order().ToList();
    }

    public IReadOnlyCollection<string> All => _files.Keys.ToList();
}
