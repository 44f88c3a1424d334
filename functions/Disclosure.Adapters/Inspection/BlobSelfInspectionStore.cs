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

    /// <summary>
    /// Blob listings run oldest first and cannot start from the end, so a page lists the years that have reports (one
    /// name each, the prefix up to the first '-'), then the days of each year from the newest year down (one name per
    /// day, its files not listed) until the page and one more day are found: a page lists a few years' days, never every
    /// report file.
    /// </summary>
    public async Task<InspectionDatePage> ListDatesPageAsync(int pageSize, DateOnly? before, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var page = new List<DateOnly>(Math.Min(pageSize, 100));
        try
        {
            var years = new SortedSet<int>();
            await foreach (var entry in reports.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "-", Prefix, ct).ConfigureAwait(false))
                if (entry.IsPrefix && int.TryParse(entry.Prefix[Prefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) years.Add(year);

            foreach (var year in years.Reverse().Where(y => before is not { } b || y <= b.Year))
            {
                var days = new SortedSet<DateOnly>();
                await foreach (var entry in reports.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", string.Create(CultureInfo.InvariantCulture, $"{Prefix}{year:D4}-"), ct).ConfigureAwait(false))
                {
                    if (entry.IsPrefix && DateOnly.TryParseExact(entry.Prefix[Prefix.Length..^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        && (before is not { } b || day < b))
                        days.Add(day);
                }
                foreach (var day in days.Reverse())
                {
                    if (page.Count == pageSize) return new InspectionDatePage(page, page[^1]);
                    page.Add(day);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No reports container yet: no reports.
        }
        return new InspectionDatePage(page, null);
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
