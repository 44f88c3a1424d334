using Disclosure.Adapters.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Publishing;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// What the publisher staged for a render-pages message. Since <c>RenderItem</c> consumes that queue, a test that wants
/// to know a render message was sent for a version waits for its staged page instead of reading the queue.
/// </summary>
public static class StagedPages
{
    /// <returns>The staged HTML of the item's version, or null if none appeared within <paramref name="patience"/>.</returns>
    public static async Task<string?> WaitAsync(string itemId, int version, TimeSpan patience)
    {
        var blob = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.PrivateContainer)
            .GetBlobClient($"{PublicationService.StagingPrefix}{itemId}/v{version}.html");
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if ((await blob.ExistsAsync()).Value) return (await blob.DownloadContentAsync()).Value.Content.ToString();
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(100);
        }
    }
}
