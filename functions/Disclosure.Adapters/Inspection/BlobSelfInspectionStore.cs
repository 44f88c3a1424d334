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

    private const string Prefix = "self-inspection/";

    public static string BlobName(DateOnly date, string fileName)
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{date:yyyy-MM-dd}/{fileName}");

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

    public async Task<IReadOnlyList<DateOnly>> ListDatesAsync(CancellationToken ct = default)
    {
        var dates = new SortedSet<DateOnly>();
        try
        {
            await foreach (var blob in reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix, ct).ConfigureAwait(false))
            {
                var day = blob.Name[Prefix.Length..].Split('/')[0];
                if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) dates.Add(d);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No reports container yet: no reports.
        }
        return dates.Reverse().ToList();
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
