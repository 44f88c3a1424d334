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
            new InMemoryIdempotencyStore(), catalogue, new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
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
        public Task<StoredFigures?> GetFiguresVersionAsync(int year, CancellationToken cancellationToken = default) =>
            Task.FromResult(Figures.TryGetValue(year, out var f) ? new StoredFigures(f, f.History.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
        public Task<string?> TrySaveFiguresAsync(AnnualReportFigures figures, string? ifMatch, CancellationToken cancellationToken = default)
        { Figures[figures.Year] = figures; return Task.FromResult<string?>(figures.History.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        public Task SaveGeneratedAsync(GeneratedAnnualReport report, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<StoredAnnualReport?> GetGeneratedAsync(int year, CancellationToken cancellationToken = default) => Task.FromResult<StoredAnnualReport?>(null);
    }

    private async Task<DisclosureApplication> LetterAsync(string receivedOn, string kind = "natural-person")
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = kind, Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
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

    private Task<EventResult> ChallengeAsync(string id, string kind, string on, string challenge, string? result = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on), Challenge = challenge, Result = result };
        return _register.RecordAsync(id, Office, request, CancellationToken.None);
    }

    [Fact]
    public async Task Challenges_of_replies_make_table_four_with_their_results_and_pending_ones_at_year_end()
    {
        var first = await LetterAsync("2026-03-02");
        await ReplyAsync(first.Id, "2026-03-20", "三(四)1", "本机关不掌握该信息。");
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(first.Id, "challenge-filed", "2026-04-10", "reconsideration"));
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(first.Id, "challenge-decided", "2026-06-10", "reconsideration", "维持"));
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(first.Id, "challenge-filed", "2026-06-20", "复议后起诉"));
        var second = await LetterAsync("2026-04-01");
        await ReplyAsync(second.Id, "2026-04-20", "三(三)4", "涉及第三方商业秘密。");
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(second.Id, "challenge-filed", "2026-05-06", "litigation-direct"));
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(second.Id, "challenge-decided", "2026-09-01", "litigation-direct", "corrected"));

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.Equal(new OutcomeCounts(1, 0, 0, 0), report.Reconsideration);
        Assert.Equal(new OutcomeCounts(0, 1, 0, 0), report.LitigationDirect);
        Assert.Equal(new OutcomeCounts(0, 0, 0, 1), report.LitigationAfterReconsideration);
        // The challenges recorded after the replies leave the replies in 2026's table 三.
        Assert.Equal(1, report.Applications.Value(ApplicationRow.UnavailableNotHeld, null));
        Assert.Equal(0, report.Applications.Value(ApplicationRow.CarriedForward, null));
        var audit = await _register.AuditAsync(first.Id, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "challenge-decided" && e.Details["challenge"] == "reconsideration" && e.Details["result"] == "upheld");
    }

    [Fact]
    public async Task A_challenge_still_open_on_31_december_is_pending_that_year_and_counted_under_its_result_the_next()
    {
        var letter = await LetterAsync("2025-12-01");
        await ReplyAsync(letter.Id, "2025-12-10", "三(一)");
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(letter.Id, "challenge-filed", "2025-12-20", "reconsideration"));
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(letter.Id, "challenge-decided", "2026-02-10", "reconsideration", "other"));

        var y2025 = (await _report.GenerateAsync(2025)).Model;
        var y2026 = (await _report.GenerateAsync(2026)).Model;

        Assert.Equal(new OutcomeCounts(0, 0, 0, 1), y2025.Reconsideration);
        Assert.Equal(new OutcomeCounts(0, 0, 1, 0), y2026.Reconsideration);
        // The decision of 2026 does not move the reply of 2025 out of 2025's table 三.
        Assert.Equal(1, y2025.Applications.Value(ApplicationRow.Disclosed, null));
        Assert.Equal(0, y2025.Applications.Value(ApplicationRow.CarriedForward, null));
        Assert.Equal(0, y2026.Applications.Value(ApplicationRow.CarriedOver, null));
    }

    [Fact]
    public async Task The_register_refuses_challenges_the_facts_do_not_allow_and_says_why()
    {
        var open = await LetterAsync("2026-03-02");
        Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-filed", "2026-03-10", "reconsideration"));

        await ReplyAsync(open.Id, "2026-03-20", "三(一)");
        var afterWithoutReconsideration = Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-filed", "2026-04-01", "litigation-after-reconsideration"));
        Assert.Contains("先登记行政复议", afterWithoutReconsideration.Reason);
        var nothingToDecide = Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-decided", "2026-04-01", "reconsideration", "upheld"));
        Assert.Contains("没有尚未审结", nothingToDecide.Reason);
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(open.Id, "challenge-filed", "2026-04-01", "reconsideration"));
        Assert.Contains("不能重复登记", Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-filed", "2026-04-02", "reconsideration")).Reason);
        Assert.Contains("结果（result）", Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-decided", "2026-04-03", "reconsideration", "尚未审结")).Reason);
        Assert.Contains("challenge", Assert.IsType<EventResult.Refused>(await ChallengeAsync(open.Id, "challenge-filed", "2026-04-03", "appeal")).Reason);
    }

    [Fact]
    public async Task A_hand_entered_table_four_block_that_differs_from_the_register_is_named_with_both_figures()
    {
        var letter = await LetterAsync("2026-03-02");
        await ReplyAsync(letter.Id, "2026-03-20", "三(一)");
        Assert.IsType<EventResult.Recorded>(await ChallengeAsync(letter.Id, "challenge-filed", "2026-04-01", "reconsideration"));
        _reports.Figures[2026] = new AnnualReportFigures { Year = 2026, Reconsideration = new OutcomeCounts(2, 0, 0, 0) };

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.Equal(new OutcomeCounts(0, 0, 0, 1), report.Reconsideration);
        Assert.Contains(report.Warnings, w => w.Contains("表四 行政复议（结果维持）：申请登记簿计为 0，手工填报为 2"));
        Assert.Contains(report.Warnings, w => w.Contains("表四 行政复议（尚未审结）：申请登记簿计为 1，手工填报为 0"));
    }

    private async Task EventAsync(string id, string kind, string on, int? amountYuan = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on), AmountYuan = amountYuan };
        Assert.IsType<EventResult.Recorded>(await _register.RecordAsync(id, Office, request, CancellationToken.None));
    }

    [Fact]
    public async Task Fees_paid_in_the_year_are_summed_into_section_six_and_an_unpaid_notice_collects_nothing()
    {
        var paid = await LetterAsync("2026-03-02");
        await EventAsync(paid.Id, "fee-notified", "2026-03-05", 100);
        await EventAsync(paid.Id, "fee-paid", "2026-03-10");
        var byPages = await LetterAsync("2026-04-01");
        await EventAsync(byPages.Id, "fee-notified", "2026-04-03", 350);
        await EventAsync(byPages.Id, "fee-paid", "2026-04-08");
        var unpaid = await LetterAsync("2026-05-06");
        await EventAsync(unpaid.Id, "fee-notified", "2026-05-07", 100);
        _reports.Figures[2026] = new AnnualReportFigures { Year = 2026, ProcessingFeeNotices = 0, ProcessingFeeYuan = 0 };

        var report = (await _report.GenerateAsync(2026)).Model;

        Assert.Contains("发出收费通知3件，收取信息处理费450元", report.OtherMatters.Text);
        Assert.Contains(report.Warnings, w => w.Contains("收费通知件数：申请登记簿计为 3，手工填报为 0"));
        Assert.Contains(report.Warnings, w => w.Contains("信息处理费金额（元）：申请登记簿计为 450，手工填报为 0"));
    }
}
