using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Disclosure.Inspection.SelfInspection;

namespace Disclosure.Adapters.Inspection;

/// <summary>
/// The published portal as it is in the <c>$web</c> container that Blob static website hosting serves: blob names are
/// the site's paths. Pages are the <c>.html</c> blobs; a site not yet published is an empty snapshot, not an error.
/// </summary>
public sealed class WebSiteSnapshot(BlobServiceClient blobs) : ISiteSnapshot
{
    public const string Container = "$web";

    private BlobContainerClient Site => blobs.GetBlobContainerClient(Container);

    public async Task<IReadOnlySet<string>> ListPathsAsync(CancellationToken ct = default)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var blob in Site.GetBlobsAsync(cancellationToken: ct).ConfigureAwait(false)) paths.Add(blob.Name);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container: nothing published yet.
        }
        return paths;
    }

    public async IAsyncEnumerable<SitePage> ReadPagesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var path in (await ListPathsAsync(ct).ConfigureAwait(false)).Where(IsPage).Order(StringComparer.Ordinal))
        {
            string html;
            try
            {
                html = (await Site.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content.ToString();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue; // replaced by a publication while we walked
            }
            yield return new SitePage(path, html);
        }
    }

    private static bool IsPage(string path) => path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
}
