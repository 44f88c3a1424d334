using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// Art. 44: the register proposes for 主动公开 the information that several different applicants asked for and were given;
/// "the same information" is the same 所需信息 text once spaces, punctuation and full-width forms are set aside.
/// </summary>
public class ProactiveConversionTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ApplicationService _service;

    public ProactiveConversionTests()
    {
        var store = new InMemoryApplicationStore();
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        _service = new ApplicationService(store, new ApplicationLifecycle(store, _time), new ApplicationClock(calendar),
            new InMemoryIdempotencyStore(), CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
    }

    private async Task<DisclosureApplication> RepliedAsync(string idNumber, string informationSought, string outcome, string on = "2026-11-18")
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "申请人" + idNumber[^2..], IdDocumentType = "居民身份证", IdDocumentNumber = idNumber,
            Phone = "13800000000", InformationSought = informationSought, DeliveryForm = "电子邮件", Channel = "letter", ReceivedOn = "2026-11-02",
        };
        var application = Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(Office, true, draft, null, CancellationToken.None)).Application;
        var reply = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "replied", On = DateOnly.Parse(on), Outcome = outcome, Reason = outcome == "三(一)" ? null : "部分涉及个人信息" };
        return Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(application.Id, Office, reply, CancellationToken.None)).Application;
    }

    [Theory]
    [InlineData("2025年度市级科技计划项目立项清单", "2025年度 市级科技计划项目立项清单。")]
    [InlineData("《关于印发〈管理办法〉的通知》", "关于印发管理办法的通知")]
    [InlineData("ＡＢＣ项目２０２５年 经费", "abc项目2025年经费")]
    public void Spaces_punctuation_and_full_width_forms_do_not_make_information_different(string one, string other)
        => Assert.Equal(ProactiveConversion.SameInformationKey(one), ProactiveConversion.SameInformationKey(other));

    [Fact]
    public void Different_words_are_different_information()
        => Assert.NotEqual(ProactiveConversion.SameInformationKey("2025年度立项清单"), ProactiveConversion.SameInformationKey("2024年度立项清单"));

    [Fact]
    public async Task Three_different_applicants_given_the_same_information_make_a_proposal_and_two_do_not()
    {
        await RepliedAsync("110101199003070011", "2025年度市级科技计划项目立项清单", "三(一)", "2026-11-16");
        await RepliedAsync("110103199003070022", "2025年度 市级科技计划项目立项清单。", "三(二)", "2026-11-17");

        Assert.Empty(await _service.ConversionProposalsAsync(3, CancellationToken.None));
        Assert.Single(await _service.ConversionProposalsAsync(2, CancellationToken.None)); // the number is the agency's setting

        await RepliedAsync("110105199003070033", "２０２５年度市级科技计划项目立项清单", "三(一)");
        var proposal = Assert.Single(await _service.ConversionProposalsAsync(3, CancellationToken.None));
        Assert.Equal(3, proposal.Applicants);
        Assert.Equal("2025年度市级科技计划项目立项清单", proposal.InformationSought);
        Assert.Equal(new DateOnly(2026, 11, 16), proposal.First.ConcludedOn);
    }

    [Fact]
    public async Task One_applicant_asking_three_times_or_refusals_make_no_proposal()
    {
        await RepliedAsync("110101199003070011", "某项目评审意见", "三(一)");
        await RepliedAsync("110101199003070011", "某项目评审意见", "三(一)");
        await RepliedAsync("110101199003070011", "某项目评审意见", "三(一)");
        await RepliedAsync("110103199003070022", "某项目评审意见", "三(三)4");
        await RepliedAsync("110105199003070033", "某项目评审意见", "三(四)1");

        Assert.Empty(await _service.ConversionProposalsAsync(2, CancellationToken.None));
    }

    [Fact]
    public async Task The_proposed_submission_is_prefilled_from_the_replies_as_proactive_and_names_no_applicant()
    {
        foreach (var idNumber in new[] { "110101199003070011", "110103199003070022", "110105199003070033" }) await RepliedAsync(idNumber, "2025年度市级科技计划项目立项清单", "三(二)");
        var proposal = Assert.Single(await _service.ConversionProposalsAsync(3, CancellationToken.None));

        var draft = ProactiveConversion.DraftFrom(proposal, new Disclosure.Intake.SubmissionDraft { Column = "zcfg", Genre = "通知", FormedOn = "2026-11-18" });

        Assert.Equal("2025年度市级科技计划项目立项清单", draft.Title);
        Assert.Equal("主动公开", draft.Attribute);
        Assert.Equal("zcfg", draft.Column);
        Assert.Contains("第四十四条", draft.Body);
        Assert.Contains("部分涉及个人信息", draft.Body);
        Assert.Contains("依申〔2026〕0001号", draft.Body);
        Assert.DoesNotContain("申请人11", draft.Body);
        Assert.DoesNotContain("110101199003070011", draft.Body);
    }
}
