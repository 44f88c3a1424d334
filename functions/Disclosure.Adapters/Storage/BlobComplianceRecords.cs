using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Catalogue;
using Disclosure.Compliance;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Compliance records as JSON blobs at <c>compliance-records/{itemId}/v{version:D5}.json</c>, in their own private
/// container so the content store's orphan sweep never sees them. (Here with the storage adapters: a namespace
/// Disclosure.Adapters.Compliance would shadow Disclosure.Compliance for code that writes <c>Compliance.X</c>.)
/// </summary>
public sealed class BlobComplianceRecords(BlobServiceClient blobs) : IComplianceRecords
{
    public const string Container = "compliance-records";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(Container);
    private readonly CreateOnce _created = new(() => blobs.GetBlobContainerClient(Container).CreateIfNotExistsAsync());

    public static string Name(string itemId, int version) => $"{itemId}/v{version:D5}.json";

    public async Task SaveAsync(ComplianceRecord record, CancellationToken ct)
    {
        await _created.Value;
        await _container.GetBlobClient(Name(record.ItemId, record.Version)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(record, CatalogueLoader.Json)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
    }

    public async Task<ComplianceRecord?> GetAsync(string itemId, int version, CancellationToken ct)
    {
        await _created.Value;
        try
        {
            var content = await _container.GetBlobClient(Name(itemId, version)).DownloadContentAsync(ct);
            return JsonSerializer.Deserialize<ComplianceRecord>(content.Value.Content.ToMemory().Span, CatalogueLoader.Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
