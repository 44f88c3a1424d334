using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Disclosure.Applications;
using Disclosure.Applications.Letters;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// The letters of the register, opened as DOCX with the Open XML SDK: each states its legal basis and its dates as the
/// clock computed them; every reply that refuses anything states the remedies, a full disclosure does not; the applicant
/// is named on the letters to the applicant, never on the letter to a third party, and the ID number on none.
/// </summary>
public class ApplicationLetterTests
{
    private const string IdNumber = "110109199003071234";
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ApplicationService _service;
    private readonly CatalogueSettings _catalogue = CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));

    public ApplicationLetterTests()
    {
        var store = new InMemoryApplicationStore();
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        _service = new ApplicationService(store, new ApplicationLifecycle(store, _time), new ApplicationClock(calendar),
            new InMemoryIdempotencyStore(), _catalogue, new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
    }

    private async Task<DisclosureApplication> RegisterAsync(string receivedOn)
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = IdNumber,
            Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = receivedOn,
        };
        var result = await _service.RegisterAsync(Office, byOffice: true, draft, null, CancellationToken.None);
        return Assert.IsType<RegistrationResult.Registered>(result).Application;
    }

    private async Task<(DisclosureApplication Application, string EventId)> RecordAsync(
        DisclosureApplication application, string kind, string on, Func<EventRequest, EventRequest>? with = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };
        var result = await _service.RecordAsync(application.Id, Office, with?.Invoke(request) ?? request, CancellationToken.None);
        return (Assert.IsType<EventResult.Recorded>(result).Application, request.Id!);
    }

    /// <summary>The letter for the event, written to DOCX and read back: its paragraphs' texts.</summary>
    private IReadOnlyList<string> LetterText(DisclosureApplication application, string eventId)
    {
        var letter = ApplicationLetters.Compose(application, eventId, _service.Clock, _catalogue.Agency);
        Assert.NotNull(letter);
        var bytes = LetterDocx.Write(letter, _time.GetUtcNow());
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal(letter.Title, document.PackageProperties.Title);
        return document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
    }

    private static string Day(DateOnly d) => ApplicationLetters.Day(d);

    private DateOnly Add(DateOnly from, int workingDays) => _service.Clock.Add(from, workingDays, []);

    public static TheoryData<string> ResultRows() => [.. ApplicationTableRows.ResultRows.Select(d => d.Code)];

    [Theory]
    [MemberData(nameof(ResultRows))]
    public async Task A_reply_cites_its_rows_article_and_states_the_remedies_for_anything_but_full_disclosure(string code)
    {
        var application = await RegisterAsync("2026-11-02");
        var (replied, eventId) = await RecordAsync(application, "replied", "2026-11-19", r => r with { Outcome = code, Reason = "经核查的具体理由" });
        var row = ApplicationRules.ParseOutcome(code)!.Value;

        var paragraphs = LetterText(replied, eventId);
        var text = string.Concat(paragraphs);

        Assert.Equal("政府信息公开申请答复书", paragraphs[0]);
        Assert.Equal("依申〔2026〕0001号", paragraphs[1]);
        Assert.Equal("张三：", paragraphs[2]);
        Assert.Contains("2026年11月2日收到您提出的政府信息公开申请", text);
        Assert.Contains("2025年度市级科技计划项目立项清单", text);
        Assert.Contains(ReplyBases.Citation(ReplyBases.Of(row)), text);
        Assert.Contains(_catalogue.Agency.Name, paragraphs[^2]);
        Assert.Equal("2026年11月19日", paragraphs[^1]);
        Assert.DoesNotContain(IdNumber, text);
        if (row == ApplicationRow.Disclosed)
        {
            Assert.DoesNotContain("行政复议", text);
            Assert.DoesNotContain("行政诉讼", text);
        }
        else
        {
            Assert.Contains("经核查的具体理由", text);
            Assert.Contains("自收到本答复之日起六十日内依法申请行政复议", text);
            Assert.Contains("自收到本答复之日起六个月内依法向人民法院提起行政诉讼", text);
        }
    }

    [Fact]
    public void Every_refusal_row_cites_an_article_except_the_two_whose_basis_is_the_staffs_reason()
    {
        var withoutArticle = ApplicationTableRows.ResultRows.Where(d => ReplyBases.Of(d.Row).Articles.Length == 0).Select(d => d.Code);
        Assert.Equal(["三(五)5", "三(六)3"], withoutArticle);
        Assert.Contains("第十四条", ReplyBases.Citation(ReplyBases.Of(ApplicationRow.WithheldStateSecret)));
        Assert.Contains("国办函〔2020〕109号", ReplyBases.Citation(ReplyBases.Of(ApplicationRow.OtherFeeUnpaid)));
    }

    [Fact]
    public async Task A_clarification_notice_states_the_points_and_the_period_under_article_30()
    {
        var application = await RegisterAsync("2026-11-16");
        var (asked, eventId) = await RecordAsync(application, "clarification-requested", "2026-11-18",
            r => r with { Reason = "请写明所需文件的文号或发布时间", RespondBy = new DateOnly(2026, 12, 4) });

        var text = string.Concat(LetterText(asked, eventId));

        Assert.Contains("政府信息公开申请补正告知书", text);
        Assert.Contains("第三十条", text);
        Assert.Contains("请写明所需文件的文号或发布时间", text);
        Assert.Contains("请于2026年12月4日前", text);
        Assert.DoesNotContain(IdNumber, text);
    }

    [Fact]
    public async Task An_extension_notice_states_the_new_due_date_the_clock_computed()
    {
        var application = await RegisterAsync("2026-10-29");
        var (extended, eventId) = await RecordAsync(application, "extended", "2026-11-20",
            r => r with { Days = 20, ApprovedBy = "钱主任", Reason = "需要调取多个年度的档案" });
        var due = _service.Clock.Read(extended).DueOn!.Value;

        var text = string.Concat(LetterText(extended, eventId));

        Assert.Contains("第三十三条第二款", text);
        Assert.Contains("因需要调取多个年度的档案", text);
        Assert.Contains("延长20个工作日", text);
        Assert.Contains($"本机关将于{Day(due)}前作出答复", text);
    }

    [Fact]
    public async Task A_fee_notice_states_the_amount_the_basis_and_the_twenty_working_days_to_pay()
    {
        var application = await RegisterAsync("2026-11-16");
        var (notified, eventId) = await RecordAsync(application, "fee-notified", "2026-11-18", r => r with { AmountYuan = 100 });
        var payBy = Add(new DateOnly(2026, 11, 18), ApplicationClock.FeePaymentWorkingDays);

        var text = string.Concat(LetterText(notified, eventId));

        Assert.Contains("信息处理费人民币100元", text);
        Assert.Contains("国办函〔2020〕109号", text);
        Assert.Contains($"20个工作日内（{Day(payBy)}前）缴纳", text);
    }

    [Fact]
    public async Task A_fee_by_pages_is_computed_from_the_pages_and_its_notice_states_the_standard()
    {
        var application = await RegisterAsync("2026-11-16");
        var (notified, eventId) = await RecordAsync(application, "fee-notified", "2026-11-18", r => r with { Pages = 120 });

        var notice = notified.Events.Single(e => e.Id == eventId);
        Assert.Equal(1100, notice.AmountYuan); // 70 pages at 10 yuan, 20 at 20
        Assert.Equal(FeeBasis.ByPages, notice.FeeBasis);
        var text = string.Concat(LetterText(notified, eventId));
        Assert.Contains("信息处理费人民币1100元", text);
        Assert.Contains("按量计收：本次提供的政府信息共120页，30页以内不收费，第31至100页每页10元，第101至200页每页20元，第201页起每页40元。", text);
    }

    [Fact]
    public async Task A_third_party_letter_gives_fifteen_working_days_and_never_names_the_applicant()
    {
        var application = await RegisterAsync("2026-11-16");
        var (consulted, eventId) = await RecordAsync(application, "third-party-consulted", "2026-11-18", r => r with { Reason = "涉及项目承担单位的商业秘密" });
        var by = Add(new DateOnly(2026, 11, 18), ApplicationClock.ThirdPartyWorkingDays);

        var paragraphs = LetterText(consulted, eventId);
        var text = string.Concat(paragraphs);

        Assert.Equal("有关单位（个人）：", paragraphs[2]);
        Assert.Contains("第三十二条", text);
        Assert.Contains($"15个工作日内（{Day(by)}前）", text);
        Assert.DoesNotContain("张三", text);
        Assert.DoesNotContain(IdNumber, text);
    }

    [Fact]
    public async Task Events_without_a_letter_and_unknown_events_compose_nothing()
    {
        var application = await RegisterAsync("2026-11-16");
        var (assigned, eventId) = await RecordAsync(application, "assigned", "2026-11-17", r => r with { Department = "xmc" });

        Assert.Null(ApplicationLetters.Compose(assigned, eventId, _service.Clock, _catalogue.Agency));
        Assert.Null(ApplicationLetters.Compose(assigned, "no-such-event", _service.Clock, _catalogue.Agency));
    }
}
