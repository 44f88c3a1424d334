using Disclosure.Functions.Http;
using Disclosure.ReadingRoom;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.ReadingRoom;

/// <summary>
/// <c>GET /api/reading-room/catalogue</c>: the 目录 for the 公共查阅点 as a printable page (HTML) or JSON, for anyone
/// signed in: it lists only what the portal already shows the public.
/// </summary>
public class ReadingRoomCatalogueList(HttpWorkbench workbench, ReadingRoomCatalogue catalogue)
{
    [Function(nameof(ReadingRoomCatalogueList))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reading-room/catalogue")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var listing = await catalogue.BuildAsync(ct);
            return Responses.WantsHtml(req)
                ? workbench.Page(who, "reading-room-catalogue", "政府信息公开目录（公共查阅点）", listing)
                : new OkObjectResult(new { asOf = listing.AsOf, count = listing.Count, columns = listing.Columns });
        });
}

/// <summary><c>GET /api/reading-room/catalogue/csv</c>: the 目录 as CSV (UTF-8 with BOM, formula-like cells neutralised).</summary>
public class DownloadCatalogueCsv(HttpWorkbench workbench, ReadingRoomCatalogue catalogue)
{
    [Function(nameof(DownloadCatalogueCsv))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reading-room/catalogue/csv")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var listing = await catalogue.BuildAsync(ct);
            return new FileContentResult(CatalogueDownloads.Csv(listing), CatalogueDownloads.CsvContentType) { FileDownloadName = CatalogueDownloads.FileName(listing, "csv") };
        });
}

/// <summary><c>GET /api/reading-room/catalogue/xlsx</c>: the 目录 as an Excel workbook.</summary>
public class DownloadCatalogueXlsx(HttpWorkbench workbench, ReadingRoomCatalogue catalogue)
{
    [Function(nameof(DownloadCatalogueXlsx))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reading-room/catalogue/xlsx")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var listing = await catalogue.BuildAsync(ct);
            return new FileContentResult(CatalogueDownloads.Xlsx(listing), CatalogueDownloads.XlsxContentType) { FileDownloadName = CatalogueDownloads.FileName(listing, "xlsx") };
        });
}
