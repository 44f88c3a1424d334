using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// E-mail notices to applicants who gave an address: received, 补正, extension, reply; one per event however often it
/// is posted; the status link with its token; nothing of the applicant's identity.
/// </summary>
public class ApplicantNoticeTests
{
    private static readonly Principal Office = RegisterUnderTest.Office;
    private const string IdNumber = "110109199003071234";

    private readonly RegisterUnderTest _register = new();
    private ApplicationService _service => _register.Service;
    private RecordingNotifier _sent => _register.Sent;

    private static ApplicationDraft Letter(string? email) => new()
    {
        ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = IdNumber, Phone = "13800000000",
        Email = email, InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件", Channel = "letter", ReceivedOn = "2026-09-10",
    };

    private async Task<DisclosureApplication> RegisterAsync(string? email = "zhangsan@example.com", string? key = null)
        => Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(Office, true, Letter(email), key, default)).Application;

    private async Task<EventRequest> PostAsync(string id, EventRequest request)
    {
        Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(id, Office, request, default));
        return request;
    }

    private static EventRequest Event(string kind, string on) => new() { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };

    private static void HasNothingOfTheApplicantsIdentity(Notification n)
    {
        foreach (var text in new[] { n.Subject, n.Text, n.Html, n.Markdown, n.RecipientName })
        {
            Assert.DoesNotContain(IdNumber, text);
            Assert.DoesNotContain("张三", text);
        }
    }

    [Fact]
    public async Task The_receipt_notice_gives_the_number_the_dates_and_the_status_link_with_its_token_once()
    {
        var a = await RegisterAsync(key: "k-1");
        await RegisterAsync(key: "k-1"); // the same registration retried

        var notice = Assert.Single(_sent.Sent);
        Assert.Equal(ApplicantNotices.IdOf(a, a.Events[0]), notice.Id);
        Assert.Equal(ApplicantNotices.RecipientCode, notice.RecipientCode);
        Assert.Equal(ChannelKind.Email, Assert.Single(notice.Channels).Kind);
        Assert.Equal("zhangsan@example.com", notice.Channels[0].Address);
        Assert.Contains(a.Number.ToString(), notice.Subject);
        Assert.Contains("2026-09-10", notice.Text); // received
        Assert.Contains("2026-10-14", notice.Text); // 20 working days across 中秋 and 国庆
        Assert.Contains("2026-09-20", notice.Text); // clarifyBy: a 调休 Sunday
        Assert.Contains($"https://kjj.example.gov.cn/api/applications/{a.Id}?token={a.StatusToken}", notice.Text);
        Assert.Contains($"https://kjj.example.gov.cn/api/applications/{a.Id}?token={a.StatusToken}", notice.Html);
        HasNothingOfTheApplicantsIdentity(notice);
    }

    [Fact]
    public async Task An_applicant_without_an_email_address_gets_no_notice()
    {
        var a = await RegisterAsync(email: null);
        await PostAsync(a.Id, Event("replied", "2026-09-20") with { Outcome = "三(一)" });

        Assert.Empty(_sent.Sent);
    }

    [Fact]
    public async Task Clarification_extension_and_reply_are_each_told_once_and_assignment_is_not()
    {
        var a = await RegisterAsync();
        var clarify = await PostAsync(a.Id, Event("clarification-requested", "2026-09-14") with { Reason = "请写明项目批次", RespondBy = new DateOnly(2026, 9, 30) });
        await PostAsync(a.Id, Event("clarification-received", "2026-09-17"));
        await PostAsync(a.Id, Event("assigned", "2026-09-18") with { Department = "xmc" });
        var extend = Event("extended", "2026-10-15") with { Days = 20, ApprovedBy = "公开办主任", Reason = "需调取档案" };
        var extendedDue = Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, extend, default)).Clock.DueOn!.Value;
        var reply = await PostAsync(a.Id, Event("replied", "2026-11-02") with { Outcome = "三(三)3", Reason = "涉及商业秘密" });
        await _service.RecordAsync(a.Id, Office, reply, default); // posted again: no second notice

        var sent = _sent.Sent.Where(n => n.Id.StartsWith($"applicant|{a.Id}|", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, sent.Count);
        var clarification = Assert.Single(sent, n => n.Id.EndsWith(clarify.Id!, StringComparison.Ordinal));
        Assert.Contains("需要补正", clarification.Subject);
        Assert.Contains("请写明项目批次", clarification.Text);
        Assert.Contains("2026-09-30", clarification.Text);
        var extension = Assert.Single(sent, n => n.Id.EndsWith(extend.Id!, StringComparison.Ordinal));
        Assert.Contains("延长 20 个工作日", extension.Text);
        Assert.Contains($"延长后的答复期限为 {extendedDue:yyyy-MM-dd}", extension.Text);
        var replied = Assert.Single(sent, n => n.Id.EndsWith(reply.Id!, StringComparison.Ordinal));
        Assert.Contains("已答复", replied.Subject);
        Assert.Contains("行政复议", replied.Text);
        Assert.Contains("（电子邮件）", replied.Text);
        Assert.All(sent, HasNothingOfTheApplicantsIdentity);
    }

    [Fact]
    public async Task A_reply_that_discloses_does_not_speak_of_remedies()
    {
        var a = await RegisterAsync();
        await PostAsync(a.Id, Event("replied", "2026-09-20") with { Outcome = "三(一)" });

        var reply = _sent.Sent.Last();
        Assert.Contains("予以公开", reply.Text);
        Assert.DoesNotContain("行政复议", reply.Text);
    }

    [Fact]
    public void Without_an_absolute_address_for_the_form_the_link_is_joined_to_the_site_or_left_as_a_path()
    {
        var catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
        var a = new DisclosureApplication
        {
            Id = "abc", Number = new ApplicationNumber(2026, 1), Applicant = new Applicant(ApplicantKind.NaturalPerson, "x", "居民身份证", "1", null, "a@b.cn", null),
            InformationSought = "x", DeliveryForm = "纸质", Channel = ApplicationChannel.Online, ReceivedOn = new DateOnly(2026, 9, 1), StatusToken = "t",
        };
        var apiHost = catalogue with { Agency = catalogue.Agency with { ApplicationFormUrl = "https://api.kjj.example.gov.cn/api/applications/new" } };
        var nowhere = catalogue with { Agency = catalogue.Agency with { SiteBaseUrl = "", ApplicationFormUrl = "/api/applications/new" } };

        Assert.Equal("https://api.kjj.example.gov.cn/api/applications/abc?token=t", ApplicantNoticeParts.Notices(catalogue: apiHost).StatusLink(a));
        Assert.Equal("https://kjj.example.gov.cn/api/applications/abc?token=t", ApplicantNoticeParts.Notices(catalogue: catalogue).StatusLink(a));
        Assert.Equal("/api/applications/abc?token=t", ApplicantNoticeParts.Notices(catalogue: nowhere).StatusLink(a));
    }
}
