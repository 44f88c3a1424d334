using System.Net;
using System.Net.Http.Json;
using System.Text;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Intake;

/// <summary>What a person is told when they ask to withdraw, send a malformed body or come back to a refused review.</summary>
public class NewcomerMessagesTests
{
    private static readonly string Submitter = RequestPrincipal.Encode("张报送", "bgs", Role.Submitter);
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    private static async Task<DisclosureItem> CreatePublishedAsync(LocalFunctionsHost host)
    {
        var items = host.Services.GetRequiredService<IItemStore>();
        var catalogue = host.Services.GetRequiredService<CatalogueSettings>();
        var number = await host.Services.GetRequiredService<IIndexNumberAllocator>().NextAsync(catalogue.Agency.IssuerCode, 2026);
        var now = DateTimeOffset.UtcNow;
        var item = new DisclosureItem
        {
            Id = Guid.NewGuid().ToString("N"), IndexNumber = number, Title = "关于调整科技创新券申领时间的通知", ColumnCode = "tzgg", Genre = "通知",
            Publisher = catalogue.Agency.Name, DepartmentCode = "bgs", FormedOn = new DateOnly(2026, 1, 5), Attribute = DisclosureAttribute.Proactive,
            State = ItemState.Published, PublishedOn = new DateOnly(2026, 1, 6), SubmittedBy = "张报送", SubmittedAt = now, UpdatedAt = now,
        };
        await items.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = item.Id, EventId = "published", At = now, Actor = "系统", Action = AuditAction.Published, To = ItemState.Published,
        }));
        return item;
    }

    private static HttpRequestMessage WithdrawalForm(string id, string reason)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{id}/withdrawal")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = reason }),
        };
        request.Headers.Add(RequestPrincipal.Header, Submitter);
        request.Headers.Add("Accept", "text/html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return request;
    }

    [Fact]
    public async Task A_withdrawal_request_lands_on_a_notice_about_the_withdrawal_not_about_a_new_submission()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var item = await CreatePublishedAsync(host);

        using var answer = await client.SendAsync(WithdrawalForm(item.Id, "通知内容已过期"));
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        var location = answer.Headers.Location!.ToString();
        Assert.Contains("notice=withdrawal", location);

        using var status = new HttpRequestMessage(HttpMethod.Get, location);
        status.Headers.Add(RequestPrincipal.Header, Submitter);
        status.Headers.Add("Accept", "text/html");
        using var page = await client.SendAsync(status);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("撤回申请已提交", html);
        Assert.Contains("通知内容已过期", html);
        Assert.DoesNotContain("系统正在进行保密审查", html);
    }

    [Fact]
    public async Task A_second_withdrawal_request_while_one_is_pending_is_refused_and_the_first_reason_stands()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var item = await CreatePublishedAsync(host);

        async Task<HttpResponseMessage> Ask(string reason)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{item.Id}/withdrawal") { Content = JsonContent.Create(new { reason }) };
            request.Headers.Add(RequestPrincipal.Header, Submitter);
            return await client.SendAsync(request);
        }

        using var first = await Ask("正文误含联系人手机号码");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var second = await Ask("另一个理由");
        var problem = await second.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Contains("正文误含联系人手机号码", problem);

        var stored = (await host.Services.GetRequiredService<IItemStore>().GetAsync(item.Id))!.Item;
        Assert.Equal("正文误含联系人手机号码", stored.WithdrawalReason);
        var requests = (await host.Services.GetRequiredService<IAuditTrail>().ListAsync(item.Id)).Count(e => e.Action == AuditAction.WithdrawalRequested);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData("/api/submissions", "{\"title\": \"关于")]
    [InlineData("/api/submissions", "{\"title\": 12,}")]
    [InlineData("/api/submissions/0123456789abcdef0123456789abcdef/withdrawal", "{\"reason\": ")]
    public async Task Malformed_json_is_told_in_chinese_without_the_parsers_english(string path, string body)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(RequestPrincipal.Header, Submitter);

        using var answer = await client.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("请求体不是有效的 JSON", text);
        Assert.Matches(@"第 \d+ 行第 \d+ 个字节", text);
        foreach (var english in new[] { "invalid", "Expected", "LineNumber", "BytePositionInLine", "end of data", "after a property" })
            Assert.DoesNotContain(english, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_address_a_refused_review_leaves_in_the_browser_opens_the_review_queue_at_that_item()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var item = await CreatePublishedAsync(host);

        // The queue's form posts to /api/reviews/{id}; a refusal (here: no version) is shown at that address.
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/{item.Id}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" }),
        };
        post.Headers.Add(RequestPrincipal.Header, Reviewer);
        post.Headers.Add("Accept", "text/html");
        post.Headers.Add("Sec-Fetch-Site", "same-origin");
        using (var refused = await client.SendAsync(post)) Assert.False(refused.IsSuccessStatusCode);

        using var reload = new HttpRequestMessage(HttpMethod.Get, $"/api/reviews/{item.Id}");
        reload.Headers.Add(RequestPrincipal.Header, Reviewer);
        reload.Headers.Add("Accept", "text/html");
        using var answer = await client.SendAsync(reload);
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        // The queue comes a page at a time, ranked by findings: the page that starts with the item, at the item.
        Assert.Equal($"/api/reviews?at={item.Id}#item-{item.Id}", answer.Headers.Location!.ToString());
    }
}
