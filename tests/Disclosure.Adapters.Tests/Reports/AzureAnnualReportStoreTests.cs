using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Reports;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Reports;

public class AzureAnnualReportStoreTests(ReportsAzurite azurite) : IClassFixture<ReportsAzurite>
{
    private sealed class ListSource(IReadOnlyList<DisclosureItem> items) : IReportItemSource
    {
        public Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default) => Task.FromResult(items);
    }

    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));

    private (AzureAnnualReportStore Store, BlobContainerClient Container) NewStore()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("reports-" + suffix);
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("annualreports" + suffix);
        return (new AzureAnnualReportStore(container, table), container);
    }

    private static DisclosureItem Item(int serial, string genre, DateOnly formed) => new()
    {
        Id = "i" + serial,
        IndexNumber = new IndexNumber("113301000024820810", formed.Year, serial),
        Title = "测试信息" + serial,
        ColumnCode = "zcfg",
        Genre = genre,
        Publisher = "市科学技术局",
        DepartmentCode = "zcfgc",
        FormedOn = formed,
        PublishedOn = formed.AddDays(2),
        State = ItemState.Published,
        SubmittedBy = "zcfgc@kjj.gov.cn",
        SubmittedAt = new DateTimeOffset(formed.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)),
    };

    private AnnualReportService Service(IAnnualReportStore store) => new(store,
        new ListSource([Item(1, "行政规范性文件", new DateOnly(2025, 3, 1)), Item(2, "行政许可", new DateOnly(2025, 5, 6))]),
        Catalogue, WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")), _time);

    private static AnnualReportFigures Figures() => new()
    {
        Year = 2025,
        Applications = new Dictionary<ApplicationRow, ApplicantCounts>
        {
            [ApplicationRow.NewThisYear] = new(3, 1, 0, 0, 0, 0, total: 4),
            [ApplicationRow.Disclosed] = new(2, 1, 0, 0, 0, 0),
            [ApplicationRow.UnavailableNotHeld] = new(1, 0, 0, 0, 0, 0),
        },
        Reconsideration = new OutcomeCounts(1, 0, 0, 0),
        AdministrativeFeesTenThousandYuan = 3.25m,
        Texts = new ReportTexts { ProblemsAndImprovements = "（一）问题：……\n（二）改进：……" },
    };

    [Fact]
    public async Task Saved_figures_read_back_exactly_as_saved()
    {
        var (store, _) = NewStore();
        var result = await Service(store).SaveFiguresAsync(2025, Figures(), "bgs-admin");
        Assert.True(result.Saved);

        var read = await store.GetFiguresAsync(2025);
        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(result.Figures, CatalogueLoader.Json), JsonSerializer.Serialize(read, CatalogueLoader.Json));
        Assert.Equal("bgs-admin", read.UpdatedBy);
        Assert.Equal(4, read.Applications[ApplicationRow.NewThisYear].Total);
        // Not entered stays not entered (未填), an entered zero stays zero.
        Assert.Null(read.LitigationDirect);
        Assert.Null(read.ProcessingFeeNotices);
        Assert.Equal(0, read.Reconsideration!.Corrected);
        Assert.Null(await store.GetFiguresAsync(2024));
    }

    [Fact]
    public async Task A_generated_report_is_stored_and_read_back_with_its_docx_named_for_download()
    {
        var (store, container) = NewStore();
        var service = Service(store);
        await service.SaveFiguresAsync(2025, Figures(), "bgs-admin");
        var report = await service.GenerateAsync(2025);

        var stored = await store.GetGeneratedAsync(2025);
        Assert.NotNull(stored);
        Assert.Equal("市科学技术局2025年政府信息公开工作年度报告", stored.Title);
        Assert.Equal(report.Html, stored.Html);
        Assert.Equal(report.Docx, stored.Docx);
        Assert.Equal(_time.GetUtcNow(), stored.GeneratedAt);
        Assert.True(stored.HasDraftSections);
        Assert.Equal(report.Model.Warnings, stored.Warnings);
        Assert.Equal(report.Model.DraftSections, stored.DraftSections);

        var properties = (await container.GetBlobClient(AzureAnnualReportStore.DocxBlob(2025)).GetPropertiesAsync()).Value;
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", properties.ContentType);
        Assert.Equal("attachment; filename*=UTF-8''" + Uri.EscapeDataString("市科学技术局2025年政府信息公开工作年度报告.docx"), properties.ContentDisposition);

        // The stored DOCX opens, and table 二 carries the catalogue's count and the entered fee.
        using var document = WordprocessingDocument.Open(new MemoryStream(stored.Docx), false);
        var firstTable = document.MainDocumentPart!.Document!.Body!.Elements<Table>().First();
        var rows = firstTable.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        Assert.Equal(["行政规范性文件", "1", "0", "1"], rows[3]);
        Assert.Equal(["行政许可", "1"], rows[6]);
        Assert.Equal(["行政事业性收费", "3.25"], rows[13]);
    }

    [Fact]
    public async Task Generating_again_replaces_the_stored_report()
    {
        var (store, container) = NewStore();
        var service = Service(store);
        await service.GenerateAsync(2025);
        Assert.Contains((await store.GetGeneratedAsync(2025))!.Warnings, w => w.Contains("尚未填报"));

        await service.SaveFiguresAsync(2025, Figures(), "bgs-admin");
        _time.Advance(TimeSpan.FromHours(1));
        var second = await service.GenerateAsync(2025);

        var stored = await store.GetGeneratedAsync(2025);
        Assert.Equal(second.Html, stored!.Html);
        Assert.Equal(_time.GetUtcNow(), stored.GeneratedAt);
        Assert.DoesNotContain(stored.Warnings, w => w.Contains("尚未填报"));
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        Assert.Equal(["annual-report/2025/figures.json", "annual-report/2025/report.docx", "annual-report/2025/report.html"], names.Order());
        Assert.Null(await store.GetGeneratedAsync(2024));
    }

    [Fact]
    public async Task A_conditional_save_of_figures_is_refused_when_another_save_came_first_and_keeps_the_history_with_the_figures()
    {
        var (store, _) = NewStore();
        var created = await store.TrySaveFiguresAsync(Figures() with { LicensingDecisions = 1 }, ifMatch: null);
        Assert.NotNull(created);
        Assert.Null(await store.TrySaveFiguresAsync(Figures() with { LicensingDecisions = 9 }, ifMatch: null)); // a second "first save"

        var read = await store.GetFiguresVersionAsync(2025);
        Assert.Equal(created, read!.Version);
        var history = new FiguresSave(_time.GetUtcNow(), "甲", [new FigureChange("表二 行政许可本年处理决定数量", "1", "2")]);
        var second = await store.TrySaveFiguresAsync(read.Figures with { LicensingDecisions = 2, History = [history] }, created);
        Assert.NotNull(second);
        Assert.Null(await store.TrySaveFiguresAsync(read.Figures with { LicensingDecisions = 3 }, created)); // based on the replaced version

        var now = await store.GetFiguresVersionAsync(2025);
        Assert.Equal(second, now!.Version);
        Assert.Equal(2, now.Figures.LicensingDecisions);
        Assert.Equal(history, Assert.Single(now.Figures.History) with { Changes = history.Changes }); // read back whole
        Assert.Equal(history.Changes, now.Figures.History[0].Changes);
        Assert.Null(await store.GetFiguresVersionAsync(2024));
    }
}
