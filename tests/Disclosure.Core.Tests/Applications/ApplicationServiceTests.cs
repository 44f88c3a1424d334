using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>
/// The register's rules: what the law lets an event be (Art. 30–33, 36; 109号), refused with a reason otherwise; a
/// repeated event id changes nothing; each recorded event is in the audit trail with its actor.
/// </summary>
public class ApplicationServiceTests
{
    private static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };
    private static readonly Principal Department = new("吴承办", "xmc", new HashSet<string> { Role.Submitter }) { Id = "oid-xmc" };
    private static readonly Principal OtherDepartment = new("郑其他", "bgs", new HashSet<string> { Role.Submitter });

    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApplicationStore _store = new();
    private readonly ApplicationService _service;

    public ApplicationServiceTests()
    {
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        _service = new ApplicationService(_store, new ApplicationLifecycle(_store, _time), new ApplicationClock(calendar),
            new InMemoryIdempotencyStore(), CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
    }

    private static ApplicationDraft Letter(string receivedOn) => new()
    {
        ApplicantKind = "natural-person", Name = "张三", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
        Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
        Channel = "letter", ReceivedOn = receivedOn,
    };

    private async Task<DisclosureApplication> RegisterAsync(string receivedOn = "2026-09-01")
    {
        var result = await _service.RegisterAsync(Office, byOffice: true, Letter(receivedOn), null, CancellationToken.None);
        return Assert.IsType<RegistrationResult.Registered>(result).Application;
    }

    private Task<EventResult> PostAsync(string id, string kind, string on, Principal? by = null, Func<EventRequest, EventRequest>? with = null)
    {
        var request = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = kind, On = DateOnly.Parse(on) };
        return _service.RecordAsync(id, by ?? Office, with?.Invoke(request) ?? request, CancellationToken.None);
    }

    [Fact]
    public async Task A_letter_registered_by_the_office_gets_the_years_next_number_and_its_clock()
    {
        var first = await RegisterAsync("2026-09-01");
        var second = await RegisterAsync("2026-09-10");

        Assert.Equal("依申〔2026〕0001号", first.Number.ToString());
        Assert.Equal("依申〔2026〕0002号", second.Number.ToString());
        Assert.Equal(ApplicationState.Received, second.State);
        Assert.Equal(new DateOnly(2026, 10, 14), _service.Clock.Read(second).DueOn);
        var audit = Assert.Single(await _service.AuditAsync(first.Id, CancellationToken.None));
        Assert.Equal("oid-office", audit.ActorId);
        Assert.DoesNotContain(audit.Details.Values, v => v.Contains("110109199003071234"));
    }

    [Fact]
    public async Task The_public_may_not_register_a_paper_channel_or_choose_its_date_of_receipt()
    {
        var result = await _service.RegisterAsync(ApplicationPrincipals.Public, byOffice: false, Letter("2026-09-01"), null, CancellationToken.None);

        Assert.IsType<RegistrationResult.Forbidden>(result);
    }

    [Fact]
    public async Task An_online_application_is_received_today_and_its_status_token_is_long_and_random()
    {
        var draft = Letter("") with { Channel = null, ReceivedOn = null };
        var a = Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(ApplicationPrincipals.Public, false, draft, null, CancellationToken.None)).Application;
        var b = Assert.IsType<RegistrationResult.Registered>(await _service.RegisterAsync(ApplicationPrincipals.Public, false, draft, null, CancellationToken.None)).Application;

        Assert.Equal(new DateOnly(2026, 11, 20), a.ReceivedOn);
        Assert.Equal(ApplicationChannel.Online, a.Channel);
        Assert.True(a.StatusToken.Length >= 43);
        Assert.NotEqual(a.StatusToken, b.StatusToken);
        Assert.True(ApplicationService.TokenMatches(a, a.StatusToken));
        Assert.False(ApplicationService.TokenMatches(a, b.StatusToken));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_application()
    {
        var first = await _service.RegisterAsync(Office, true, Letter("2026-09-01"), "key-1", CancellationToken.None);
        var again = await _service.RegisterAsync(Office, true, Letter("2026-09-01"), "key-1", CancellationToken.None);

        var a = Assert.IsType<RegistrationResult.Registered>(first);
        var b = Assert.IsType<RegistrationResult.Registered>(again);
        Assert.False(b.IsNew);
        Assert.Equal(a.Application.Id, b.Application.Id);
        Assert.Equal(a.Application.StatusToken, b.Application.StatusToken);
    }

    [Fact]
    public async Task Invalid_fields_are_each_named_in_chinese()
    {
        var result = await _service.RegisterAsync(ApplicationPrincipals.Public, false,
            new ApplicationDraft { ApplicantKind = "x", Name = "张\u0001三", DeliveryForm = "信鸽" }, null, CancellationToken.None);

        var errors = Assert.IsType<RegistrationResult.Invalid>(result).Errors;
        Assert.Contains(errors, e => e.Field == ApplicationFields.ApplicantKind);
        Assert.Contains(errors, e => e.Field == ApplicationFields.Name && e.Message.Contains("控制字符"));
        Assert.Contains(errors, e => e.Field == ApplicationFields.IdDocumentNumber);
        Assert.Contains(errors, e => e.Field == ApplicationFields.InformationSought);
        Assert.Contains(errors, e => e.Field == ApplicationFields.DeliveryForm);
        Assert.Contains(errors, e => e.Field == ApplicationFields.Phone); // no contact at all
    }

    [Fact]
    public async Task An_extension_is_granted_once_before_the_due_date_and_a_second_is_refused()
    {
        var a = await RegisterAsync("2026-09-01");
        EventRequest Extension(EventRequest r) => r with { Days = 20, ApprovedBy = "公开办主任", Reason = "需调取档案" };

        var first = Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "extended", "2026-09-20", with: Extension));
        Assert.Equal(new DateOnly(2026, 11, 2), first.Clock.DueOn);

        var second = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "extended", "2026-09-25", with: Extension));
        Assert.Contains("延期答复只能一次", second.Reason);
        Assert.Equal(new DateOnly(2026, 11, 2), second.Clock.DueOn);
    }

    [Fact]
    public async Task An_extension_after_the_due_date_or_longer_than_20_working_days_is_refused()
    {
        var a = await RegisterAsync("2026-09-01");

        var late = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "extended", "2026-09-30",
            with: r => r with { Days = 10, ApprovedBy = "公开办主任", Reason = "需调取档案" }));
        Assert.Contains("届满", late.Reason);
        var tooLong = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "extended", "2026-09-20",
            with: r => r with { Days = 21, ApprovedBy = "公开办主任", Reason = "需调取档案" }));
        Assert.Contains("1 至 20 个工作日", tooLong.Reason);
    }

    [Fact]
    public async Task Clarification_is_asked_once_within_7_working_days_and_restarts_the_clock()
    {
        var a = await RegisterAsync("2026-09-01");

        var late = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "clarification-requested", "2026-09-11",
            with: r => r with { Reason = "请说明文件名称", RespondBy = new DateOnly(2026, 9, 30) }));
        Assert.Contains("7 个工作日", late.Reason);

        var asked = Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "clarification-requested", "2026-09-07",
            with: r => r with { Reason = "请说明文件名称", RespondBy = new DateOnly(2026, 9, 21) }));
        Assert.Equal(ApplicationState.AwaitingClarification, asked.Application.State);
        Assert.Null(asked.Clock.DueOn);

        var received = Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "clarification-received", "2026-09-10"));
        Assert.Equal(ApplicationState.InProgress, received.Application.State);
        Assert.Equal(new DateOnly(2026, 10, 14), received.Clock.DueOn); // 20 working days from 9/10, not from 9/1 (9/29)
    }

    [Fact]
    public async Task A_reply_needs_a_row_of_table_three_and_a_reason_where_the_row_is_a_refusal()
    {
        var a = await RegisterAsync("2026-09-01");

        var parent = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "replied", "2026-09-15", with: r => r with { Outcome = "三(三)", Reason = "涉密" }));
        Assert.Contains("具体理由", parent.Reason);
        var noReason = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "replied", "2026-09-15", with: r => r with { Outcome = "三(三)1" }));
        Assert.Contains("须写明理由", noReason.Reason);

        var replied = Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "replied", "2026-09-15",
            with: r => r with { Outcome = "三（三）1", Reason = "依据《条例》第十四条，属于国家秘密" }));
        Assert.Equal(ApplicationState.Replied, replied.Application.State);
        Assert.Equal(ApplicationRow.WithheldStateSecret, replied.Application.OutcomeRow);

        var afterwards = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "extended", "2026-09-16",
            with: r => r with { Days = 5, ApprovedBy = "主任", Reason = "x" }));
        Assert.Contains("不允许的状态变更", afterwards.Reason);
    }

    [Fact]
    public async Task A_fee_lapses_only_after_its_20_working_days_and_counts_in_row_six_two()
    {
        var a = await RegisterAsync("2026-09-01");
        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "fee-notified", "2026-09-02", with: r => r with { AmountYuan = 100 }));

        var early = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "fee-lapsed", "2026-09-29"));
        Assert.Contains("缴费期限", early.Reason);
        var wrongPause = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "third-party-replied", "2026-09-29"));
        Assert.Contains("不是因为征求第三方意见", wrongPause.Reason);

        var lapsed = Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "fee-lapsed", "2026-10-16"));
        Assert.Equal(ApplicationState.Lapsed, lapsed.Application.State);
        Assert.Equal(ApplicationRow.OtherFeeUnpaid, lapsed.Application.OutcomeRow);
    }

    [Fact]
    public async Task A_repeated_event_id_changes_nothing_and_events_out_of_order_or_in_the_future_are_refused()
    {
        var a = await RegisterAsync("2026-09-01");
        var request = new EventRequest { Id = "evt-1", Kind = "assigned", On = new DateOnly(2026, 9, 2), Department = "xmc" };

        var first = Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, request, CancellationToken.None));
        var again = Assert.IsType<EventResult.Recorded>(await _service.RecordAsync(a.Id, Office, request, CancellationToken.None));
        Assert.True(first.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal(2, again.Application.Events.Count);
        Assert.Equal(2, (await _service.AuditAsync(a.Id, CancellationToken.None)).Count);

        Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "third-party-consulted", "2026-09-01"));
        Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "third-party-consulted", "2026-11-23"));
    }

    [Fact]
    public async Task Only_the_handling_department_and_the_office_act_and_a_department_sees_only_what_it_handles()
    {
        var a = await RegisterAsync("2026-09-01");
        Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "third-party-consulted", "2026-09-03", by: Department));
        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "assigned", "2026-09-02", with: r => r with { Department = "xmc" }));

        Assert.IsType<EventResult.Recorded>(await PostAsync(a.Id, "third-party-consulted", "2026-09-03", by: Department));
        var refused = Assert.IsType<EventResult.Refused>(await PostAsync(a.Id, "third-party-replied", "2026-09-08", by: OtherDepartment));
        Assert.Contains("承办处室", refused.Reason);

        Assert.Single(await _service.ListAsync(Department, new ApplicationFilter(), CancellationToken.None));
        Assert.Empty(await _service.ListAsync(OtherDepartment, new ApplicationFilter(), CancellationToken.None));
    }

    [Fact]
    public async Task The_register_filters_by_state_department_and_due_date()
    {
        var early = await RegisterAsync("2026-09-01"); // due 9/29
        var late = await RegisterAsync("2026-09-10"); // due 10/14
        await PostAsync(late.Id, "assigned", "2026-09-11", with: r => r with { Department = "xmc" });

        var dueBefore = await _service.ListAsync(Office, new ApplicationFilter(DueBefore: new DateOnly(2026, 10, 1)), CancellationToken.None);
        Assert.Equal([early.Id], dueBefore.Select(a => a.Id));
        var inProgress = await _service.ListAsync(Office, new ApplicationFilter(State: ApplicationState.InProgress, Department: "xmc"), CancellationToken.None);
        Assert.Equal([late.Id], inProgress.Select(a => a.Id));
    }
}

/// <summary>docs/application-lifecycle.md shows people the table the code enforces.</summary>
public partial class ApplicationLifecycleSourceTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\bState\s*=\s*ApplicationState\.|with\s*\{[^}]*\bState\s*=(?!=)")]
    private static partial System.Text.RegularExpressions.Regex SetsAState();

    [Fact]
    public void No_production_code_of_applications_outside_the_lifecycle_sets_an_applications_state()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Disclosure.Functions.sln"))) root = root.Parent;
        var folders = new[] { Path.Combine("functions", "Disclosure.Core", "Applications"), Path.Combine("functions", "Disclosure.Adapters", "Applications"),
            Path.Combine("functions", "Disclosure.Functions", "Applications") };
        var offenders = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root!.FullName, f), "*.cs"))
            .Where(f => !f.EndsWith("ApplicationLifecycle.cs"))
            .Where(f => SetsAState().IsMatch(File.ReadAllText(f)))
            .ToList();

        Assert.Empty(offenders);
    }

    public static string DocumentedTable() => string.Join("\n", ApplicationTransitions.Table.Rows
        .GroupBy(r => (r.Action, To: Nullable.Equals(r.From, r.To) ? "（不变）" : r.To.ToChinese(),
            Roles: string.Join("、", r.Roles.Order(StringComparer.Ordinal).Select(ApplicationTransitions.RoleName))))
        .Select(g => $"| {ApplicationEventKinds.ActionToChinese(g.Key.Action)} (`{g.Key.Action}`) | {string.Join("、", g.Select(r => r.From?.ToChinese() ?? "（新建）"))} | {g.Key.To} | {g.Key.Roles} |"));

    [Fact]
    public void The_documented_transitions_are_the_ones_the_lifecycle_enforces()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Disclosure.Functions.sln"))) root = root.Parent;
        var document = File.ReadAllText(Path.Combine(root!.FullName, "docs", "application-lifecycle.md"));

        Assert.Contains(DocumentedTable(), document.ReplaceLineEndings("\n"));
    }
}
