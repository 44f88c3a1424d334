using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Tests.Inspection;

/// <summary>Table 二 (国办公开办函〔2021〕30号, Art. 20 (一)): 本年制发件数 counts what the agency issued, not what it reposted.</summary>
public class RepostedTableTwoTests
{
    private static readonly CatalogueSettings Catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    private static RegulationCounts NormativeDocuments(params Disclosure.Items.DisclosureItem[] extra)
        => AnnualReportBuilder.Build(AnnualReportSeed.Year, [.. AnnualReportSeed.Items(), .. extra], null, Catalogue, Calendar,
            new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero)).ProactiveDisclosure.NormativeDocuments;

    [Fact]
    public void A_reposted_normative_document_is_not_counted_as_issued_this_year()
    {
        var before = NormativeDocuments();
        var provincial = AnnualReportSeed.Item("省科学技术厅关于……的通知（转发）", "行政规范性文件", new DateOnly(2025, 4, 1)) with
        {
            Publisher = "省科学技术厅", ReceivedOn = new DateOnly(2025, 4, 8),
        };
        var marked = AnnualReportSeed.Item("转发国务院办公厅……的通知", "行政规范性文件", new DateOnly(2025, 5, 1)) with { Reposted = true };
        Assert.Equal(before.IssuedThisYear, NormativeDocuments(provincial, marked).IssuedThisYear);

        var own = AnnualReportSeed.Item("本局制定的规范性文件", "行政规范性文件", new DateOnly(2025, 5, 1));
        Assert.Equal(before.IssuedThisYear + 1, NormativeDocuments(own).IssuedThisYear);
    }
}
