using System.Collections.Concurrent;
using System.Globalization;
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

        public Task<StoredFigures?> GetFiguresVersionAsync(int year, CancellationToken cancellationToken = default) =>
            Task.FromResult(Figures.TryGetValue(year, out var f) ? new StoredFigures(f, Versions.GetValueOrDefault(year).ToString(CultureInfo.InvariantCulture)) : null);

        public Task<string?> TrySaveFiguresAsync(AnnualReportFigures figures, string? ifMatch, CancellationToken cancellationToken = default)
        {
            lock (Figures)
            {
                var stored = Figures.GetValueOrDefault(figures.Year);
                var version = Versions.GetValueOrDefault(figures.Year);
                if ((stored is null) != (ifMatch is null) || (stored is not null && version.ToString(CultureInfo.InvariantCulture) != ifMatch))
                    return Task.FromResult<string?>(null);
                Figures[figures.Year] = figures;
                Versions[figures.Year] = version + 1;
                return Task.FromResult<string?>((version + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>How many times each year was saved: the in-memory version.</summary>
        public readonly ConcurrentDictionary<int, int> Versions = new();

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
    public async Task A_save_that_names_no_version_is_taken_only_while_nothing_is_saved_and_any_version_only_once_something_is()
    {
        Assert.Equal(FiguresSaveOutcome.Stale, (await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin", FiguresBasis.AnySaved)).Outcome);
        Assert.False(_store.Figures.ContainsKey(2025));

        Assert.True((await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-admin", FiguresBasis.On(null))).Saved);
        var unversioned = await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-other", FiguresBasis.On(null));
        Assert.Equal(FiguresSaveOutcome.VersionRequired, unversioned.Outcome);
        Assert.Equal("bgs-admin", _store.Figures[2025].UpdatedBy);

        Assert.True((await _service.SaveFiguresAsync(2025, AnnualReportSeed.Figures(), "bgs-other", FiguresBasis.AnySaved)).Saved);
        Assert.Equal("bgs-other", _store.Figures[2025].UpdatedBy);
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

    [Fact]
    public async Task A_save_based_on_a_replaced_version_writes_nothing_and_returns_the_figures_saved_now()
    {
        var first = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, LicensingDecisions = 1 }, "甲", FiguresBasis.On(FiguresBasis.NothingSaved));
        Assert.Equal(FiguresSaveOutcome.Saved, first.Outcome);
        var second = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, LicensingDecisions = 2 }, "乙", FiguresBasis.On(first.Version));
        Assert.Equal(FiguresSaveOutcome.Saved, second.Outcome);

        var stale = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, LicensingDecisions = 3 }, "甲", FiguresBasis.On(first.Version));
        Assert.Equal(FiguresSaveOutcome.Stale, stale.Outcome);
        Assert.Equal(2, stale.Current!.Figures.LicensingDecisions);
        Assert.Equal(2, _store.Figures[2025].LicensingDecisions);

        // A first save whose form saw nothing, after someone else's first save, is stale too.
        var late = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025 }, "丙", FiguresBasis.On(FiguresBasis.NothingSaved));
        Assert.Equal(FiguresSaveOutcome.Stale, late.Outcome);
    }

    [Fact]
    public async Task A_checked_save_without_a_version_is_refused_once_figures_exist_but_creates_the_first()
    {
        var created = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, PenaltyDecisions = 1 }, "甲", FiguresBasis.On(null));
        Assert.Equal(FiguresSaveOutcome.Saved, created.Outcome);
        var missing = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, PenaltyDecisions = 4 }, "甲", FiguresBasis.On(""));
        Assert.Equal(FiguresSaveOutcome.VersionRequired, missing.Outcome);
        Assert.Equal(1, _store.Figures[2025].PenaltyDecisions);
    }

    [Fact]
    public async Task Each_save_that_changes_figures_is_audited_with_who_when_and_which_figures_and_a_client_cannot_write_the_history()
    {
        await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, ProcessingFeeNotices = 1, ProcessingFeeYuan = 100m }, "甲");
        _time.Advance(TimeSpan.FromHours(1));
        var forged = new FiguresSave(DateTimeOffset.UnixEpoch, "伪造", [new FigureChange("x", "1", "2")]);
        await _service.SaveFiguresAsync(2025, new AnnualReportFigures
        {
            Year = 2025, ProcessingFeeNotices = 2, ProcessingFeeYuan = 100m, History = [forged],
            Reconsideration = new OutcomeCounts(0, 1, 0, 0),
        }, "乙");
        await _service.SaveFiguresAsync(2025, _store.Figures[2025], "丙"); // nothing changed: no audit line

        var history = _store.Figures[2025].History;
        Assert.Equal(["甲", "乙"], history.Select(h => h.By));
        Assert.Equal(_time.GetUtcNow(), history[1].At);
        Assert.Equal(
            [new FigureChange("表四 行政复议 — 结果维持", "未填", "0"), new FigureChange("表四 行政复议 — 结果纠正", "未填", "1"),
             new FigureChange("表四 行政复议 — 其他结果", "未填", "0"), new FigureChange("表四 行政复议 — 尚未审结", "未填", "0"),
             new FigureChange("六 信息处理费收费通知件数", "1", "2")],
            history[1].Changes);
    }

    [Fact]
    public async Task A_fee_amount_without_a_fee_notice_is_refused()
    {
        var result = await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, ProcessingFeeNotices = 0, ProcessingFeeYuan = 50m }, "甲");
        Assert.False(result.Saved);
        Assert.Contains("信息处理费金额为50元，但收费通知件数为0：收取费用须先发出收费通知，请填写件数", result.Errors);
        Assert.True((await _service.SaveFiguresAsync(2025, new AnnualReportFigures { Year = 2025, ProcessingFeeNotices = 3, ProcessingFeeYuan = 0m }, "甲")).Saved);
    }
}
