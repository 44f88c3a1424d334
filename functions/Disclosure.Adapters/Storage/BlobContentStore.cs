using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Items;

namespace Disclosure.Adapters.Storage;

/// <summary>Bodies and attachments in a private container, at <c>{itemId}/{contentId}</c>.</summary>
public sealed class BlobContentStore(BlobServiceClient blobs) : IContentStore
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.ContentContainer);
    private readonly CreateOnce _created = new(() => blobs.GetBlobContainerClient(StorageNames.ContentContainer).CreateIfNotExistsAsync());

    public async Task PutAsync(string itemId, string contentId, Stream content, string contentType, CancellationToken ct = default)
    {
        await _created.Value;
        await _container.GetBlobClient(Name(itemId, contentId)).UploadAsync(content,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    public async Task<Stream> OpenAsync(string itemId, string contentId, CancellationToken ct = default)
    {
        await _created.Value;
        try
        {
            return (await _container.GetBlobClient(Name(itemId, contentId)).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The domain's word for "not stored": a missing blob is a fact about the item, not a storage outage.
            throw new FileNotFoundException($"content {itemId}/{contentId} not found", e);
        }
    }

    public async Task DeleteAsync(string itemId, string contentId, CancellationToken ct = default)
    {
        await _created.Value;
        await _container.GetBlobClient(Name(itemId, contentId)).DeleteIfExistsAsync(cancellationToken: ct);
    }

    public async IAsyncEnumerable<StoredContent> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await _created.Value;
        await foreach (var blob in _container.GetBlobsAsync(cancellationToken: ct))
        {
            var slash = blob.Name.IndexOf('/');
            if (slash <= 0) continue;
            yield return new StoredContent(blob.Name[..slash], blob.Name[(slash + 1)..], blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? DateTimeOffset.MinValue);
        }
    }

    public static string Name(string itemId, string contentId) => $"{itemId}/{contentId}";
}
