using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// 信息处理费 by pages (按量计收, 109号): 1–30 free, each page of 31–100 10 yuan, of 101–200 20 yuan, above 200 40 yuan;
/// computed from the pages in the fee notice, one basis per application, counted in section 六 once paid.
/// </summary>
public class FeeByPagesTests
{
    private static readonly Principal Office = RegisterUnderTest.Office;

    private readonly RegisterUnderTest _register = new();
    private ApplicationService _service => _register.Service;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(30, 0)]
    [InlineData(31, 10)]
    [InlineData(100, 700)]
    [InlineData(101, 720)]
    [InlineData(200, 2700)]
    [InlineData(201, 2740)]
    [InlineData(250, 4700)]
    public void The_fee_by_pages_charges_each_band_only_for_its_own_pages(int pages, int yuan) => Assert.Equal(yuan, ProcessingFee.ByPagesYuan(pages));

    private async Task<DisclosureApplication> RegisterAsync()
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            Phone = "13800000000", InformationSought = "2025年度全部项目档案", DeliveryForm = "纸质", Channel = "letter", ReceivedOn = "2026-11-02",
        };
        return Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(Office, true, draft, null, default)).Application;
    }

    private Task<EventResult> PostAsync(string id, string kind, string on, Func<EventRequest, EventRequest>? with = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };
        return _service.RecordAsync(id, Office, with?.Invoke(request) ?? request, default);
    }

    [Fact]
    public async Task Thirty_pages_or_fewer_cost_nothing_so_no_fee_notice_stops_the_clock()
    {
        var a = await RegisterAsync();

        var refused = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "fee-notified", "2026-11-04", r => r with { Pages = 30 }));

        Assert.Contains("30 页以内，不收费", refused.Reason);
        Assert.Equal(ApplicationState.Received, (await _service.GetAsync(a.Id, default))!.State);
    }

    [Fact]
    public async Task A_stated_amount_that_does_not_match_the_pages_is_refused_and_nonsense_pages_too()
    {
        var a = await RegisterAsync();

        Assert.Contains("应为 700 元", Assert.Single(Assert.IsType<EventResult.Invalid>(await PostAsync(a.Id, "fee-notified", "2026-11-04", r => r with { Pages = 100, AmountYuan = 500 })).Problems));
        Assert.IsType<EventResult.Invalid>(await PostAsync(a.Id, "fee-notified", "2026-11-04", r => r with { Pages = 0 }));
        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "fee-notified", "2026-11-04", r => r with { Pages = 100, AmountYuan = 700 }));
    }

    [Fact]
    public async Task One_application_is_charged_by_pages_or_by_count_never_both()
    {
        for (var i = 0; i < 10; i++) await RegisterAsync();
        var eleventh = await RegisterAsync(); // the same person's 11th this month: 100 yuan by count
        Assert.IsType<EventResult.Recorded>(await PostAsync(eleventh.Id, "fee-notified", "2026-11-04"));
        Assert.IsType<EventResult.Recorded>(await PostAsync(eleventh.Id, "fee-paid", "2026-11-05"));

        var refused = Assert.IsType<EventResult.Refused>(await PostAsync(eleventh.Id, "fee-notified", "2026-11-06", r => r with { Pages = 45 }));

        Assert.Contains("按件、按量只能选择一种", refused.Reason);
        Assert.Equal(FeeBasis.ByCount, (await _service.GetAsync(eleventh.Id, default))!.Events.Single(e => e.Kind == ApplicationEventKind.FeeNotified).FeeBasis);
    }

    [Fact]
    public async Task A_fee_by_pages_paid_counts_in_section_six_of_its_year()
    {
        var a = await RegisterAsync();
        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "fee-notified", "2026-11-04", r => r with { Pages = 201 }));
        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "fee-paid", "2026-11-06"));

        var figures = await _service.ForYearAsync(2026, default);

        Assert.Equal(1, figures.ProcessingFeeNotices);
        Assert.Equal(2740m, figures.ProcessingFeeYuan);
    }
}
