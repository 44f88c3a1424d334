using System.Collections.Concurrent;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Inspection;

public class AnnualReportServiceTests
{
    /// <summary>Keeps what it is given in memory; the Azure Table/Blob store has its own tests against Azurite.</summary>
    private sealed class MemoryStore : IAnnualReportStore
    {
        public readonly ConcurrentDictionary<int, AnnualReportFigures> Figures = new();
        public readonly ConcurrentDictionary<int, StoredAnnualReport> Reports = new();

        public Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default) =>
            Task.FromResult(Figures.GetValueOrDefault(year));

        public Task SaveFiguresAsync(AnnualReportFigures figures, CancellationToken cancellationToken = default)
        {
            Figures[figures.Year] = figures;
            return Task.CompletedTask;
        }

        public Task SaveGeneratedAsync(GeneratedAnnualReport report, CancellationToken cancellationToken = default)
        {
            Reports[report.Year] = new StoredAnnualReport(report.Year, report.Title, report.Html, report.Docx,
                report.Model.GeneratedAt, report.Model.HasDraftSections, report.Model.Warnings, report.Model.DraftSections);
            return Task.CompletedTask;
        }

        public Task<StoredAnnualReport?> GetGeneratedAsync(int year, CancellationToken cancellationToken = default) =>
            Task.FromResult(Reports.GetValueOrDefault(year));
    }

    private sealed class ListSource(IReadOnlyList<DisclosureItem> items) : IReportItemSource
    {
        public Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default) => Task.FromResult(items);
    }

    private readonly MemoryStore _store = new();
    // 20 January 2026, 10:00 in Beijing: the season for the 2025 report (due 31 January, Art. 49).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly AnnualReportService _service;

    public AnnualReportServiceTests()
    {
        _service = new AnnualReportService(_store, new ListSource(AnnualReportSeed.Items()),
            CatalogueLoader.Load(DataFiles.Combine("catalogue.json")),
            WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")), _time);
    }

    [Fact]
    public async Task Saving_consistent_figures_records_who_saved_them_and_when()
    {
        var result = await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin");

        Assert.True(result.Saved);
        var stored = _store.Figures[2025];
        Assert.Equal("bgs-admin", stored.UpdatedBy);
        Assert.Equal(_time.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task Edited_report_text_is_kept_without_control_characters_so_the_docx_can_be_written()
    {
        var figures = AnnualReportSeed.Figures() with { Texts = new ReportTexts { OtherMatters = "本年度\u0001未收取\r\n信息处理费\u000B。" } };

        Assert.True((await _service.SaveFiguresAsync(2025, figures, "bgs-admin")).Saved);
        Assert.Equal("本年度未收取\n信息处理费。", _store.Figures[2025].Texts.OtherMatters);
        var report = await _service.GenerateAsync(2025);
        Assert.NotEmpty(report.Docx);
    }

    [Fact]
    public async Task Inconsistent_figures_are_refused_and_nothing_is_stored()
    {
        var bad = AnnualReportSeed.Figures() with { Reconsideration = new OutcomeCounts(1, 1, 1, 1, total: 3) };
        var result = await _service.SaveFiguresAsync(2025, bad, "bgs-admin");

        Assert.False(result.Saved);
        Assert.Equal(["行政复议：总计=3，结果维持+结果纠正+其他结果+尚未审结=4，相差1"], result.Errors);
        Assert.Empty(_store.Figures);
    }

    [Fact]
    public async Task Carried_over_that_differs_from_last_year_s_saved_carried_forward_is_refused_naming_both()
    {
        // The seed's 2025 上年结转 is 自然人 2, 商业企业 1; the 2024 report carried 自然人 2, 商业企业 2 forward.
        _store.Figures[2024] = new AnnualReportFigures
        {
            Year = 2024,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(2, 2, 0, 0, 0, 0),
                [ApplicationRow.CarriedForward] = new(2, 2, 0, 0, 0, 0),
            },
        };
        var result = await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin");

        Assert.False(result.Saved);
        Assert.Equal(["法人或其他组织—商业企业：2025年“二、上年结转政府信息公开申请数量”=1，2024年报告“四、结转下年度继续办理”=2，两者应相等"], result.Errors);
        Assert.False(_store.Figures.ContainsKey(2025));
    }

    [Fact]
    public async Task Figures_for_another_year_than_the_address_are_refused()
    {
        var result = await _service.SaveFiguresAsync(2024, AnnualReportSeed.Figures(), "bgs-admin");
        Assert.Equal(["请求的年度（2024）与填报数据中的年度（2025）不一致"], result.Errors);
    }

    [Fact]
    public async Task A_report_for_next_year_cannot_be_made_yet()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _service.GenerateAsync(2027));
        Assert.Contains("应在2008年至2026年之间", error.Message);
    }

    [Fact]
    public async Task Generating_uses_the_saved_figures_and_stores_the_html_and_docx()
    {
        await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin");
        var report = await _service.GenerateAsync(2025);

        Assert.Equal("市科学技术局2025年政府信息公开工作年度报告", report.Title);
        Assert.Equal(5, report.Model.ProactiveDisclosure.Penalties.Count);
        Assert.Equal(31, report.Model.Applications.Value(ApplicationRow.ResultTotal, null));

        var stored = _store.Reports[2025];
        Assert.Equal(report.Html, stored.Html);
        Assert.Equal(report.Docx, stored.Docx);
        Assert.True(stored.HasDraftSections);
        Assert.Equal(_time.GetUtcNow(), stored.GeneratedAt);
        Assert.Equal("市科学技术局2025年政府信息公开工作年度报告.docx", report.DocxFileName);
    }

    [Fact]
    public async Task Generating_twice_from_the_same_records_gives_the_same_report()
    {
        await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin");
        var first = await _service.GenerateAsync(2025);
        var second = await _service.GenerateAsync(2025);
        Assert.Equal(first.Html, second.Html);
        Assert.Single(_store.Reports);
    }

    [Fact]
    public void The_deadline_is_31_january_of_the_following_year()
    {
        Assert.Equal(new DateOnly(2026, 1, 31), AnnualReportService.PublicationDeadline(2025));
    }
}
