using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Disclosure.Adapters.Plan;
using Disclosure.Calendar;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Home;

/// <summary>
/// holidays.md: the calendar is "data that is added each year without a code change". On main a year's arrangement
/// could only be added as a file in the package, so a deploy. Now an administrator enters the State Council's notice on
/// a workbench page; a bad line is refused beside its field with nothing stored; the saved year is used by the next count
/// on that instance at once and by another instance after its refresh; a page opened before someone else's save stores
/// nothing. The hosts keep the added years in a table of this test's own, so no other test sees 2027 change.
/// </summary>
public class CalendarYearFormTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("节假日测试管理员", "bgs", Role.Administrator, Role.Reviewer);
    private static readonly string Clerk = RequestPrincipal.Encode("节假日测试科员", "xmc", Role.Submitter);
    private const string Page = "/api/calendar/2027";

    // A made-up arrangement for this test (not the State Council's): 元旦 1–3 January, 劳动节 1–5 May, 国庆节 1–7 October,
    // Saturday 9 October worked.
    private static Dictionary<string, string> Arrangement(Dictionary<string, string> hidden) => new(hidden)
    {
        ["source"] = "测试用安排（非国务院通知）",
        ["holidays"] = "2027-01-01 至 2027-01-03\n２０２７－０５－０１～２０２７－０５－０５\n2027年10月1日 至 2027年10月7日",
        ["workdays"] = "2027-10-09",
    };

    private static Task<LocalFunctionsHost> StartAsync(string table, FakeTimeProvider clock) => TestHosts.StartAsync(runQueues: false, services: s =>
    {
        s.AddSingleton<TimeProvider>(clock);
        s.AddSingleton<ICalendarYearStore>(sp => new TableCalendarYearStore(sp.GetRequiredService<TableServiceClient>(), table));
    });

    [Fact]
    public async Task An_administrator_adds_2027_from_the_notice_and_every_count_uses_it_without_a_deploy()
    {
        var table = TestStorage.UniqueName("cal");
        // Friday 4 December 2026, 10:00 China time.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(table, clock);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        // An application received today: its 20th working day is in 2027, so an estimate (元旦 counted).
        var registration = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new
            {
                applicantKind = "natural-person", name = "钱七", idDocumentType = "居民身份证", idDocumentNumber = ResidentIds.Random(), phone = "13600000000",
                informationSought = "2026年度科技计划项目清单", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-12-04",
            }),
        };
        registration.Headers.Add(RequestPrincipal.Header, Administrator);
        using var registered = await client.SendAsync(registration);
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        async Task<(string? DueOn, bool Estimate)> DueAsync()
        {
            var (_, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, $"/api/applications/{id}", Administrator, accept: "application/json");
            var root = JsonDocument.Parse(json).RootElement;
            return (root.GetProperty("dueOn").GetString(), root.GetProperty("dueOnIsEstimate").GetBoolean());
        }
        Assert.Equal(("2027-01-01", true), await DueAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Clerk)).Status);
        var (openStatus, empty, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Administrator);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        Assert.Contains("尚未录入", empty);
        var hidden = WorkbenchForms.HiddenFields(empty);
        var stale = Arrangement(hidden); // a second page opened now, saved after the first

        // Refused beside their fields, what was typed kept, nothing stored: a month 13, a Monday as 调休, a BEL in the 文号.
        var wrong = Arrangement(hidden);
        wrong["source"] = "国办发明电\u0007〔2026〕";
        wrong["holidays"] += "\n2027-13-01";
        wrong["workdays"] = "2027-02-08";
        var (wrongStatus, refused, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Page, Administrator, wrong);
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Contains("第 4 行“2027-13-01”不是日期", refused);
        Assert.Contains("调休上班日应为周六或周日：2027年2月8日 是星期一", refused);
        Assert.Contains("控制字符（U&#x2B;0007", refused);
        Assert.Contains("国办发明电\uFFFD〔2026〕", refused); // shown again as U+FFFD: the page stays valid HTML
        Assert.Equal(HttpStatusCode.NotFound, (await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Administrator, accept: "application/json")).Status);
        Assert.Equal(("2027-01-01", true), await DueAsync());

        var (savedStatus, _, location) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Page, Administrator, Arrangement(hidden));
        Assert.Equal(HttpStatusCode.SeeOther, savedStatus);
        Assert.Equal($"{Page}?saved=1", location);
        var (_, saved, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, location!, Administrator);
        Assert.Contains("已保存", saved);
        Assert.Contains("放假 15 天，调休上班 1 天", saved);
        Assert.Contains("2027-05-01 至 2027-05-05", saved); // shown back as ranges

        // The same host's next count uses it at once: 1–3 January off, so the 20th working day is Monday 4 January, exact.
        Assert.Equal(("2027-01-04", false), await DueAsync());

        // The page opened before that save stores nothing and keeps what was typed.
        stale["source"] = "另一位管理员的文号";
        var (staleStatus, stalePage, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Post, Page, Administrator, stale);
        Assert.Equal(HttpStatusCode.Conflict, staleStatus);
        Assert.Contains("节假日测试管理员已于", stalePage);
        Assert.Contains("另一位管理员的文号", stalePage);
        var (_, json, _) = await WorkbenchForms.SendAsync(client, HttpMethod.Get, Page, Administrator, accept: "application/json");
        Assert.Contains("测试用安排（非国务院通知）", json);

        // Another instance (its own calendar) takes the year on its refresh, without a restart.
        await using (var other = await StartAsync(table, clock))
        {
            var years = other.Services.GetRequiredService<CalendarYears>();
            await years.RefreshAsync();
            Assert.True(years.Calendar.HasDataFor(2027));
            Assert.Equal(CalendarAnswer<DateOnly>.Of(new DateOnly(2027, 1, 4)), years.Calendar.AddWorkingDays(new DateOnly(2026, 12, 4), 20));
        }

        // The JSON API: a packaged year is refused, a correction needs the version.
        using var packaged = new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2026") { Content = JsonContent.Create(new { source = "x", holidays = new[] { "2026-01-01" } }) };
        packaged.Headers.Add(RequestPrincipal.Header, Administrator);
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(packaged)).StatusCode);
        using var unversioned = new HttpRequestMessage(HttpMethod.Put, Page) { Content = JsonContent.Create(new { source = "x", holidays = new[] { "2027-01-01" } }) };
        unversioned.Headers.Add(RequestPrincipal.Header, Administrator);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.SendAsync(unversioned)).StatusCode);
        using var read = new HttpRequestMessage(HttpMethod.Get, Page);
        read.Headers.Add(RequestPrincipal.Header, Administrator);
        read.Headers.Accept.ParseAdd("application/json");
        using var current = await client.SendAsync(read);
        var etag = current.Headers.ETag!.ToString();
        HttpRequestMessage Correction(string ifMatch)
        {
            var put = new HttpRequestMessage(HttpMethod.Put, Page)
            {
                Content = JsonContent.Create(new
                {
                    source = "测试用安排（更正）", holidays = new[] { "2027-01-01", "2027-05-01 至 2027-05-05", "2027-10-01 至 2027-10-07" }, workdays = new[] { "2027-01-02" },
                }),
            };
            put.Headers.Add(RequestPrincipal.Header, Administrator);
            put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return put;
        }
        using (var corrected = await client.SendAsync(Correction(etag)))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
            Assert.Contains("测试用安排（更正）", await corrected.Content.ReadAsStringAsync());
        }
        using (var again = await client.SendAsync(Correction(etag))) Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
        Assert.Equal(("2027-01-02", false), await DueAsync()); // the correction makes Saturday 2 January a working day: the 20th

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["calendar-empty.html"] = empty, ["calendar-refused.html"] = refused, ["calendar-saved.html"] = saved, ["calendar-stale.html"] = stalePage,
        }));
        await (await TestStorage.TablesAsync()).DeleteTableAsync(table);
    }
}
