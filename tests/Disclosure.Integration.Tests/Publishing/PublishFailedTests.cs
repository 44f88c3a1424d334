using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Disclosure.Adapters.Publishing;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Functions.Publishing;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// 发布失败 end to end on the real local host: an approved item whose body blob is gone fails to render on every attempt,
/// its render message ends in the poison queue, the item becomes 发布失败 with one operator alert, no publication
/// publishes it, and after the body is restored a reviewer's 重新发布 gets it published exactly once.
/// </summary>
[Collection(nameof(PublishingCollection))]
public class PublishFailedTests
{
    private static readonly TimeSpan Patience = Eventually.Patience;

    private static HttpClient As(LocalFunctionsHost host, string name, string department, params string[] roles)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        return client;
    }

    private static async Task<DisclosureItem> AwaitingReviewAsync(LocalFunctionsHost host, string title)
    {
        var items = host.Services.GetRequiredService<IItemStore>();
        var content = host.Services.GetRequiredService<IContentStore>();
        var catalogue = host.Services.GetRequiredService<CatalogueSettings>();
        var number = await host.Services.GetRequiredService<IIndexNumberAllocator>().NextAsync(catalogue.Agency.IssuerCode, 2026);
        var id = Guid.NewGuid().ToString("N");
        await content.PutAsync(id, "body-1", new MemoryStream(Encoding.UTF8.GetBytes("各有关单位：现将有关事项通知如下。")), "text/plain; charset=utf-8");
        var now = DateTimeOffset.UtcNow;
        var item = new DisclosureItem
        {
            Id = id, IndexNumber = number, Title = title, ColumnCode = "tzgg", Genre = "通知", Publisher = catalogue.Agency.Name,
            DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 1, 5), BodyId = "body-1", State = ItemState.AwaitingReview,
            SubmittedBy = "张报送", SubmittedAt = now, UpdatedAt = now,
        };
        await items.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = id, EventId = "checked", At = now, Actor = "系统（发布前检查）", Action = AuditAction.Checked, To = ItemState.AwaitingReview,
        }));
        return item;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var value = await Eventually.ReadAsync(read, done, Patience);
        return done(value) ? value : throw new TimeoutException(what);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string? Type, string Body)> PostAsync(HttpClient client, string path, HttpContent? content = null, bool html = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (html) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<bool> OnSiteAsync(string itemId)
        => (await (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer).GetBlobClient($"items/{itemId}.html").ExistsAsync()).Value;

    [Fact]
    public async Task An_item_that_never_renders_ends_publish_failed_with_one_alert_and_is_published_once_after_the_body_is_restored_and_retried()
    {
        var renders = new RenderOutcomes();
        await using var host = await TestHosts.StartAsync(services: renders.AddTo);
        var items = host.Services.GetRequiredService<IItemStore>();
        var audit = host.Services.GetRequiredService<IAuditTrail>();
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var content = host.Services.GetRequiredService<IContentStore>();
        using var reviewer = As(host, "李审核", "bgs", Role.Reviewer);
        using var clerk = As(host, "张报送", "bgs", Role.Submitter);

        // The body blob is lost (a failed restore) between the check and the approval: every render attempt fails alike.
        var item = await AwaitingReviewAsync(host, "关于正文文件丢失后重新发布的通知");
        await content.DeleteAsync(item.Id, "body-1");
        var approval = await PostAsync(reviewer, $"/api/reviews/{item.Id}", Json("{\"decision\":\"approve\",\"version\":1}"));
        Assert.True(approval.Status == HttpStatusCode.OK, approval.Body);

        // maxDequeueCount attempts 200 ms apart, then render-pages-poison, then MarkPublishFailed.
        var failed = await EventuallyAsync(async () => (await items.GetAsync(item.Id))!.Item, i => i.State == ItemState.PublishFailed,
            "the item never became 发布失败");
        Assert.Empty(renders.Of(item.Id)); // no attempt got as far as rendering the page
        var alertId = PublicationFailures.AlertId(item.Id, 1);
        var alerts = await EventuallyAsync(() => outbox.ListAsync(new OutboxFilter { RecipientCode = OperatorAlerts.Recipient, Max = 1000 }),
            list => list.Any(d => d.NotificationId == alertId), "no operator alert");
        var alert = Assert.Single(alerts, d => d.Text.Contains(item.Id));
        Assert.Equal(alertId, alert.NotificationId);
        Assert.Contains("发布失败", alert.Subject);
        Assert.Contains(MarkPublishFailed.PoisonQueue, alert.Text);
        Assert.Contains($"/api/submissions/{item.Id}/retry-publication", alert.Text);
        var trail = await EventuallyAsync(() => audit.ListAsync(item.Id), t => t.Any(a => a.Action == AuditAction.PublishFailed), "no 发布失败 audit entry");
        var entry = Assert.Single(trail, a => a.Action == AuditAction.PublishFailed);
        Assert.Equal((ItemState.ReadyToPublish, ItemState.PublishFailed), (entry.From!.Value, entry.To));
        Assert.Contains(MarkPublishFailed.PoisonQueue, entry.Details["原因"]);

        // The department sees 发布失败 and that the operators know; the reviewer also gets the 重新发布 button, here and in the queue.
        var departmentPage = await PageAsync(clerk, $"/api/submissions/{item.Id}");
        Assert.Contains("发布失败", departmentPage);
        Assert.Contains("运维人员已收到告警", departmentPage);
        Assert.DoesNotContain("retry-publication", departmentPage);
        Assert.Contains($"/api/submissions/{item.Id}/retry-publication", await PageAsync(reviewer, $"/api/submissions/{item.Id}"));
        Assert.Contains($"/api/submissions/{item.Id}/retry-publication", await PageAsync(reviewer, "/api/reviews"));

        // Publications leave it alone.
        var run = await PostAsync(reviewer, "/api/publications");
        Assert.True(run.Status == HttpStatusCode.OK, run.Body);
        Assert.Equal(ItemState.PublishFailed, (await items.GetAsync(item.Id))!.Item.State);
        Assert.False(await OnSiteAsync(item.Id));
        Assert.DoesNotContain(await audit.ListAsync(item.Id), a => a.Action == AuditAction.Published);

        // Only reviewers may retry.
        var refused = await PostAsync(clerk, $"/api/submissions/{item.Id}/retry-publication");
        Assert.Equal((HttpStatusCode.Forbidden, Responses.ProblemJson), (refused.Status, refused.Type));

        // The body is restored; the reviewer retries: 待发布 again, the page renders, and the next publication publishes it.
        await content.PutAsync(item.Id, "body-1", new MemoryStream(Encoding.UTF8.GetBytes("各有关单位：现将有关事项通知如下。")), "text/plain; charset=utf-8");
        // The button on the status page: Post/Redirect/Get lands on the status page with the notice.
        using (var form = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{item.Id}/retry-publication")
        {
            Content = new FormUrlEncodedContent([new("version", "1")]),
        })
        {
            form.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var landed = await reviewer.SendAsync(form);
            Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
            Assert.Equal($"/api/submissions/{item.Id}", landed.RequestMessage!.RequestUri!.AbsolutePath);
            var page = WebUtility.HtmlDecode(await landed.Content.ReadAsStringAsync());
            Assert.Contains(PublicationFailureTexts.Retried, page);
            Assert.Contains("重新发布", page);
        }
        Assert.Equal(ItemState.ReadyToPublish, (await items.GetAsync(item.Id))!.Item.State);
        var again = await PostAsync(reviewer, $"/api/submissions/{item.Id}/retry-publication");
        Assert.Equal((HttpStatusCode.Conflict, Responses.ProblemJson), (again.Status, again.Type));
        Assert.Contains("只有“发布失败”的信息可以重新发布", again.Body);
        Assert.Equal(RenderOutcome.Ready, await renders.WaitAsync(item.Id, 1, Patience));
        Assert.Single(await audit.ListAsync(item.Id), a => a.Action == AuditAction.PublicationRetried);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(reviewer, "/api/publications")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(reviewer, "/api/publications")).Status);

        var published = (await items.GetAsync(item.Id))!.Item;
        Assert.Equal((ItemState.Published, 1), (published.State, published.PublishedVersion));
        Assert.True(await OnSiteAsync(item.Id));
        Assert.Single(await audit.ListAsync(item.Id), a => a.Action == AuditAction.Published);
        var browserRetry = await PostAsync(reviewer, $"/api/submissions/{item.Id}/retry-publication",
            new FormUrlEncodedContent([new("version", "1")]), html: true);
        Assert.Equal((HttpStatusCode.Conflict, "text/html"), (browserRetry.Status, browserRetry.Type));
        Assert.Contains("只有“发布失败”的信息可以重新发布", WebUtility.HtmlDecode(browserRetry.Body));
        // The recovery raised no second alert.
        Assert.Single(await outbox.ListAsync(new OutboxFilter { RecipientCode = OperatorAlerts.Recipient, Max = 1000 }), d => d.Text.Contains(item.Id));
    }

    [Fact]
    public async Task A_retry_with_a_malformed_body_or_an_odd_id_is_a_client_error_never_a_server_error()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var reviewer = As(host, "李审核", "bgs", Role.Reviewer);
        var item = await AwaitingReviewAsync(host, "关于重新发布输入检查的通知");
        var path = $"/api/submissions/{item.Id}/retry-publication";

        foreach (var body in new[] { "{", "[]", "{\"version\":1.5}", "{\"version\":\"eins\"}", "\"x\"" })
        {
            var answer = await PostAsync(reviewer, path, Json(body));
            Assert.True((answer.Status, answer.Type) == (HttpStatusCode.BadRequest, Responses.ProblemJson), $"{body}: {answer.Status} {answer.Body}");
        }
        var broken = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nbroken"));
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(reviewer, path, broken)).Status);
        foreach (var id in new[] { "..%2F..%2Fetc", "a%23b", "%00", new string('a', 2000), "x'%20or%20'1'='1" })
        {
            var answer = await PostAsync(reviewer, $"/api/submissions/{id}/retry-publication");
            // 404, or 400 where the server refuses the path itself (a NUL).
            Assert.True(answer.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{id[..Math.Min(id.Length, 40)]}: {answer.Status} {answer.Body}");
        }
        // 待审核 is not 发布失败.
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(reviewer, path, Json("null"))).Status);
        var items = host.Services.GetRequiredService<IItemStore>();
        Assert.Equal(ItemState.AwaitingReview, (await items.GetAsync(item.Id))!.Item.State);

        // A program's retry of a 发布失败 item: JSON in, the new state out; a version the caller did not see is refused.
        var stored = (await items.GetAsync(item.Id))!;
        await items.UpdateAsync(stored.Item with { State = ItemState.PublishFailed }, stored.ETag, ItemChange.Of(new AuditEntry
        {
            ItemId = item.Id, EventId = "failed", At = DateTimeOffset.UtcNow, Actor = PublicationFailures.SystemActor,
            Action = AuditAction.PublishFailed, From = ItemState.ReadyToPublish, To = ItemState.PublishFailed,
        }));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(reviewer, path, Json("{\"version\":2}"))).Status);
        var retried = await PostAsync(reviewer, path, Json("{\"version\":1}"));
        Assert.True(retried.Status == HttpStatusCode.OK, retried.Body);
        using var doc = JsonDocument.Parse(retried.Body);
        Assert.Equal(("ReadyToPublish", "待发布", $"/api/submissions/{item.Id}"),
            (doc.RootElement.GetProperty("state").GetString(), doc.RootElement.GetProperty("stateName").GetString(), doc.RootElement.GetProperty("status").GetString()));
    }

    [Fact]
    public void The_poison_trigger_listens_where_the_host_moves_failed_render_messages()
        => Assert.Equal(MarkPublishFailed.PoisonQueue, WorkQueues.PoisonOf(WorkQueues.RenderPages));
}
