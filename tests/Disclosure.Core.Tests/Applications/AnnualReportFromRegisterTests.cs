using System.Collections.Concurrent;
using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Items;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// The annual report takes table 三 from the register of applications (events recorded through the real
/// <see cref="ApplicationService"/>); hand-entered figures stay for what the register cannot know, and a difference between
/// the two is named to the administrator.
/// </summary>
public class AnnualReportFromRegisterTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApplicationStore _applications = new();
    private readonly ReportStore _reports = new();
    private readonly ApplicationService _register;
    private readonly AnnualReportService _report;

    public AnnualReportFromRegisterTests()
    {
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        _register = new ApplicationService(_applications, new ApplicationLifecycle(_applications, _time), new ApplicationClock(calendar),
            new InMemoryIdempotencyStore(), catalogue, _time);
        _report = new AnnualReportService(_reports, new NoItems(), catalogue, calendar, _time, register: _register);
    }

    private sealed class NoItems : IReportItemSource
    {
        public Task<IReadOnlyList<DisclosureItem>> ListAllItemsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DisclosureItem>>([]);
    }

    private sealed class ReportStore : IAnnualReportStore
    {
        public readonly ConcurrentDictionary<int, AnnualReportFigures> Figures = new();

        public Task<AnnualReportFigures?> GetFiguresAsync(int year, CancellationToken cancellationToken = default) => Task.FromResult(Figures.GetValueOrDefault(year));
        public Task SaveFiguresAsync(AnnualReportFigures figures, CancellationToken cancellationToken = default) { Figures[figures.Year] = figures; return Task.CompletedTask; }
        public Task SaveGeneratedAsync(GeneratedAnnualReport report, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<StoredAnnualReport?> GetGeneratedAsync(int year, CancellationToken cancellationToken = default) => Task.FromResult<StoredAnnualReport?>(null);
    }

    private async Task<DisclosureApplication> LetterAsync(string receivedOn, string kind = "natural-person")
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = kind, Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110101199003071234",
            Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = receivedOn,
        };
        return Assert.IsType<RegistrationResult.Registered>(await _register.RegisterAsync(Office, true, draft, null, CancellationToken.None)).Application;
    }

    private async Task ReplyAsync(string id, string on, string outcome, string? reason = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "replied", On = DateOnly.Parse(on), Outcome = outcome, Reason = reason };
        Assert.IsType<EventResult.Recorded>(await _register.RecordAsync(id, Office, request, CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_with_an_outcome_appears_in_table_three_of_that_years_generated_report()
    {
        var letter = await LetterAsync("2026-03-02");
        await ReplyAsync(letter.Id, "2026-03-20", "三(三)4", "涉及第三方商业秘密，第三方不同意公开（《条例》第十五条）。");

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.True(report.Applications.IsEntered);
        Assert.Equal(1, report.Applications.Value(ApplicationRow.NewThisYear, ApplicantColumn.NaturalPersons));
        Assert.Equal(1, report.Applications.Value(ApplicationRow.WithheldThirdPartyRights, ApplicantColumn.NaturalPersons));
        Assert.Equal(1, report.Applications.Value(ApplicationRow.Withheld, null));
        Assert.Equal(1, report.Applications.Value(ApplicationRow.ResultTotal, null));
        Assert.DoesNotContain(report.Warnings, w => w.Contains("表三"));
    }

    [Fact]
    public async Task An_application_open_on_31_december_is_carried_forward_and_next_year_carried_over()
    {
        var open = await LetterAsync("2025-12-15", "business");
        await ReplyAsync(open.Id, "2026-01-12", "三(一)");

        var y2025 = (await _report.GenerateAsync(2025)).Model.Applications;
        var y2026 = (await _report.GenerateAsync(2026)).Model.Applications;

        Assert.Equal(1, y2025.Value(ApplicationRow.NewThisYear, ApplicantColumn.Businesses));
        Assert.Equal(0, y2025.Value(ApplicationRow.ResultTotal, ApplicantColumn.Businesses));
        Assert.Equal(1, y2025.Value(ApplicationRow.CarriedForward, ApplicantColumn.Businesses));
        Assert.Equal(0, y2026.Value(ApplicationRow.NewThisYear, ApplicantColumn.Businesses));
        Assert.Equal(1, y2026.Value(ApplicationRow.CarriedOver, ApplicantColumn.Businesses));
        Assert.Equal(1, y2026.Value(ApplicationRow.Disclosed, ApplicantColumn.Businesses));
        Assert.Equal(0, y2026.Value(ApplicationRow.CarriedForward, ApplicantColumn.Businesses));
    }

    [Fact]
    public async Task Where_hand_entered_table_three_differs_from_the_register_the_report_prints_the_register_and_warns_with_both_figures()
    {
        var letter = await LetterAsync("2026-03-02");
        await ReplyAsync(letter.Id, "2026-03-20", "三(一)");
        _reports.Figures[2026] = new AnnualReportFigures
        {
            Year = 2026,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts>
            {
                [ApplicationRow.NewThisYear] = new(3, 0, 0, 0, 0, 0),
                [ApplicationRow.Disclosed] = new(3, 0, 0, 0, 0, 0),
            },
        };

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.Equal(1, report.Applications.Value(ApplicationRow.NewThisYear, ApplicantColumn.NaturalPersons));
        Assert.Contains(report.Warnings, w => w.Contains("表三 一（自然人）") && w.Contains("登记簿计为 1") && w.Contains("手工填报为 3"));
        Assert.Contains(report.Warnings, w => w.Contains("表三 三(一)（自然人）") && w.Contains("登记簿计为 1") && w.Contains("手工填报为 3"));
    }

    [Fact]
    public async Task Without_applications_in_the_register_the_hand_entered_table_three_is_printed()
    {
        _reports.Figures[2026] = new AnnualReportFigures
        {
            Year = 2026,
            Applications = new Dictionary<ApplicationRow, ApplicantCounts> { [ApplicationRow.NewThisYear] = new(0, 2, 0, 0, 0, 0), [ApplicationRow.CarriedForward] = new(0, 2, 0, 0, 0, 0) },
        };

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.Equal(2, report.Applications.Value(ApplicationRow.NewThisYear, ApplicantColumn.Businesses));
        Assert.DoesNotContain(report.Warnings, w => w.Contains("登记簿"));
    }
}
