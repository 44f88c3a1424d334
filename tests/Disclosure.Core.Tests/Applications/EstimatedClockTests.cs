using Disclosure.Applications;
using Disclosure.Applications.Letters;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;

namespace Disclosure.Tests.Applications;

/// <summary>
/// holidays.md: a year without the State Council's arrangement falls back to Monday–Friday, said as such. On main an
/// application received on 4 December 2026, whose 20 working days reach 2027 (no arrangement loaded), had no due date:
/// no reminder, and 延期 refused with “无法计算”. Now staff work to the estimate, marked; the applicant is told no date
/// that the arrangement might later contradict.
/// </summary>
public class EstimatedClockTests
{
    private static readonly Principal Office = RegisterUnderTest.Office;
    private readonly RegisterUnderTest _register = new();
    private readonly CatalogueSettings _catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    private ApplicationService Service => _register.Service;

    private async Task<DisclosureApplication> RegisterOnFourDecemberAsync()
    {
        _register.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            Phone = "13800000000", Email = "zhangsan@example.com", InformationSought = "2026年度科技计划项目清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = "2026-12-04",
        };
        return Assert.IsType<RegistrationResult.Registered>(await Service.RegisterAsync(Office, true, draft, null, default)).Application;
    }

    private static EventRequest Event(string kind, string on) => new() { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };

    [Fact]
    public async Task Staff_see_the_estimated_due_date_marked_and_the_applicant_sees_no_date_but_when_it_will_be_known()
    {
        var a = await RegisterOnFourDecemberAsync();
        var reading = Service.Clock.Read(a);
        // 19 working days left in December 2026 (no holiday), the 20th is Friday 1 January 2027 (元旦, counted Monday–Friday).
        Assert.Equal(new DateOnly(2027, 1, 1), reading.DueOn);
        Assert.True(reading.IsEstimate(reading.DueOn));

        var office = ApplicationView.Of(a, reading, ApplicationAudience.Office, _catalogue);
        Assert.Equal("2027-01-01", office.DueOn);
        Assert.True(office.DueOnIsEstimate);
        Assert.Contains("估算：缺少2027年节假日安排，按周一至周五计算", office.DueOnNote);
        Assert.Contains("2027.json", Assert.Single(office.Problems));

        // The register's line says so too (it showed the bare date).
        var (request, _) = ApplicationListRequest.Read(_ => null, _catalogue);
        var register = new Disclosure.Workbench.WorkbenchPages().Render("application-list", "依申请公开登记簿",
            new ApplicationListModel([ApplicationView.Of(a, reading, ApplicationAudience.List, _catalogue)], request!.Form(_catalogue, null)),
            new Disclosure.Workbench.PageChrome("市科学技术局", "周公开", "办公室", true));
        Assert.Contains("2027-01-01<br><span class=\"hint\">（估算", register);

        var applicant = ApplicationView.Of(a, reading, ApplicationAudience.Applicant, _catalogue);
        Assert.Null(applicant.DueOn);
        Assert.False(applicant.DueOnIsEstimate);
        Assert.Contains("具体日期待2027年节假日安排公布后确定", applicant.DueOnNote);
        Assert.Empty(applicant.Problems);
        Assert.Equal("2026-12-15", applicant.ClarifyBy); // 7 working days stay inside 2026: exact, so told

        var receipt = Assert.Single(_register.Sent.Sent);
        Assert.Contains("答复期限：（具体日期待2027年节假日安排公布后确定）", receipt.Text);
        Assert.DoesNotContain("2027-01-01", receipt.Text);
        Assert.Contains("2026-12-15", receipt.Text);
    }

    [Fact]
    public async Task The_office_is_reminded_by_the_estimate_and_the_reminder_says_it_is_one()
    {
        var a = await RegisterOnFourDecemberAsync();
        var calendar = Service.Clock.Calendar;

        // Friday 25 December: 28–31 December and 1 January left, 5 working days by the estimate: the first reminder.
        var due = Assert.Single(ApplicationReminders.Due(a, Service.Clock.Read(a), calendar, new DateOnly(2026, 12, 25)), r => r.What == "dueOn");
        Assert.Equal(("5", new DateOnly(2027, 1, 1)), (due.Threshold, due.Date));
        Assert.Equal([2027], due.EstimatedYears);
        var message = ApplicationReminders.Compose(due, new DateOnly(2026, 12, 25)).Build("m", "bgs", "办公室", []);
        Assert.Contains("该日期为估算：缺少2027年节假日安排，按周一至周五计算", message.Text);
        Assert.Contains("2027.json", message.Text);

        // Monday 4 January 2027: past the estimate, overdue (said as estimated too).
        var late = Assert.Single(ApplicationReminders.Due(a, Service.Clock.Read(a), calendar, new DateOnly(2027, 1, 4)), r => r.What == "dueOn");
        Assert.Equal("overdue", late.Threshold);
        Assert.Equal([2027], late.EstimatedYears);
    }

    [Fact]
    public async Task An_extension_is_not_refused_by_an_estimated_limit_and_its_letter_and_notice_state_no_estimated_date()
    {
        var a = await RegisterOnFourDecemberAsync();
        // Monday 4 January 2027 is past the estimated limit (1 January) but within the real one if 元旦 is a day off, as it
        // always has been: an estimate must not refuse the office. Main refused it with “无法计算：缺少2027年节假日安排”.
        _register.Time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 2, 0, 0, TimeSpan.Zero));
        var extend = Event("extended", "2027-01-04") with { Days = 20, ApprovedBy = "公开办主任", Reason = "需调取档案" };
        var recorded = Assert.IsType<EventResult.Recorded>(await Service.RecordAsync(a.Id, Office, extend, default));
        Assert.Equal(new DateOnly(2027, 1, 29), recorded.Clock.DueOn); // 40 working days counted Monday–Friday
        Assert.True(recorded.Clock.IsEstimate(recorded.Clock.DueOn));

        var letter = ApplicationLetters.Compose(recorded.Application, extend.Id!, Service.Clock, _catalogue.Agency)!;
        var text = string.Join("\n", letter.Paragraphs);
        Assert.Contains("答复期限延长20个工作日", text);
        Assert.Contains("本机关将在延长后的期限内作出答复", text);
        Assert.DoesNotContain("2027年1月29日", text);

        var notice = _register.Sent.Sent.Last();
        Assert.Contains("延长后的答复期限为 （具体日期待2027年节假日安排公布后确定）", notice.Text);
        Assert.DoesNotContain("2027-01-29", notice.Text);
    }

    [Fact]
    public async Task A_fee_is_not_treated_as_lapsed_on_an_estimated_limit()
    {
        var a = await RegisterOnFourDecemberAsync();
        _register.Time.SetUtcNow(new DateTimeOffset(2027, 2, 15, 2, 0, 0, TimeSpan.Zero));
        Assert.IsType<EventResult.Recorded>(await Service.RecordAsync(a.Id, Office, Event("fee-notified", "2026-12-10") with { AmountYuan = 100 }, default));

        // 20 working days from 10 December reach 2027: treating the application as abandoned goes against the applicant,
        // so it waits for the arrangement, and says what to add.
        var refused = Assert.IsType<EventResult.Refused>(await Service.RecordAsync(a.Id, Office, Event("fee-lapsed", "2027-02-15"), default));
        Assert.Contains("不能确定已届满", refused.Reason);
        Assert.Contains("2027.json", refused.Reason);
    }
}
