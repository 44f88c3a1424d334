using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Disclosure.Adapters.Storage;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Integration.Tests.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Disclosure.Integration.Tests.Compliance;

/// <summary>One local host for the class: the flow runs on the host's real queue runner against Azurite.</summary>
public sealed class ComplianceHost : IAsyncLifetime
{
    public LocalFunctionsHost Host { get; private set; } = null!;

    /// <summary>What the host's <c>RenderItem</c> did with each render-pages message.</summary>
    public RenderOutcomes Renders { get; } = new();

    public async Task InitializeAsync() => Host = await TestHosts.StartAsync(services: Renders.AddTo);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Every local host polls the same compliance-checks queue on the shared Azurite, and a host that stops while checking
/// leaves its message invisible for the local host's 10-minute processing lease. So these tests run on their own,
/// after the parallel collections, where no other test's host can take their messages and then stop.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ComplianceFlowCollection
{
    public const string Name = "Compliance flow (own queue consumers)";
}

[Collection(ComplianceFlowCollection.Name)]
public partial class ComplianceFlowTests(ComplianceHost fixture) : IClassFixture<ComplianceHost>
{
    private const string Department = "bgs";
    private static readonly Principal Clerk = new("王科员", Department, new HashSet<string> { Role.Submitter });
    private static readonly TimeSpan Patience = Eventually.Patience;

    private LocalFunctionsHost Host => fixture.Host;
    private IItemStore Items => Host.Services.GetRequiredService<IItemStore>();
    private IAuditTrail Audit => Host.Services.GetRequiredService<IAuditTrail>();
    private IOutbox Outbox => Host.Services.GetRequiredService<IOutbox>();

    private static SubmissionDraft Draft(string title, string body = "现将本年度科技项目申报有关事项通知如下，请各单位认真组织申报。", params UploadedFile[] files) => new()
    {
        Title = title,
        Column = "tzgg",
        Genre = "通知",
        Publisher = "市科学技术局",
        Department = Department,
        FormedOn = ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
        Attribute = "主动公开",
        Scope = "面向社会",
        Term = "长期",
        Summary = "科技项目申报通知。",
        Body = body,
        BodyFormat = "text",
        Attachments = files,
    };

    private async Task<DisclosureItem> SubmitAsync(SubmissionDraft draft)
    {
        var intake = Host.Services.GetRequiredService<IntakeService>();
        var result = await intake.SubmitAsync(Clerk, draft, idempotencyKey: null, CancellationToken.None);
        return Assert.IsType<IntakeResult.Accepted>(result).Item;
    }

    private async Task<DisclosureItem> WaitForStateAsync(string id, ItemState state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var item = (await Items.GetAsync(id))!.Item;
            if (item.State == state) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"item {id} is {item.State}, expected {state}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The render messages for one item, as the publisher handled them: <c>RenderItem</c> consumes render-pages and logs
    /// each message's outcome, so a handled message is the trace of one sent (reading the queue would race with the
    /// host's own consumer). A message delivered twice names the same version once.
    /// </summary>
    private IReadOnlyList<RenderRequest> RenderRequests(string itemId)
        => fixture.Renders.Of(itemId).Select(h => h.Version).Distinct().Select(v => new RenderRequest(itemId, v)).ToList();

    private async Task<IReadOnlyList<OutboxDelivery>> NotificationsAsync(string recipient, string notificationId)
        => (await Outbox.ListAsync(new OutboxFilter { RecipientCode = recipient, Max = 1000 })).Where(d => d.NotificationId == notificationId).ToList();

    /// <summary>Audit entries and queue messages are delivered from the item's outbox just after the commit the state shows.</summary>
    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Eventually.ReadAsync(read, done, Patience);

    /// <summary>The notice is recorded just after the state change commits, so a test that saw the state waits for it.</summary>
    private async Task<IReadOnlyList<OutboxDelivery>> AwaitNotificationsAsync(string recipient, string notificationId)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<OutboxDelivery> found;
        while ((found = await NotificationsAsync(recipient, notificationId)).Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        return found;
    }

    private HttpClient As(string name, string? department, params string[] roles)
    {
        // Redirects are not followed, so a test sees the 303 the browser would get.
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        return client;
    }

    private HttpClient Reviewer() => As("李审核", "bgs", Role.Reviewer);

    private static byte[] Pdf(params string[] lines)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 12, new PdfPoint(50, y), font);
            y -= 20;
        }
        return builder.Build();
    }

    private HttpRequestMessage AsPerson(HttpMethod method, string path, string id, string name, string department, params string[] roles)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        request.Headers.Add(RequestPrincipal.IdHeader, id);
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> DecideAsync(string itemId, int version, string id, string name, params string[] roles)
    {
        using var request = AsPerson(HttpMethod.Post, $"/api/reviews/{itemId}", id, name, "bgs", roles);
        request.Content = JsonContent($"{{\"decision\":\"approve\",\"version\":{version}}}");
        using var response = await Host.Client().SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>
    /// 条例第十七条 end to end through the local host: a clean item waits for a person (the automated check alone never
    /// publishes it), its submitter cannot approve it even holding the reviewer role, and it is published only after
    /// another reviewer signs the chain.
    /// </summary>
    [Fact]
    public async Task A_clean_item_waits_for_a_person_and_is_published_only_after_a_reviewer_other_than_its_submitter_approves()
    {
        // The submitter also holds the reviewer role: the one case where self-approval could otherwise happen.
        using var submit = AsPerson(HttpMethod.Post, "/api/submissions", "oid-wang", "王科员", Department, Role.Submitter, Role.Reviewer);
        var fields = Submissions.Valid("关于开展2026年度科技项目先审后发工作的通知");
        fields["formedOn"] = ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd");
        submit.Content = System.Net.Http.Json.JsonContent.Create(fields);
        using var submitted = await Host.Client().SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;

        var waiting = await WaitForStateAsync(id, ItemState.AwaitingReview);
        var audit = await EventuallyAsync(() => Audit.ListAsync(id), a => a.Count >= 3);
        Assert.Equal([AuditAction.Submitted, AuditAction.CheckStarted, AuditAction.Checked], audit.Select(a => a.Action));
        Assert.Equal(("检查通过", ItemState.AwaitingReview), (audit[^1].Details["检查结论"], audit[^1].To));
        Assert.Equal(("oid-wang", "由报送人王科员在报送时确认已经处室负责人审核"), (audit[0].ActorId, audit[0].Details["处室负责人初审"]));
        Assert.Empty(RenderRequests(id));

        var own = await DecideAsync(id, waiting.Version, "oid-wang", "王科员", Role.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, own.Status);
        Assert.Equal(ComplianceTexts.OwnSubmission, own.Body.GetProperty("detail").GetString());
        Assert.Equal(ItemState.AwaitingReview, (await Items.GetAsync(id))!.Item.State);

        var approved = await DecideAsync(id, waiting.Version, "oid-li", "李审核", Role.Reviewer);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal("ReadyToPublish", approved.Body.GetProperty("state").GetString());
        var render = Assert.Single(await EventuallyAsync(() => Task.FromResult(RenderRequests(id)), r => r.Count > 0));
        Assert.Equal(waiting.Version, render.Version);
        var signed = (await EventuallyAsync(() => Audit.ListAsync(id), a => a.Any(e => e.Action == AuditAction.ReviewApproved)))
            .Single(e => e.Action == AuditAction.ReviewApproved);
        Assert.Equal(("oid-li", "李审核", "公开办复审"), (signed.ActorId, signed.Actor, signed.Details["审核步骤"]));

        var run = await Host.Services.GetRequiredService<PublicationService>().PublishAsync(PublicationTrigger.OnDemand, "李审核", CancellationToken.None);
        Assert.False(run.AlreadyRunning);
        Assert.Equal(ItemState.Published, (await Items.GetAsync(id))!.Item.State);
    }

    /// <summary>条例第十七条: a 行政规范性文件 waits after the disclosure office's step for the leader's, and only a leader signs it.</summary>
    [Fact]
    public async Task A_normative_document_needs_the_disclosure_office_and_then_a_leader_and_the_queue_shows_the_step_it_waits_for()
    {
        var draft = Draft("关于印发《市科技计划项目验收管理办法》的通知") with { Column = "zcfg", Genre = "行政规范性文件", DocumentNumber = "市科发〔2026〕31号" };
        var item = await SubmitAsync(draft);
        var waiting = await WaitForStateAsync(item.Id, ItemState.AwaitingReview);

        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(item.Id, waiting.Version, "oid-chen", "陈局长", Role.Leader)).Status);
        var first = await DecideAsync(item.Id, waiting.Version, "oid-li", "李审核", Role.Reviewer);
        Assert.Equal(("AwaitingReview", "分管领导终审"), (first.Body.GetProperty("state").GetString(), first.Body.GetProperty("pendingStep").GetString()));

        // The queue comes a page at a time and other tests' items wait in it too: this test's item is asked for by its title.
        var ownItem = "/api/reviews?title=" + Uri.EscapeDataString(draft.Title!);
        using (var queue = AsPerson(HttpMethod.Get, ownItem, "oid-chen", "陈局长", "bgs", Role.Leader))
        {
            queue.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var answer = await Host.Client().SendAsync(queue);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            var entry = doc.RootElement.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == item.Id);
            Assert.Equal("分管领导终审", entry.GetProperty("pendingStep").GetString());
            Assert.Equal(["处室负责人初审", "公开办复审", "分管领导终审"], entry.GetProperty("chain").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
            Assert.Equal("李审核", entry.GetProperty("chain")[1].GetProperty("signedBy").GetString());
        }
        using (var page = AsPerson(HttpMethod.Get, ownItem, "oid-chen", "陈局长", "bgs", Role.Leader))
        {
            page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var answer = await Host.Client().SendAsync(page);
            var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.Contains("<a href=\"/api/reviews\">审核队列</a>", html);
            Assert.Contains("公开办复审（李审核，已签署） → 分管领导终审（待签署：分管领导）", html);
            Assert.Contains("签署“分管领导终审”：同意", html);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(item.Id, waiting.Version, "oid-zhou", "周审核", Role.Reviewer)).Status);
        var last = await DecideAsync(item.Id, waiting.Version, "oid-chen", "陈局长", Role.Leader);
        Assert.Equal("ReadyToPublish", last.Body.GetProperty("state").GetString());
        Assert.Single(await EventuallyAsync(() => Task.FromResult(RenderRequests(item.Id)), r => r.Count > 0));
    }

    [Fact]
    public async Task An_attached_pdf_with_a_valid_resident_id_returns_the_item_and_the_department_is_told_why()
    {
        var pdf = Pdf("Applicant: Zhang San", "ID number 11010519491231002X", "Address: Room 301");
        var item = await SubmitAsync(Draft("关于公布科技项目申报人员名单的通知", files: new UploadedFile("名单.pdf", pdf)));

        var returned = await WaitForStateAsync(item.Id, ItemState.Returned);

        Assert.Empty(RenderRequests(item.Id));
        var notice = Assert.Single(await AwaitNotificationsAsync(Department, ComplianceNotices.ReturnedAfterCheckId(returned)));
        Assert.Contains("已退回", notice.Subject);
        Assert.Contains("附件：名单.pdf", notice.Text);
        Assert.Contains("1101**********002X", notice.Text);
        Assert.Contains("居民身份证", notice.Text);
        Assert.DoesNotContain("11010519491231002X", notice.Text + notice.Html + notice.Markdown);
        Assert.Equal("办公室", notice.RecipientName);

        // The department's status page shows the same reason, masked.
        var status = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{item.Id}");
        status.Headers.Add(RequestPrincipal.Header, RequestPrincipal.Encode("王科员", Department, Role.Submitter));
        status.Headers.Accept.ParseAdd("text/html");
        var page = await (await Host.Client().SendAsync(status)).Content.ReadAsStringAsync();
        Assert.Contains("已退回", page);
        Assert.Contains("1101**********002X", page);
        Assert.Contains("附件：名单.pdf", page);
        Assert.DoesNotContain("11010519491231002X", page);
    }

    [Fact]
    public async Task A_reviewer_sees_the_finding_in_context_and_approves_the_item_through_the_html_queue()
    {
        var item = await SubmitAsync(Draft("关于科技项目咨询电话的通知", "项目咨询请联系张老师，联系电话13800138000，工作日办公时间。"));
        await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        using var reviewer = Reviewer();

        // The queue comes a page at a time and other tests' items wait in it too: this test's item is asked for by its title.
        var ownItem = "/api/reviews?title=" + Uri.EscapeDataString("关于科技项目咨询电话的通知");
        using var page = new HttpRequestMessage(HttpMethod.Get, ownItem);
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await reviewer.SendAsync(page);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()); // the renderer writes Chinese as character references
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("关于科技项目咨询电话的通知", html);
        Assert.Contains("联系张老师，联系电话<mark>138****8000</mark>，工作日办公时间", html);
        Assert.DoesNotContain("13800138000", html);
        Assert.Contains($"action=\"/api/reviews/{item.Id}\"", html);

        using var json = new HttpRequestMessage(HttpMethod.Get, ownItem);
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var doc = JsonDocument.Parse(await (await reviewer.SendAsync(json)).Content.ReadAsStringAsync());
        var entry = doc.RootElement.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == item.Id);
        var finding = Assert.Single(entry.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != "Info");
        Assert.Equal(RuleIds.Mobile, finding.GetProperty("ruleId").GetString());
        Assert.Equal("138****8000", finding.GetProperty("maskedExcerpt").GetString());

        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["version"] = "1", ["reason"] = "办公电话可公开" });
        var decided = await reviewer.PostAsync($"/api/reviews/{item.Id}", form);

        Assert.Equal(HttpStatusCode.SeeOther, decided.StatusCode);
        Assert.Equal("/api/reviews?decided=approve", decided.Headers.Location?.ToString());
        Assert.Equal(ItemState.ReadyToPublish, (await Items.GetAsync(item.Id))!.Item.State);
        Assert.Single(await EventuallyAsync(() => Task.FromResult(RenderRequests(item.Id)), r => r.Count > 0));
        var record = (await Audit.ListAsync(item.Id)).Single(a => a.Action == AuditAction.ReviewApproved);
        Assert.Equal("李审核", record.Actor);
        Assert.Equal("关于科技项目咨询电话的通知", record.Details["名称"]);
        Assert.Equal("主动公开：在政府网站“通知公告”栏目发布", record.Details["拟公开方式"]);
        Assert.Equal("面向社会", record.Details["公开范围"]);
        Assert.Equal("同意公开", record.Details["审查结论"]);
        Assert.Equal("李审核", record.Details["审查人"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", record.Details["审查时间"]);
        Assert.False(record.Details.ContainsKey("不予公开理由"));
    }

    [Fact]
    public async Task A_reviewer_rejects_with_a_reason_and_the_department_is_told_it()
    {
        var item = await SubmitAsync(Draft("关于科技特派员联系方式的通知", "科技特派员李四，手机13912345678。"));
        await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        using var reviewer = Reviewer();

        var response = await reviewer.PostAsync($"/api/reviews/{item.Id}",
            JsonContent("{\"decision\":\"reject\",\"reason\":\"含个人手机号码，应删除后再公开\",\"version\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ItemState.Returned, (await Items.GetAsync(item.Id))!.Item.State);
        var record = (await Audit.ListAsync(item.Id)).Single(a => a.Action == AuditAction.ReviewRejected);
        Assert.Equal("不予公开", record.Details["审查结论"]);
        Assert.Equal("含个人手机号码，应删除后再公开", record.Details["不予公开理由"]);
        var notice = Assert.Single(await AwaitNotificationsAsync(Department, ComplianceNotices.RejectedByReviewerId(item)));
        Assert.Contains("含个人手机号码，应删除后再公开", notice.Text);
        Assert.DoesNotContain("13912345678", notice.Text);
        Assert.Empty(RenderRequests(item.Id));
    }

    [Fact]
    public async Task A_redelivered_check_message_adds_no_audit_entry_and_no_notification()
    {
        var pdf = Pdf("ID 11010519491231002X");
        var item = await SubmitAsync(Draft("关于重复投递测试的通知", files: new UploadedFile("证明.pdf", pdf)));
        var returned = await WaitForStateAsync(item.Id, ItemState.Returned);
        Assert.Single(await AwaitNotificationsAsync(Department, ComplianceNotices.ReturnedAfterCheckId(returned)));
        var auditBefore = await Audit.ListAsync(item.Id);
        var noticesBefore = await Outbox.ListAsync(new OutboxFilter { RecipientCode = Department, Max = 1000 });

        // The queue delivers the same message again (at-least-once), and a direct call does the same synchronously.
        await Host.Services.GetRequiredService<IWorkQueue>().EnqueueAsync(WorkQueues.ComplianceChecks, new CheckRequest(item.Id, item.Version).ToJson());
        var outcome = await Host.Services.GetRequiredService<ComplianceReview>().CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);
        await Task.Delay(1500);

        Assert.Equal(CheckResult.Ignored, outcome.Result);
        Assert.Equal(auditBefore.Select(a => a.EventId), (await Audit.ListAsync(item.Id)).Select(a => a.EventId));
        Assert.Equal(noticesBefore.Count, (await Outbox.ListAsync(new OutboxFilter { RecipientCode = Department, Max = 1000 })).Count);
        Assert.Single(await NotificationsAsync(Department, ComplianceNotices.ReturnedAfterCheckId(returned)));
        Assert.Equal(ItemState.Returned, (await Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task A_check_that_always_fails_ends_in_poison_and_the_item_shows_check_failed_with_an_operator_alert()
    {
        // The body blob is gone (deleted by hand, a failed restore): every attempt fails the same way.
        var id = IntakeService.NewId();
        var now = DateTimeOffset.UtcNow;
        var item = new DisclosureItem
        {
            Id = id,
            IndexNumber = new IndexNumber("113301000024820810", now.Year, 90_000 + Random.Shared.Next(9_999)),
            Title = "关于正文缺失的通知",
            ColumnCode = "tzgg",
            Genre = "通知",
            Publisher = "市科学技术局",
            DepartmentCode = Department,
            FormedOn = ChinaTime.Today(TimeProvider.System),
            BodyId = "body-missing",
            SubmittedBy = Clerk.Name,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        var audit = new AuditEntry { ItemId = id, EventId = IntakeService.NewId(), At = now, Actor = Clerk.Name, Action = AuditAction.Submitted, To = ItemState.Submitted };
        await Items.CreateAsync(item, ItemChange.Of(audit, new CheckRequest(id, 1).ToMessage()));
        await Items.DeliverPendingAsync(id);

        await WaitForStateAsync(id, ItemState.CheckFailed);

        var alert = Assert.Single(await AwaitNotificationsAsync(ComplianceNotices.OperatorsRecipient, ComplianceNotices.CheckFailedId(id, 1)));
        var trail = await Audit.ListAsync(id);
        var failed = Assert.Single(trail, a => a.Action == AuditAction.CheckFailed);
        Assert.Equal(ItemState.Checking, failed.From);
        Assert.Contains("检查失败", alert.Subject);
        Assert.Contains(id, alert.Text);
        Assert.Contains("compliance-checks-poison", alert.Text);
    }

    [Fact]
    public async Task Preflight_returns_findings_for_text_and_for_an_uploaded_file_and_stores_nothing()
    {
        var blobsBefore = await CountContentAsync();
        using var clerk = As("王科员", Department, Role.Submitter);

        var text = await clerk.PostAsync("/api/checks", JsonContent("{\"text\":\"如有疑问请联系13800138000。\"}"));
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        using (var doc = JsonDocument.Parse(await text.Content.ReadAsStringAsync()))
        {
            var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(RuleIds.Mobile, finding.GetProperty("ruleId").GetString());
            Assert.Equal("138****8000", finding.GetProperty("maskedExcerpt").GetString());
            Assert.Equal("NeedsReview", doc.RootElement.GetProperty("decision").GetString());
        }

        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf("ID 11010519491231002X"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        upload.Add(file, "file", "草稿.pdf");
        var uploaded = await clerk.PostAsync("/api/checks", upload);
        var body = await uploaded.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        using (var doc = JsonDocument.Parse(body))
        {
            Assert.Equal("Returned", doc.RootElement.GetProperty("decision").GetString());
            Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == RuleIds.ResidentId
                && f.GetProperty("source").GetString() == "附件：草稿.pdf");
        }
        Assert.DoesNotContain("11010519491231002X", body);

        Assert.Equal(blobsBefore, await CountContentAsync());
    }

    [Fact]
    public async Task A_zip_bomb_docx_sends_the_item_to_a_reviewer_with_a_finding_that_names_the_budget_not_to_check_failed()
    {
        // 0.75 MB on the wire, 256 MiB of document.xml: before the budgets this ran the host out of memory, five times.
        var docx = HostileDocuments.ZipBombDocx();
        var item = await SubmitAsync(Draft("关于公布科技项目评审结果的通知", files: new UploadedFile("评审结果.docx", docx)));

        var waiting = await WaitForStateAsync(item.Id, ItemState.AwaitingReview);

        var record = await Host.Services.GetRequiredService<IComplianceRecords>().GetAsync(item.Id, waiting.Version, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(ReviewDecision.NeedsReview, record.Decision);
        var finding = Assert.Single(record.Findings, f => f.Finding.RuleId == RuleIds.ExtractionFailed).Finding;
        Assert.Equal("附件：评审结果.docx", finding.Source);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Contains("附件过大或结构异常，无法自动检查", finding.Message);
        Assert.Contains("word/document.xml", finding.Message);
        var audit = await EventuallyAsync(() => Audit.ListAsync(item.Id), a => a.Count >= 3);
        Assert.DoesNotContain(audit, a => a.Action == AuditAction.CheckFailed);
    }

    [Fact]
    public async Task Preflight_of_a_zip_bomb_docx_answers_with_the_budget_finding()
    {
        using var clerk = As("王科员", Department, Role.Submitter);
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(HostileDocuments.ZipBombDocx());
        file.Headers.ContentType = new MediaTypeHeaderValue(HostileDocuments.DocxContentType);
        upload.Add(file, "file", "草稿.docx");

        var response = await clerk.PostAsync("/api/checks", upload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NeedsReview", doc.RootElement.GetProperty("decision").GetString());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == RuleIds.ExtractionFailed
            && f.GetProperty("message").GetString()!.Contains("附件过大或结构异常，无法自动检查", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preflight_needs_a_signed_in_caller_and_something_to_check()
    {
        using var clerk = As("王科员", Department, Role.Submitter);
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.PostAsync("/api/checks", JsonContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task A_department_user_who_is_not_a_reviewer_gets_403_on_the_review_endpoints()
    {
        var item = await SubmitAsync(Draft("关于审核权限测试的通知", "咨询电话13700137000。"));
        await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        using var clerk = As("王科员", Department, Role.Submitter);

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/reviews")).StatusCode);
        var post = await clerk.PostAsync($"/api/reviews/{item.Id}", JsonContent("{\"decision\":\"approve\",\"version\":1}"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(ItemState.AwaitingReview, (await Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task A_decision_needs_the_version_it_was_about_and_an_old_version_gets_409_with_the_item_as_it_is()
    {
        var item = await SubmitAsync(Draft("关于审核版本测试的通知", "咨询电话13600136000。"));
        await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        using var reviewer = Reviewer();

        var missing = await reviewer.PostAsync($"/api/reviews/{item.Id}", JsonContent("{\"decision\":\"approve\"}"));
        var missingForm = await reviewer.PostAsync($"/api/reviews/{item.Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" }));
        var stale = await reviewer.PostAsync($"/api/reviews/{item.Id}", JsonContent("{\"decision\":\"approve\",\"version\":2}"));

        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missingForm.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var problem = JsonDocument.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Equal(1, problem.RootElement.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(nameof(ItemState.AwaitingReview), problem.RootElement.GetProperty("current").GetProperty("state").GetString());
        Assert.Equal(ItemState.AwaitingReview, (await Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task Findings_are_kept_apart_from_content_so_the_orphan_sweep_leaves_them_alone()
    {
        var item = await SubmitAsync(Draft("关于孤儿清理测试的通知", "联系电话13600136000。"));
        await WaitForStateAsync(item.Id, ItemState.AwaitingReview);
        var records = Host.Services.GetRequiredService<IComplianceRecords>();

        // An hour later the sweep runs: bodies and attachments of stored versions stay, and so do the findings. It sees
        // only this item's content: on the shared store a clock an hour ahead would take the content of submissions other
        // tests are making at this moment (written before their item row) for orphans.
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow + OrphanContentSweep.Grace + TimeSpan.FromMinutes(5));
        await new OrphanContentSweep(Items, new OneItemsContent(Host.Services.GetRequiredService<IContentStore>(), item.Id), later).RunAsync(CancellationToken.None);
        Assert.NotNull(await Host.Services.GetRequiredService<IContentStore>().OpenAsync(item.Id, item.BodyId!));

        var record = await records.GetAsync(item.Id, item.Version, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Contains(record.Findings, f => f.Finding.RuleId == RuleIds.Mobile && f.Finding.MaskedExcerpt == "136****6000");
        Assert.Null(await records.GetAsync(item.Id, item.Version + 1, CancellationToken.None));
    }

    [Fact]
    public void The_poison_trigger_listens_where_the_host_moves_failed_check_messages()
        => Assert.Equal(Functions.Compliance.MarkCheckFailed.PoisonQueue, WorkQueues.PoisonOf(WorkQueues.ComplianceChecks));

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<int> CountContentAsync()
    {
        var container = (await TestStorage.BlobsAsync()).GetBlobContainerClient(StorageNames.ContentContainer);
        if (!await container.ExistsAsync()) return 0;
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync()) count++;
        return count;
    }
}

/// <summary>The content store as far as one item goes (what the orphan sweep lists).</summary>
internal sealed class OneItemsContent(IContentStore inner, string itemId) : IContentStore
{
    public Task PutAsync(string id, string contentId, Stream content, string contentType, CancellationToken ct = default)
        => inner.PutAsync(id, contentId, content, contentType, ct);

    public Task<Stream> OpenAsync(string id, string contentId, CancellationToken ct = default) => inner.OpenAsync(id, contentId, ct);

    public Task DeleteAsync(string id, string contentId, CancellationToken ct = default) => inner.DeleteAsync(id, contentId, ct);

    public async IAsyncEnumerable<StoredContent> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var stored in inner.ListAsync(ct))
            if (stored.ItemId == itemId) yield return stored;
    }
}
