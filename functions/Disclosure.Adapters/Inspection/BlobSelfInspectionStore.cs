using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Inspection.SelfInspection;

namespace Disclosure.Adapters.Inspection;

/// <summary>Self-inspection reports in the reports container: <c>self-inspection/{yyyy-MM-dd}/{file}</c>; a save replaces the day's files.</summary>
public sealed class BlobSelfInspectionStore(BlobContainerClient reports) : ISelfInspectionStore
{
    private volatile bool _created;

    public static string BlobName(DateOnly date, string fileName)
        => string.Create(CultureInfo.InvariantCulture, $"self-inspection/{date:yyyy-MM-dd}/{fileName}");

    public async Task SaveAsync(DateOnly date, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
    {
        if (!_created)
        {
            await reports.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            _created = true;
        }
        foreach (var file in files)
        {
            await reports.GetBlobClient(BlobName(date, file.Name)).UploadAsync(new BinaryData(file.Content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType } }, ct).ConfigureAwait(false);
        }
    }

    public async Task<ReportFile?> GetAsync(DateOnly date, string fileName, CancellationToken ct = default)
    {
        try
        {
            var result = await reports.GetBlobClient(BlobName(date, fileName)).DownloadContentAsync(ct).ConfigureAwait(false);
            return new ReportFile(fileName, result.Value.Details.ContentType ?? "application/octet-stream", result.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
