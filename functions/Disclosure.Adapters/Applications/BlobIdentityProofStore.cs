using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Adapters.Storage;
using Disclosure.Applications;

namespace Disclosure.Adapters.Applications;

/// <summary>
/// Identity proofs in their own private container (no public access level is ever set on it), at
/// <c>{applicationId}/{proofId}</c>, so one prefix holds everything the retention run must delete for an application.
/// </summary>
public sealed class BlobIdentityProofStore(BlobServiceClient blobs) : IIdentityProofStore
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.ApplicantDocumentsContainer);
    private readonly CreateOnce _created = new(() => blobs.GetBlobContainerClient(StorageNames.ApplicantDocumentsContainer).CreateIfNotExistsAsync());

    public async Task PutAsync(string applicationId, IdentityProof proof, byte[] content, CancellationToken ct)
    {
        await _created.Value;
        await _container.GetBlobClient(Name(applicationId, proof.Id)).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = proof.ContentType } }, ct);
    }

    public async Task<Stream?> OpenAsync(string applicationId, string proofId, CancellationToken ct)
    {
        await _created.Value;
        try
        {
            return (await _container.GetBlobClient(Name(applicationId, proofId)).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<int> DeleteAllAsync(string applicationId, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var name in await ListAsync(applicationId, ct))
            if ((await _container.DeleteBlobIfExistsAsync(name, cancellationToken: ct)).Value) deleted++;
        return deleted;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string applicationId, CancellationToken ct)
    {
        await _created.Value;
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, applicationId + "/", ct)) names.Add(blob.Name);
        return names;
    }

    private static string Name(string applicationId, string proofId) => $"{applicationId}/{proofId}";
}
