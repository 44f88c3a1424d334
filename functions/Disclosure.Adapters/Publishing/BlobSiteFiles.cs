using Azure;
using Azure.Storage.Blobs;
using Disclosure.Publishing.Search;

namespace Disclosure.Adapters.Publishing;

/// <summary>
/// The published site as the search index writer sees it: blobs of the <c>$web</c> container (static website), read
/// by site path. A missing blob is a file that does not exist yet, not an error.
/// </summary>
public sealed class BlobSiteFiles(BlobContainerClient container) : ISiteFileSource
{
    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            var response = await container.GetBlobClient(path).DownloadContentAsync(ct);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
