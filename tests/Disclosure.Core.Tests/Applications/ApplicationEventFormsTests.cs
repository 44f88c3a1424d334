using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// The workbench's event forms offer what the lifecycle's table allows the person in the application's state (no
/// second list of rules), and read a form into the JSON API's request, each field's mistake named in Chinese.
/// </summary>
public class ApplicationEventFormsTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };
    private static readonly Principal Handling = new("吴承办", "xmc", new HashSet<string> { Role.Submitter }) { Id = "oid-xmc" };
    private static readonly Principal Other = new("郑其他", "cwc", new HashSet<string> { Role.Submitter }) { Id = "oid-cwc" };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApplicationStore _store = new();
    private readonly ApplicationService _service;

    public ApplicationEventFormsTests()
    {
        _service = new ApplicationService(_store, new ApplicationLifecycle(_store, _time),
            new ApplicationClock(WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"))), new InMemoryIdempotencyStore(),
            CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
    }

    private async Task<DisclosureApplication> LetterAsync()
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "11010519491231002X",
            Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "纸质", Channel = "letter", ReceivedOn = "2026-11-16",
        };
        return Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(Office, true, draft, null, CancellationToken.None)).Application;
    }

    [Fact]
    public async Task What_is_offered_follows_the_lifecycle_table_for_the_state_and_the_persons_roles()
    {
        var received = await LetterAsync();
        var office = ApplicationEventForms.Offered(received, Office);
        Assert.Contains(ApplicationEventKind.Assigned, office);
        Assert.Contains(ApplicationEventKind.Extended, office);
        Assert.Contains(ApplicationEventKind.Replied, office);
        Assert.DoesNotContain(ApplicationEventKind.ClarificationReceived, office); // nothing was asked yet
        Assert.DoesNotContain(ApplicationEventKind.ChallengeFiled, office); // nothing was replied yet
        Assert.DoesNotContain(ApplicationEventKind.Registered, office);
        Assert.DoesNotContain(ApplicationEventKind.PersonalDataErased, office);
        Assert.Empty(ApplicationEventForms.Offered(received, Handling)); // not assigned to it yet

        var request = new EventRequest { Id = "a1", Kind = "assigned", On = new DateOnly(2026, 11, 17), Department = "xmc" };
        var assigned = Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(received.Id, Office, request, CancellationToken.None)).Application;
        Assert.Equal([ApplicationEventKind.ClarificationRequested, ApplicationEventKind.ThirdPartyConsulted], ApplicationEventForms.Offered(assigned, Handling));
        Assert.Empty(ApplicationEventForms.Offered(assigned, Other));
        // Everything offered is a row of the table for this state, and every row the office holds here is offered.
        foreach (var kind in ApplicationEventForms.Offered(assigned, Office))
            Assert.NotNull(ApplicationTransitions.TargetOf(kind, assigned.State));
    }

    [Fact]
    public void A_form_reads_into_the_APIs_request_and_each_wrong_field_is_named()
    {
        var good = new Dictionary<string, string>
        {
            ["id"] = "e1", ["on"] = "2026-11-18", ["days"] = "15", ["approvedBy"] = " 公开办主任 ", ["reason"] = "需调取档案",
        };
        var (request, errors) = ApplicationEventForms.Read(ApplicationEventKind.Extended, name => good.GetValueOrDefault(name));
        Assert.Empty(errors);
        Assert.Equal(new EventRequest
        {
            Id = "e1", Kind = "extended", On = new DateOnly(2026, 11, 18), Days = 15, ApprovedBy = "公开办主任", Reason = "需调取档案",
        }, request);

        var bad = new Dictionary<string, string>
        {
            ["id"] = "e2", ["on"] = "2026/11/18", ["days"] = "二十", ["reason"] = "需调取\u0007档案", ["pages"] = "-3",
        };
        (request, errors) = ApplicationEventForms.Read(ApplicationEventKind.Extended, name => bad.GetValueOrDefault(name));
        Assert.Null(request);
        Assert.Contains(errors, e => e.Field == ApplicationEventForms.On && e.Message.Contains("yyyy-MM-dd"));
        Assert.Contains(errors, e => e.Field == ApplicationEventForms.Days && e.Message.Contains("整数"));
        Assert.Contains(errors, e => e.Field == ApplicationEventForms.Reason && e.Message.Contains("控制字符"));
        Assert.Contains(errors, e => e.Field == ApplicationEventForms.Pages);

        (request, errors) = ApplicationEventForms.Read(ApplicationEventKind.Withdrawn, _ => null);
        Assert.Null(request);
        Assert.Contains(errors, e => e.Field == ApplicationEventForms.On && e.Message == "请填写发生日期。");
    }
}
