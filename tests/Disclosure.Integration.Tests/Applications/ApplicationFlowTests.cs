using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Adapters.Applications;
using Disclosure.Applications;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// 依申请公开 end to end through the local host's real function classes against Azurite: the public form and its status
/// link, the office's registration of a letter on the 调休 calendar, and the events that move the clock or are refused.
/// </summary>
public partial class ApplicationFlowTests
{
    private const string IdNumber = "110109199003071234";

    [GeneratedRegex(@"^依申〔2026〕\d{4}号$")]
    private static partial Regex Number();

    /// <summary>Each test its own hour, so the per-client limit (127.0.0.1, per hour, in the shared Azurite) is its own.</summary>
    private static FakeTimeProvider ClockAt(int hourUtc) => new(new DateTimeOffset(2026, 11, 20, hourUtc, 0, 0, TimeSpan.Zero));

    private static async Task<LocalFunctionsHost> StartAsync(
        FakeTimeProvider clock, LogCapture? logs = null, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
        => await TestHosts.StartAsync(settings, runQueues: false, environment: environment, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            if (logs is not null) s.AddSingleton<ILoggerProvider>(logs);
        });

    private static HttpClient NoRedirects(LocalFunctionsHost host) => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

    private static HttpRequestMessage Json(HttpMethod method, string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage AsOffice(HttpRequestMessage request) => request.As("周公开", "bgs", Role.Reviewer);

    private static object Letter(string receivedOn) => new
    {
        applicantKind = "business", name = "某某科技有限公司", idDocumentType = "统一社会信用代码", idDocumentNumber = "91330100MA2XX4XX0K",
        phone = "0571-88888888", informationSought = "2025年度科技型中小企业认定名单", deliveryForm = "纸质", channel = "letter", receivedOn,
    };

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> EventAsync(HttpClient client, string id, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{id}/events", body, Guid.NewGuid().ToString("N"))));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_member_of_the_public_submits_the_form_and_follows_the_status_link()
    {
        // Production: a request without App Service's identity header is nobody (in Development it would be the developer).
        await using var host = await StartAsync(ClockAt(1), environment: "Production");
        using var client = NoRedirects(host);

        using var form = await client.GetAsync("/api/applications/new");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var formHtml = await form.Content.ReadAsStringAsync();
        Assert.Contains("政府信息公开申请", formHtml);
        Assert.DoesNotContain("<script", formHtml);
        Assert.DoesNotContain("/api/reviews", formHtml); // the workbench's navigation is not the public's
        var key = Regex.Match(formHtml, "name=\"idempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;

        var fields = new Dictionary<string, string>
        {
            ["idempotencyKey"] = key, ["applicantKind"] = "natural-person", ["name"] = "张三", ["idDocumentType"] = "居民身份证",
            ["idDocumentNumber"] = IdNumber, ["email"] = "zhangsan@example.com", ["informationSought"] = "本局2025年科技计划项目立项清单",
            ["deliveryForm"] = "电子邮件", ["website"] = "",
        };
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var posted = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var statusUrl = posted.Headers.Location!.ToString();
        Assert.Matches("^/api/applications/[0-9a-f]{32}\\?token=[A-Za-z0-9_-]{43}&created=1$", statusUrl);

        // The public has no sign-in: the link alone opens the page (a request without the identity header in Production).
        var status = new HttpRequestMessage(HttpMethod.Get, statusUrl);
        status.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await client.SendAsync(status);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("申请已收到", html);
        Assert.Contains("2026-11-20", html); // received today
        Assert.Contains("2026-12-18", html); // 20 working days later
        Assert.DoesNotContain(IdNumber, html); // masked even for the applicant: the link may be forwarded
        Assert.Contains("**************1234", html);
        Assert.Equal("no-store", page.Headers.CacheControl?.NoStore == true ? "no-store" : "");

        // The same form posted again (a double click) is the same application.
        using var again = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = new FormUrlEncodedContent(fields) });
        Assert.Equal(statusUrl, again.Headers.Location!.ToString());

        // A wrong token learns nothing, not even that the application exists.
        var id = statusUrl.Split('/', '?')[3];
        using var guessed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}?token=guess"));
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["application-form.html"] = formHtml, ["application-status.html"] = html }));
    }

    [Fact]
    public async Task The_office_registers_a_letter_and_the_clock_follows_clarification_extension_and_third_party_consultation()
    {
        await using var host = await StartAsync(ClockAt(2));
        using var client = host.Client();

        // Received 10 September 2026: 中秋 (9/25–9/27) and 国庆 (10/1–10/7) off, Sunday 9/20 and Saturday 10/10 worked.
        using var registered = await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", Letter("2026-09-10"))));
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var record = await JsonOf(registered);
        var id = record.GetProperty("id").GetString()!;
        Assert.Equal($"/api/applications/{id}", registered.Headers.Location!.ToString());
        Assert.Matches(Number(), record.GetProperty("number").GetString());
        Assert.Equal("2026-09-10", record.GetProperty("receivedOn").GetString());
        Assert.Equal("2026-10-14", record.GetProperty("dueOn").GetString());
        Assert.Equal("2026-09-20", record.GetProperty("clarifyBy").GetString());
        Assert.Equal("received", record.GetProperty("state").GetString());
        Assert.StartsWith($"/api/applications/{id}?token=", record.GetProperty("statusUrl").GetString());

        // 补正 asked within 7 working days; the clarified application arrives on 9/17: 20 working days from then.
        var asked = await EventAsync(client, id, new { kind = "clarification-requested", on = "2026-09-14", reason = "请写明文件的年份", respondBy = "2026-09-30" });
        Assert.Equal("awaiting-clarification", asked.GetProperty("state").GetString());
        Assert.False(asked.TryGetProperty("dueOn", out _));
        var clarified = await EventAsync(client, id, new { kind = "clarification-received", on = "2026-09-17" });
        Assert.Equal("2026-10-21", clarified.GetProperty("dueOn").GetString());

        // A third party consulted from 9/22 to 9/29 (9/23, 9/24, 9/28, 9/29: 4 working days) moves it by 4.
        await EventAsync(client, id, new { kind = "third-party-consulted", on = "2026-09-22" });
        var replied = await EventAsync(client, id, new { kind = "third-party-replied", on = "2026-09-29" });
        Assert.Equal(4, replied.GetProperty("workingDaysPaused").GetInt32());
        Assert.Equal("2026-10-27", replied.GetProperty("dueOn").GetString());

        // One extension of 20 working days; a second is refused with the reason, nothing changed.
        var extended = await EventAsync(client, id, new { kind = "extended", on = "2026-10-12", days = 20, approvedBy = "公开办主任", reason = "涉及档案调取" });
        Assert.Equal("2026-11-24", extended.GetProperty("dueOn").GetString());
        var refused = await EventAsync(client, id, new { kind = "extended", on = "2026-10-13", days = 5, approvedBy = "公开办主任", reason = "再延" }, HttpStatusCode.Conflict);
        Assert.Contains("延期答复只能一次", refused.GetProperty("detail").GetString());
        Assert.Equal("2026-11-24", refused.GetProperty("current").GetProperty("dueOn").GetString());

        // A reply names its row of table 三; every event is in the audit trail.
        var done = await EventAsync(client, id, new { kind = "replied", on = "2026-11-02", outcome = "三(一)" });
        Assert.Equal("replied", done.GetProperty("state").GetString());
        Assert.Equal("三(一)", done.GetProperty("outcome").GetString());
        var audit = await host.Services.GetRequiredService<IApplicationStore>().AuditAsync(id, CancellationToken.None);
        Assert.Equal(["registered", "clarification-requested", "clarification-received", "third-party-consulted", "third-party-replied", "extended", "replied"],
            audit.Select(e => e.Action));
    }

    [Fact]
    public async Task An_event_posted_twice_with_one_key_is_recorded_once_and_the_law_refuses_with_problem_json()
    {
        await using var host = await StartAsync(ClockAt(3));
        using var client = host.Client();
        var id = (await JsonOf(await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", Letter("2026-11-02")))))).GetProperty("id").GetString()!;

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{id}/events",
                new { kind = "assigned", on = "2026-11-03", department = "xmc" }, "same-key")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(2, (await host.Services.GetRequiredService<IApplicationStore>().AuditAsync(id, CancellationToken.None)).Count);

        using var noReason = await client.SendAsync(AsOffice(Json(HttpMethod.Post, $"/api/applications/{id}/events",
            new { kind = "replied", on = "2026-11-04", outcome = "三(三)1" }, "reply-1")));
        Assert.Equal(HttpStatusCode.Conflict, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);

        // Registering paper applications is the disclosure office's: a department's person gets 403.
        using var byDepartment = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", Letter("2026-11-02")).As("吴承办", "xmc", Role.Submitter));
        Assert.Equal(HttpStatusCode.Forbidden, byDepartment.StatusCode);

        // Departments other than the handling one, and the public, cannot record anything.
        using var stranger = await client.SendAsync(Json(HttpMethod.Post, $"/api/applications/{id}/events",
            new { kind = "withdrawn", on = "2026-11-04" }, "w-1").As("郑其他", "cwc", Role.Submitter));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task The_applicants_id_number_is_in_no_log_line_no_list_and_no_view_of_the_handling_department()
    {
        var logs = new LogCapture();
        await using var host = await StartAsync(ClockAt(4), logs);
        using var client = host.Client();
        var body = new
        {
            applicantKind = "natural-person", name = "李四", idDocumentType = "居民身份证", idDocumentNumber = IdNumber, phone = "13900000000",
            informationSought = "某项目验收材料", deliveryForm = "纸质", channel = "in-person", receivedOn = "2026-11-16",
        };
        var id = (await JsonOf(await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", body))))).GetProperty("id").GetString()!;
        await EventAsync(client, id, new { kind = "assigned", on = "2026-11-17", department = "xmc" });

        using var office = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}")));
        Assert.Contains(IdNumber, await office.Content.ReadAsStringAsync()); // the office handles it: in full

        using var list = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, "/api/applications?department=xmc")));
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains(id, listed);
        Assert.DoesNotContain(IdNumber, listed);
        Assert.DoesNotContain("李四", listed);
        Assert.Contains("李*", listed);

        using var department = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{id}").As("吴承办", "xmc", Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, department.StatusCode);
        Assert.DoesNotContain(IdNumber, await department.Content.ReadAsStringAsync());

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(IdNumber));
    }

    [Fact]
    public async Task The_public_form_is_limited_per_client_and_hour_refuses_a_filled_honeypot_and_an_oversized_body()
    {
        await using var host = await StartAsync(ClockAt(5), settings: new Dictionary<string, string?> { ["Applications:PerClientPerHour"] = "2" });
        using var client = host.Client();
        object Online(string name, string website = "") => new
        {
            applicantKind = "natural-person", name, idDocumentType = "居民身份证", idDocumentNumber = "330102199001011234", email = "a@example.com",
            informationSought = "某文件", deliveryForm = "电子邮件", website,
        };

        using var trapped = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", Online("机器人", "http://spam.example")));
        Assert.Equal(HttpStatusCode.BadRequest, trapped.StatusCode);
        var store = host.Services.GetRequiredService<IApplicationStore>();
        await foreach (var a in store.ListAsync(CancellationToken.None)) Assert.NotEqual("机器人", a.Applicant.Name);

        using var huge = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", Online(new string('长', 70_000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        for (var i = 0; i < 3; i++)
        {
            using var invalid = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", new { applicantKind = "natural-person", name = "王五" }));
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode); // mistakes do not use up the hour's filings
        }
        // A mistyped 居民身份证 (its check character does not fit) is such a mistake: named, in Chinese, and not stored.
        using var mistyped = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", new
        {
            applicantKind = "natural-person", name = "错号", idDocumentType = "居民身份证", idDocumentNumber = "330102199001011235",
            email = "a@example.com", informationSought = "某文件", deliveryForm = "电子邮件",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        Assert.Equal("application/problem+json", mistyped.Content.Headers.ContentType?.MediaType);
        var problem = Regex.Unescape(await mistyped.Content.ReadAsStringAsync()); // \uXXXX escapes or not
        Assert.Contains(ApplicationFields.IdDocumentNumber, problem);
        Assert.Contains("校验位", problem);
        await foreach (var a in store.ListAsync(CancellationToken.None)) Assert.NotEqual("错号", a.Applicant.Name);
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", Online("王五")));
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }
        using var limited = await client.SendAsync(Json(HttpMethod.Post, "/api/applications", Online("王五")));
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_table_store_refuses_a_stale_etag_and_never_gives_a_number_twice()
    {
        var store = new TableApplicationStore(await TestStorage.TablesAsync());
        var numbers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => store.NextNumberAsync(2031, CancellationToken.None)));
        Assert.Equal(numbers.Length, numbers.Select(n => n.Serial).Distinct().Count());

        var id = Guid.NewGuid().ToString("N");
        var application = new DisclosureApplication
        {
            Id = id, Number = numbers[0], Applicant = new Applicant(ApplicantKind.NaturalPerson, "赵六", "居民身份证", "1", null, "a@example.com", null),
            InformationSought = "x", DeliveryForm = "纸质", Channel = ApplicationChannel.Letter, ReceivedOn = new DateOnly(2026, 11, 2), StatusToken = "t",
        };
        ApplicationAuditEntry Entry(string eventId) => new(id, eventId, DateTimeOffset.UtcNow, "test", "测试", "registered", null, ApplicationState.Received, 1,
            new Dictionary<string, string>());
        var created = await store.CreateAsync(application, Entry("e1"), CancellationToken.None);
        await Assert.ThrowsAsync<ApplicationExistsException>(() => store.CreateAsync(application, Entry("e1b"), CancellationToken.None));

        await store.UpdateAsync(application with { Revision = 2 }, created.ETag, Entry("e2"), CancellationToken.None);
        await Assert.ThrowsAsync<Disclosure.Lifecycle.VersionConflictException>(
            () => store.UpdateAsync(application with { Revision = 3 }, created.ETag, Entry("e3"), CancellationToken.None));
        Assert.Equal(["e1", "e2"], (await store.AuditAsync(id, CancellationToken.None)).Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task A_reply_appears_in_table_three_and_an_application_open_on_31_december_is_carried_into_the_next_year()
    {
        await using var host = await StartAsync(ClockAt(6));
        using var client = host.Client();
        // Only this test registers applications received in 2025, so the 2025 figures and 2026's 上年结转 are its own.
        var id = (await JsonOf(await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", Letter("2025-12-29")))))).GetProperty("id").GetString()!;

        async Task<JsonElement> RowAsync(int year, string code)
        {
            using var response = await client.SendAsync(AsOffice(new HttpRequestMessage(HttpMethod.Get, $"/api/applications/report/{year}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await JsonOf(response)).GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);
        }

        Assert.Equal(1, (await RowAsync(2025, "一")).GetProperty("columns").GetProperty("Businesses").GetInt32());
        Assert.Equal(1, (await RowAsync(2025, "四")).GetProperty("columns").GetProperty("Businesses").GetInt32());

        await EventAsync(client, id, new { kind = "replied", on = "2026-01-09", outcome = "三(二)", reason = "部分内容涉及商业秘密，依《条例》第十五条不予公开" });
        Assert.Equal(1, (await RowAsync(2026, "二")).GetProperty("columns").GetProperty("Businesses").GetInt32());
        Assert.True((await RowAsync(2026, "三(二)")).GetProperty("columns").GetProperty("Businesses").GetInt32() >= 1);
        Assert.Equal(1, (await RowAsync(2025, "四")).GetProperty("total").GetInt32()); // 2025's report is unchanged by 2026's reply
    }

    [Fact]
    public async Task The_fee_notice_for_an_applicants_11th_application_in_a_month_is_100_yuan()
    {
        await using var host = await StartAsync(ClockAt(7));
        using var client = host.Client();
        var idNumber = ResidentIds.Random();
        var ids = new List<string>();
        for (var day = 2; day <= 12; day++)
        {
            var body = new
            {
                applicantKind = "natural-person", name = "钱七", idDocumentType = "居民身份证", idDocumentNumber = idNumber, phone = "13700000000",
                informationSought = $"第 {day} 件申请的信息", deliveryForm = "纸质", channel = "registered-post", receivedOn = $"2026-11-{day:D2}",
            };
            ids.Add((await JsonOf(await client.SendAsync(AsOffice(Json(HttpMethod.Post, "/api/applications", body))))).GetProperty("id").GetString()!);
        }

        var tenth = await EventAsync(client, ids[9], new { kind = "fee-notified", on = "2026-11-13" }, HttpStatusCode.Conflict);
        Assert.Contains("第 10 件", tenth.GetProperty("detail").GetString());
        var eleventh = await EventAsync(client, ids[10], new { kind = "fee-notified", on = "2026-11-13" });
        Assert.Equal("paused", eleventh.GetProperty("state").GetString());
        Assert.Equal(100, eleventh.GetProperty("events").EnumerateArray().Last().GetProperty("amountYuan").GetInt32());
    }

    /// <summary>Every log line the host writes, formatted, with its exception.</summary>
    internal sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IReadOnlyCollection<string> Lines => _lines;
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
