using System.Text.Json;
using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.SelfInspection;
using Disclosure.Plan;
using Disclosure.Tests.Plan;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// Open applications on the obligations page and in the self-inspection: listed with the applicant masked, owed by the
/// handling department (the office until assigned), overdue ones a self-inspection finding.
/// </summary>
public class OpenApplicationObligationsTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly WorkingDayCalendar _calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private readonly CatalogueSettings _catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
    private readonly ApplicationService _register;
    private readonly ObligationService _obligations;

    public OpenApplicationObligationsTests()
    {
        var store = new InMemoryApplicationStore();
        var clock = new ApplicationClock(_calendar);
        _register = new ApplicationService(store, new ApplicationLifecycle(store, _time), clock, new InMemoryIdempotencyStore(), _catalogue, new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
        // The plan store holds the seed plan: its obligations are listed too, and applications must not be counted as plan items.
        _obligations = new ObligationService(new PlanService(new InMemoryPlanStore(), _catalogue), new ScriptedFacts(), _calendar, new ReminderOptions(), _time,
            _catalogue, new ApplicationObligations(_register, clock, new ApplicationOptions { OfficeDepartment = "bgs" }));
    }

    private async Task<DisclosureApplication> LetterAsync(string receivedOn)
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三丰", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = receivedOn,
        };
        return Assert.IsType<RegistrationResult.Registered>(await _register.RegisterAsync(Office, true, draft, null, CancellationToken.None)).Application;
    }

    private async Task EventAsync(string id, string kind, string on, Func<EventRequest, EventRequest>? with = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };
        Assert.IsType<EventResult.Recorded>(await _register.RecordAsync(id, Office, with?.Invoke(request) ?? request, CancellationToken.None));
    }

    [Fact]
    public async Task Open_applications_are_listed_with_their_reply_date_masked_applicant_and_handling_department_and_overdue_ones_first()
    {
        var overdue = await LetterAsync("2026-09-01"); // due 2026-09-29 on the calendar
        await EventAsync(overdue.Id, "assigned", "2026-09-02", r => r with { Department = "xmc" });
        var running = await LetterAsync("2026-11-16");
        var replied = await LetterAsync("2026-11-02");
        await EventAsync(replied.Id, "replied", "2026-11-10", r => r with { Outcome = "三(一)" });
        var paused = await LetterAsync("2026-11-03");
        await EventAsync(paused.Id, "third-party-consulted", "2026-11-05");

        var all = await _obligations.GetAsync(null);
        var listed = all.Obligations.Where(o => o.RuleOrTaskId == ApplicationObligations.RuleId).ToList();

        Assert.Equal(2, listed.Count);
        var late = listed.Single(o => o.Period == overdue.Id);
        Assert.Equal(ObligationState.Overdue, late.State);
        Assert.Equal(new ApplicationClock(_calendar).Read(overdue).DueOn, late.DueOn);
        Assert.Equal(_calendar.WorkingDaysBetween(late.DueOn, new DateOnly(2026, 11, 20)).Match(n => n, _ => -1), late.WorkingDaysOverdue);
        Assert.Equal("xmc", late.Department);
        Assert.Contains("张**", late.Title);
        Assert.Equal("bgs", listed.Single(o => o.Period == running.Id).Department);
        Assert.Equal(ObligationState.Upcoming, listed.Single(o => o.Period == running.Id).State);
        var json = JsonSerializer.Serialize(all);
        Assert.DoesNotContain("张三丰", json);
        Assert.DoesNotContain("110109199003071234", json);
        Assert.Equal([late.Id], (await _obligations.GetAsync("xmc")).Obligations.Where(o => o.RuleOrTaskId == ApplicationObligations.RuleId).Select(o => o.Id));

        var page = PlanPages.Obligations(all, null, mayChooseDepartment: true);
        var row = Assert.Single(page.Rows, r => r.Title.Contains(overdue.Number.ToString()));
        Assert.Equal(ApplicationObligations.Context, row.Context);
        Assert.StartsWith("已逾期", row.State);
    }

    [Fact]
    public async Task The_self_inspection_lists_open_applications_and_makes_an_overdue_one_a_finding()
    {
        var overdue = await LetterAsync("2026-09-01");
        await LetterAsync("2026-11-16");
        var analysis = new SelfInspectionAnalysis(_catalogue, _calendar, new SelfInspectionOptions());

        var report = analysis.Analyse(new SelfInspectionInputs
        {
            Now = _time.GetUtcNow(), Items = [], Site = new SiteLinkReport(0, 0, [], []),
            Obligations = (await _obligations.GetAsync(null)).Obligations,
        });

        Assert.Equal(2, report.OpenApplications.Count);
        Assert.True(report.OpenApplications[0].IsOverdue);
        Assert.Contains(overdue.Number.ToString(), report.OpenApplications[0].Title);
        var finding = Assert.Single(report.Risks, r => r.Indicator == SelfInspectionText.ApplicationsIndicator);
        Assert.Equal(RiskLevel.Deduction, finding.Level);
        Assert.Contains("有1件政府信息公开申请逾期未答复", finding.Description);
        // Not counted as a plan item.
        Assert.DoesNotContain(report.OverdueObligations.SelectMany(d => d.Overdue), o => o.Context == ApplicationObligations.Context);
        var html = SelfInspectionHtml.Render(report);
        Assert.Contains("办理中的政府信息公开申请（共2件，逾期1件）", html);
        Assert.DoesNotContain("张三丰", html);
    }
}
