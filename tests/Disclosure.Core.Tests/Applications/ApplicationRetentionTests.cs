using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>Applicants' personal data deleted after the retention period from conclusion; record and figures kept; once only.</summary>
public class ApplicationRetentionTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApplicationStore _store = new();
    private readonly InMemoryIdentityProofStore _proofs = new();
    private readonly ApplicationService _register;
    private readonly ApplicationLifecycle _lifecycle;

    public ApplicationRetentionTests()
    {
        _lifecycle = new ApplicationLifecycle(_store, _time);
        _register = new ApplicationService(_store, _lifecycle, new ApplicationClock(WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"))),
            new InMemoryIdempotencyStore(), CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), _proofs, ApplicantNoticeParts.Notices(), _time);
    }

    private ApplicationRetention Retention(int years = 0, int days = 0) => new(_store, _lifecycle, _proofs, new ApplicationOptions { RetentionYears = years, RetentionDays = days }, _time);

    private async Task<DisclosureApplication> RepliedAsync(string receivedOn, string repliedOn)
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "business", Name = "某某科技有限公司", IdDocumentType = "统一社会信用代码", IdDocumentNumber = "91110108MA01AYCD3X",
            Phone = "13800000000", Email = "a@example.com", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = receivedOn,
        };
        var a = Assert.IsType<RegistrationResult.Registered>(await _register.RegisterAsync(Office, true, draft, null, CancellationToken.None)).Application;
        var reply = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "replied", On = DateOnly.Parse(repliedOn), Outcome = "三(一)" };
        Assert.IsType<EventResult.Recorded>(await _register.RecordAsync(a.Id, Office, reply, CancellationToken.None));
        return a;
    }

    [Fact]
    public async Task Personal_data_are_deleted_once_the_period_from_conclusion_has_run_keeping_the_record_and_figures_with_an_audit_entry()
    {
        var old = await RepliedAsync("2026-01-05", "2026-01-20");
        var recent = await RepliedAsync("2026-11-02", "2026-11-10");
        var open = Assert.IsType<RegistrationResult.Registered>(await _register.RegisterAsync(Office, true, new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            InformationSought = "某文件", DeliveryForm = "纸质", Channel = "letter", ReceivedOn = "2026-01-05", Phone = "13800000000",
        }, null, CancellationToken.None)).Application;
        var tableBefore = RegisterFigures.TableThree(2026, [(await _register.GetAsync(old.Id, default))!, (await _register.GetAsync(recent.Id, default))!]);

        var erased = await Retention(days: 180).RunAsync(CancellationToken.None);

        Assert.Equal([old.Id], erased);
        var after = (await _register.GetAsync(old.Id, default))!;
        Assert.Equal(ApplicationRetention.Erased, after.Applicant.Name);
        Assert.Equal("", after.Applicant.IdDocumentNumber);
        Assert.Null(after.Applicant.Phone);
        Assert.Null(after.Applicant.Email);
        Assert.Equal(ApplicantKind.Business, after.Applicant.Kind);
        Assert.Equal(ApplicationState.Replied, after.State);
        Assert.Equal(new DateOnly(2026, 1, 20), after.ConcludedOn);
        Assert.Equal("某某科技有限公司", (await _register.GetAsync(recent.Id, default))!.Applicant.Name);
        Assert.Equal("张三", (await _register.GetAsync(open.Id, default))!.Applicant.Name);
        var entry = (await _register.AuditAsync(old.Id, default)).Last();
        Assert.Equal("personal-data-erased", entry.Action);
        Assert.Equal("system:application-retention", entry.ActorId);
        Assert.Equal("2026-01-20", entry.Details["concludedOn"]);
        Assert.DoesNotContain(entry.Details.Values, v => v.Contains("91110108MA01AYCD3X"));
        var tableAfter = RegisterFigures.TableThree(2026, [after, (await _register.GetAsync(recent.Id, default))!]);
        Assert.Equal(tableBefore[ApplicationRow.Disclosed], tableAfter[ApplicationRow.Disclosed]);
    }

    [Fact]
    public async Task A_second_run_erases_nothing_and_adds_no_audit_entry()
    {
        var old = await RepliedAsync("2026-01-05", "2026-01-20");
        Assert.Single(await Retention(days: 30).RunAsync(CancellationToken.None));
        var audit = (await _register.AuditAsync(old.Id, default)).Count;

        Assert.Empty(await Retention(days: 30).RunAsync(CancellationToken.None));
        Assert.Equal(audit, (await _register.AuditAsync(old.Id, default)).Count);
    }

    [Fact]
    public async Task Without_a_period_set_nothing_is_deleted()
    {
        var old = await RepliedAsync("2026-01-05", "2026-01-20");

        Assert.Empty(await Retention().RunAsync(CancellationToken.None));
        Assert.Equal("某某科技有限公司", (await _register.GetAsync(old.Id, default))!.Applicant.Name);
    }

    [Fact]
    public async Task The_deletion_cannot_be_posted_as_an_event()
    {
        var old = await RepliedAsync("2026-01-05", "2026-01-20");
        var request = new EventRequest { Id = "x1", Kind = "personal-data-erased", On = new DateOnly(2026, 11, 20) };

        Assert.IsType<EventResult.Invalid>(await _register.RecordAsync(old.Id, Office, request, CancellationToken.None));
    }
}
