using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Disclosure.LocalHost.Storage;

/// <summary>
/// Serves the published portal from the <c>$web</c> container at <c>/</c>, as Blob static website hosting does
/// (Azurite has no static website endpoint): index documents for folders, the 404 document for missing pages.
/// </summary>
public static class StaticSite
{
    public const string Container = "$web";
    public const string IndexDocument = "index.html";
    public const string NotFoundDocument = "404.html";

    public static void MapStaticSite(this WebApplication app)
        => app.MapMethods("/{**path}", ["GET", "HEAD"], (HttpContext context, BlobServiceClient blobs, string? path) =>
            ServeAsync(context, blobs.GetBlobContainerClient(Container), path ?? ""));

    private static async Task ServeAsync(HttpContext context, BlobContainerClient site, string path)
    {
        foreach (var candidate in Candidates(path))
        {
            if (await TryServeAsync(context, site.GetBlobClient(candidate), StatusCodes.Status200OK)) return;
        }
        if (!await TryServeAsync(context, site.GetBlobClient(NotFoundDocument), StatusCodes.Status404NotFound))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("页面不存在。门户尚未发布时，请先运行发布（POST /api/publications）。");
        }
    }

    private static IEnumerable<string> Candidates(string path)
    {
        path = path.Trim('/');
        if (path.Length == 0) { yield return IndexDocument; yield break; }
        yield return path;
        if (!Path.HasExtension(path)) yield return path + "/" + IndexDocument;
    }

    private static async Task<bool> TryServeAsync(HttpContext context, BlobClient blob, int status)
    {
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: context.RequestAborted);
            var details = download.Value.Details;
            var etag = details.ETag.ToString("H");
            if (status == 200 && context.Request.Headers.IfNoneMatch.Contains(etag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return true;
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = details.ContentType;
            context.Response.ContentLength = details.ContentLength;
            if (!string.IsNullOrEmpty(details.CacheControl)) context.Response.Headers.CacheControl = details.CacheControl;
            // Static website hosting returns the blob's Content-Disposition: attachments download under their own name.
            if (!string.IsNullOrEmpty(details.ContentDisposition)) context.Response.Headers.ContentDisposition = details.ContentDisposition;
            context.Response.Headers.ETag = etag;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await using var content = download.Value.Content;
                await content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404 || e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }
}
