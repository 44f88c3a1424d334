using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// Art. 44 from the applicant's side: an applicant may suggest that the information be published for everyone. The
/// suggestion is an event of the lifecycle (once, no state change), and it is listed for the office beside the proposals.
/// </summary>
public class ProactiveSuggestionTests
{
    private static readonly Principal Office = RegisterUnderTest.Office;

    private readonly RegisterUnderTest _register = new();
    private ApplicationService _service => _register.Service;

    private async Task<DisclosureApplication> FileOnlineAsync(string idNumber = "110109199003071234", string sought = "2025年度科技计划项目清单")
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = idNumber, Phone = "13800000000",
            InformationSought = sought, DeliveryForm = "电子邮件",
        };
        return Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(ApplicationPrincipals.Public, false, draft, null, default)).Application;
    }

    [Fact]
    public async Task The_applicant_suggests_once_the_state_stays_and_the_audit_names_the_public_form()
    {
        var a = await FileOnlineAsync();

        var first = Assert.IsType<EventResult.Recorded>(await _service.SuggestProactiveDisclosureAsync(a.Id, "很多企业都需要这份清单", default));
        var again = Assert.IsType<EventResult.Recorded>(await _service.SuggestProactiveDisclosureAsync(a.Id, "再点一次", default));

        Assert.True(first.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal(ApplicationState.Received, first.Application.State);
        var suggestion = Assert.Single(first.Application.Events, e => e.Kind == ApplicationEventKind.ProactiveDisclosureSuggested);
        Assert.Equal(new DateOnly(2026, 11, 20), suggestion.On);
        Assert.Equal("很多企业都需要这份清单", suggestion.Reason);
        var audit = (await _service.AuditAsync(a.Id, default)).Last();
        Assert.Equal("proactive-disclosure-suggested", audit.Action);
        Assert.Equal("public:online-form", audit.ActorId);
        Assert.False(ApplicationStatusModel.MaySuggest(first.Application));
    }

    [Fact]
    public async Task The_office_may_record_a_suggestion_by_letter_but_not_a_second_one()
    {
        var a = await FileOnlineAsync();
        var byLetter = new EventRequest { Id = "s-1", Kind = "proactive-disclosure-suggested", On = new DateOnly(2026, 11, 20), Reason = "来信建议" };
        Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, byLetter, default));

        var second = Assert.IsType<EventResult.Refused>(await _service.RecordAsync(a.Id, Office, byLetter with { Id = "s-2" }, default));

        Assert.Contains("已于 2026年11月20日 提出过", second.Reason);
    }

    [Fact]
    public async Task A_withdrawn_application_takes_no_suggestion_and_the_public_can_post_nothing_else()
    {
        var a = await FileOnlineAsync();
        var withdraw = new EventRequest { Id = "w", Kind = "withdrawn", On = new DateOnly(2026, 11, 20) };
        Assert.IsType<EventResult.Refused>(await _service.RecordAsync(a.Id, ApplicationPrincipals.Public, withdraw, default));
        Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, withdraw, default));

        Assert.IsType<EventResult.Refused>(await _service.SuggestProactiveDisclosureAsync(a.Id, null, default));
        Assert.False(ApplicationStatusModel.MaySuggest((await _service.GetAsync(a.Id, default))!));
    }

    [Fact]
    public async Task Suggestions_are_listed_for_the_office_with_whether_their_information_is_already_proposed()
    {
        var alone = await FileOnlineAsync(sought: "本局2026年度公务接待清单");
        var proposed = new List<DisclosureApplication>();
        foreach (var idNumber in new[] { "110109199003071234", "110106198001011111" })
        {
            var a = await FileOnlineAsync(idNumber, "2025年度科技计划项目清单");
            var reply = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "replied", On = new DateOnly(2026, 11, 20), Outcome = "三(一)" };
            Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, reply, default));
            proposed.Add(a);
        }
        await _service.SuggestProactiveDisclosureAsync(alone.Id, null, default);
        await _service.SuggestProactiveDisclosureAsync(proposed[1].Id, "应当公开", default);

        var (proposals, suggestions) = await _service.ConversionProposalsAndSuggestionsAsync(2, default);

        Assert.Single(proposals);
        Assert.Equal(2, suggestions.Count);
        Assert.False(suggestions.Single(s => s.Application.Id == alone.Id).InProposal);
        Assert.True(suggestions.Single(s => s.Application.Id == proposed[1].Id).InProposal);
    }
}
