using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.ReadingRoom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Workbench;

/// <summary>A department user opens the 目录 page and downloads it as XLSX and CSV; every published item of this test is in each.</summary>
public class ReadingRoomCatalogueEndpointTests
{
    private static readonly string DepartmentUser = RequestPrincipal.Encode("赵科员", "xmc", Role.Submitter);

    internal static Task<DisclosureItem> PublishedAsync(IServiceProvider services, string title, string column = "tzgg")
        => StoredItems.WriteAsync(services, title, "xmc", column, ItemState.Published, AuditAction.Published,
            shape: item => item with { PublishedOn = new DateOnly(2026, 11, 9), PublishedVersion = 1 });

    [Fact]
    public async Task A_department_opens_the_printable_catalogue_and_downloads_it_as_XLSX_and_CSV()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var tag = "目录" + Guid.NewGuid().ToString("N")[..8];
        var item = await PublishedAsync(host.Services, $"关于{tag}的通知");
        var formula = await PublishedAsync(host.Services, $"=HYPERLINK(\"http://evil.example/\",\"{tag}\")");

        using var xlsx = await client.SendAsync(Get("/api/reading-room/catalogue/xlsx"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(CatalogueDownloads.XlsxContentType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar);
        using (var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
            var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString!.InnerText).ToList()).ToList();
            Assert.Equal(CatalogueListing.Headers, rows[0]);
            Assert.Equal(["通知公告", item.IndexNumber.ToString(), item.Title, item.Publisher, "2026-11-02", "2026-11-09", "有效"], rows.Single(r => r[2] == item.Title));
            Assert.Single(rows, r => r[2] == formula.Title);
        }

        using var csv = await client.SendAsync(Get("/api/reading-room/catalogue/csv"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains($"通知公告,{item.IndexNumber},{item.Title},{item.Publisher},2026-11-02,2026-11-09,有效\r\n", text);
        Assert.Contains($",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"{tag}\"\")\",", text);

        using var page = await client.SendAsync(Get("/api/reading-room/catalogue", html: true));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(item.Title, html);
        Assert.Contains("@media print", html);
        Assert.Contains("href=\"/api/reading-room/catalogue/xlsx\"", html);
    }

    private static HttpRequestMessage Get(string url, bool html = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestPrincipal.Header, DepartmentUser);
        if (html) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }
}
