using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Adapters.Publishing;
using Disclosure.Adapters.Storage;
using Disclosure.Publishing;
using Disclosure.Redirects;

namespace Disclosure.Adapters.Redirects;

/// <summary>
/// The redirect step's manifest and the generated rules files, under <c>redirects/</c> in the private
/// <c>publishing</c> container: never on the public site (they list every old address), fetched by administrators
/// through <c>GET /api/redirects/rules/{file}</c>.
/// </summary>
public sealed class BlobRedirectRecords(BlobServiceClient blobs) : IRedirectRecords
{
    public const string Folder = "redirects/";
    public const string ManifestBlob = Folder + "manifest.json";
    private readonly BlobContainerClient _private = blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer);
    private readonly CreateOnce _created = new(() => blobs.GetBlobContainerClient(BlobSiteStore.PrivateContainer).CreateIfNotExistsAsync());

    public async Task<RedirectManifest?> ReadManifestAsync(CancellationToken ct)
    {
        var bytes = await ReadAsync(ManifestBlob, ct);
        return bytes is null ? null : JsonSerializer.Deserialize<RedirectManifest>(bytes, PublicationJson.Options);
    }

    public Task WriteManifestAsync(RedirectManifest manifest, CancellationToken ct) =>
        WriteAsync(ManifestBlob, JsonSerializer.SerializeToUtf8Bytes(manifest, PublicationJson.Options), "application/json", ct);

    public Task PutRulesAsync(string name, byte[] content, string contentType, CancellationToken ct) => WriteAsync(Folder + name, content, contentType, ct);

    public Task<byte[]?> ReadRulesAsync(string name, CancellationToken ct) => ReadAsync(Folder + name, ct);

    private async Task WriteAsync(string blob, byte[] content, string contentType, CancellationToken ct)
    {
        await _created.Value;
        await _private.GetBlobClient(blob).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    private async Task<byte[]?> ReadAsync(string blob, CancellationToken ct)
    {
        await _created.Value;
        try
        {
            return (await _private.GetBlobClient(blob).DownloadContentAsync(ct)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
