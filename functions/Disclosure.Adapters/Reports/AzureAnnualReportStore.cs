using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Adapters.Reports;

/// <summary>
/// The annual report in storage. Blobs (in the reports container) hold what can be large: the figures record as JSON —
/// seven edited sections can exceed a table property's 64 KiB — and the generated HTML fragment and DOCX. One table
/// row per year holds what is listed and shown: title, when generated, whether sections are still drafts, warnings,
/// who last saved the figures. Every write replaces; the table row is written after the blobs it describes, so a
/// generation that dies half way leaves the previous row pointing at complete blobs of one run or the next.
/// </summary>
public sealed class AzureAnnualReportStore(BlobContainerClient reports, TableClient table) : IAnnualReportStore, IFiguresHistoryArchive
{
    public const string DefaultTableName = "annualreports";
    private const string Partition = "annual-report";

    // Set only after both exist; a failed first attempt (storage not yet reachable) is simply tried again next call.
    private volatile bool _created;

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    private static string Prefix(int year) => string.Create(CultureInfo.InvariantCulture, $"annual-report/{year:D4}/");
    public static string FiguresBlob(int year) => Prefix(year) + "figures.json";
    public static string HtmlBlob(int year) => Prefix(year) + "report.html";
    public static string DocxBlob(int year) => Prefix(year) + "report.docx";
    /// <summary>An archived part of the year's 修改记录 (<see cref="IFiguresHistoryArchive"/>), beside the figures it records.</summary>
    public static string HistoryPartBlob(int year, int part) => Prefix(year) + string.Create(CultureInfo.InvariantCulture, $"figures-history/{part:D6}.json");
    private static string RowKey(int year) => year.ToString("D4", CultureInfo.InvariantCulture);

    public async Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var content = await DownloadAsync(FiguresBlob(year), cancellationToken).ConfigureAwait(false);
        return content is null ? null : JsonSerializer.Deserialize<AnnualReportFigures>(content, CatalogueLoader.Json);
    }

    public async Task SaveFiguresAsync(AnnualReportFigures figures, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(figures, CatalogueLoader.Json);
        await UploadAsync(FiguresBlob(figures.Year), json, "application/json; charset=utf-8", null, cancellationToken).ConfigureAwait(false);

        var entity = new TableEntity(Partition, RowKey(figures.Year))
        {
            ["FiguresUpdatedBy"] = figures.UpdatedBy,
            ["FiguresUpdatedAt"] = figures.UpdatedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredFigures?> GetFiguresVersionAsync(int year, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await reports.GetBlobClient(FiguresBlob(year)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var figures = JsonSerializer.Deserialize<AnnualReportFigures>(result.Value.Content.ToArray(), CatalogueLoader.Json);
            return figures is null ? null : new StoredFigures(figures, result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The figures blob is written with If-Match (or If-None-Match: * for the first save), so of two saves based on the
    /// same version one is refused; the table row that lists who saved last follows the blob, as in <see cref="SaveFiguresAsync"/>.
    /// </summary>
    public async Task<string?> TrySaveFiguresAsync(AnnualReportFigures figures, string? ifMatch, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
        };
        ETag written;
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(figures, CatalogueLoader.Json);
            written = (await reports.GetBlobClient(FiguresBlob(figures.Year)).UploadAsync(new BinaryData(json), options, cancellationToken).ConfigureAwait(false)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // 412: another save came first; 409: the blob was created by another first save
        }

        var entity = new TableEntity(Partition, RowKey(figures.Year))
        {
            ["FiguresUpdatedBy"] = figures.UpdatedBy,
            ["FiguresUpdatedAt"] = figures.UpdatedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return written.ToString();
    }

    public async Task SaveGeneratedAsync(GeneratedAnnualReport report, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await UploadAsync(HtmlBlob(report.Year), Encoding.UTF8.GetBytes(report.Html), "text/html; charset=utf-8", null, cancellationToken).ConfigureAwait(false);
        await UploadAsync(DocxBlob(report.Year), report.Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            // RFC 6266/5987: the Chinese file name survives the download in every current browser.
            "attachment; filename*=UTF-8''" + Uri.EscapeDataString(report.DocxFileName),
            cancellationToken).ConfigureAwait(false);

        var entity = new TableEntity(Partition, RowKey(report.Year))
        {
            ["Title"] = report.Title,
            ["GeneratedAt"] = report.Model.GeneratedAt,
            ["HasDraftSections"] = report.Model.HasDraftSections,
            ["Warnings"] = JsonSerializer.Serialize(report.Model.Warnings, CatalogueLoader.Json),
            ["DraftSections"] = JsonSerializer.Serialize(report.Model.DraftSections, CatalogueLoader.Json),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredAnnualReport?> GetGeneratedAsync(int year, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(year), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value!.GetString("Title") is not string title) return null;

        var html = await DownloadAsync(HtmlBlob(year), cancellationToken).ConfigureAwait(false);
        var docx = await DownloadAsync(DocxBlob(year), cancellationToken).ConfigureAwait(false);
        if (html is null || docx is null) return null;

        var entity = row.Value;
        return new StoredAnnualReport(
            year,
            title,
            Encoding.UTF8.GetString(html),
            docx,
            entity.GetDateTimeOffset("GeneratedAt") ?? DateTimeOffset.MinValue,
            entity.GetBoolean("HasDraftSections") ?? true,
            JsonSerializer.Deserialize<List<string>>(entity.GetString("Warnings") ?? "[]", CatalogueLoader.Json) ?? [],
            entity.GetString("DraftSections") is string drafts ? JsonSerializer.Deserialize<List<string>>(drafts, CatalogueLoader.Json) : null);
    }

    /// <summary>Replaces the part: its saves never change, so a second write (a retried or raced save) writes the same bytes.</summary>
    public async Task SavePartAsync(int year, int part, IReadOnlyList<FiguresSave> saves, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await UploadAsync(HistoryPartBlob(year, part), JsonSerializer.SerializeToUtf8Bytes(saves, CatalogueLoader.Json), "application/json; charset=utf-8", null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FiguresSave>> GetPartAsync(int year, int part, CancellationToken cancellationToken = default)
    {
        if (part < 0) return [];
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var content = await DownloadAsync(HistoryPartBlob(year, part), cancellationToken).ConfigureAwait(false);
        return content is null ? [] : JsonSerializer.Deserialize<List<FiguresSave>>(content, CatalogueLoader.Json) ?? [];
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, string? disposition, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentDisposition = disposition },
        };
        await reports.GetBlobClient(name).UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]?> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reports.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
