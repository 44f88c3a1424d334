using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Reports;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Reports;

/// <summary>
/// The figures record is read and written whole on every save, so its 修改记录 must not grow with every save for ever:
/// the record keeps the latest saves and the older ones go to archived parts beside it (nothing lost).
/// </summary>
public class FiguresHistoryBoundTests(ReportsAzurite azurite) : IClassFixture<ReportsAzurite>
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    private sealed class NoItems : IReportItemSource
    {
        public Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<DisclosureItem>>([]);
    }

    /// <summary>A store of its own in the shared Azurite, and the service as the app composes it over that store.</summary>
    internal static (AzureAnnualReportStore Store, AnnualReportService Service) New(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var store = new AzureAnnualReportStore(new BlobServiceClient(connectionString).GetBlobContainerClient("reports-" + suffix),
            new TableServiceClient(connectionString).GetTableClient("annualreports" + suffix));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));
        return (store, new AnnualReportService(store, new NoItems(), Catalogue, WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")), time));
    }

    /// <summary>The n-th save: 行政许可 decisions entered as n, so every save changes one figure.</summary>
    internal static AnnualReportFigures Save(int n) => new() { Year = 2025, LicensingDecisions = n };

    [Fact]
    public async Task Saves_past_a_hundred_leave_the_figures_record_holding_fewer_than_a_hundred()
    {
        var (store, service) = New(azurite.ConnectionString);
        for (var n = 1; n <= 130; n++)
            Assert.True((await service.SaveFiguresAsync(2025, Save(n), "管理员")).Saved, $"save {n}");

        var record = await store.GetFiguresAsync(2025);
        Assert.Equal(130, record!.LicensingDecisions);
        Assert.InRange(record.History.Count, 1, 99);
        Assert.Equal("130", record.History[^1].Changes.Single().After);
    }
}
