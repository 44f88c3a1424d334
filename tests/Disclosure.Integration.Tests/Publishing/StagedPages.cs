using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Adapters.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Publishing;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// What the publisher staged for render-pages messages. Since <c>RenderItem</c> consumes that queue, a test that wants
/// to know a render message was sent for a version waits for its staged page instead of reading the queue.
/// </summary>
public static class StagedPages
{
    /// <returns>The staged HTML of the item's version, or null if none appeared within <paramref name="patience"/>.</returns>
    public static async Task<string?> WaitAsync(string itemId, int version, TimeSpan patience) =>
        await WaitAsync(await TestStorage.BlobsAsync(), itemId, version, patience);

    public static async Task<string?> WaitAsync(BlobServiceClient blobs, string itemId, int version, TimeSpan patience)
    {
        var blob = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer)
            .GetBlobClient($"{PublicationService.StagingPrefix}{itemId}/v{version}.html");
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if ((await blob.ExistsAsync()).Value) return (await blob.DownloadContentAsync()).Value.Content.ToString();
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(100);
        }
    }

    /// <summary>The ids of every item with a staged page.</summary>
    public static async Task<IReadOnlyList<string>> ItemsAsync(BlobServiceClient blobs)
    {
        var container = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);
        if (!await container.ExistsAsync()) return [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, PublicationService.StagingPrefix, CancellationToken.None))
            ids.Add(blob.Name[PublicationService.StagingPrefix.Length..].Split('/')[0]);
        return [.. ids];
    }
}
