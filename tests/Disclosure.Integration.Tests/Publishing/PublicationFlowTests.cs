using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Disclosure.Adapters.Publishing;
using Disclosure.Audit;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// Every test here publishes the one shared <c>$web</c>; the collection runs them one at a time and after the parallel
/// tests, so "nothing new" really means nothing new.
/// </summary>
[CollectionDefinition(nameof(PublishingCollection), DisableParallelization = true)]
public sealed class PublishingCollection;

[Collection(nameof(PublishingCollection))]
public class PublicationFlowTests
{
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);
    private static readonly string Submitter = RequestPrincipal.Encode("张报送", "bgs", Role.Submitter);

    internal static async Task<DisclosureItem> CreateReadyAsync(LocalFunctionsHost host, string title, string column = "tzgg",
        DisclosureAttribute attribute = DisclosureAttribute.Proactive, string body = "正文", (string Name, byte[] Bytes)? file = null, string genre = "通知",
        DateOnly? formedOn = null)
    {
        var items = host.Services.GetRequiredService<IItemStore>();
        var content = host.Services.GetRequiredService<IContentStore>();
        var catalogue = host.Services.GetRequiredService<CatalogueSettings>();
        var number = await host.Services.GetRequiredService<IIndexNumberAllocator>().NextAsync(catalogue.Agency.IssuerCode, 2026);
        var id = Guid.NewGuid().ToString("N");
        await content.PutAsync(id, "body-1", new MemoryStream(Encoding.UTF8.GetBytes(body)), "text/plain; charset=utf-8");
        var attachments = new List<Attachment>();
        if (file is { } f)
        {
            await content.PutAsync(id, "att-" + id, new MemoryStream(f.Bytes), "application/pdf");
            attachments.Add(new Attachment("att-" + id, f.Name, "application/pdf", f.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(f.Bytes))));
        }
        var now = DateTimeOffset.UtcNow;
        var item = new DisclosureItem
        {
            Id = id, IndexNumber = number, Title = title, ColumnCode = column, Genre = genre, Publisher = catalogue.Agency.Name,
            DepartmentCode = "bgs", FormedOn = formedOn ?? new DateOnly(2026, 1, 5), Attribute = attribute, BodyId = "body-1",
            Attachments = attachments, State = ItemState.ReadyToPublish, SubmittedBy = "张报送", SubmittedAt = now, UpdatedAt = now,
        };
        await items.CreateAsync(item, ItemChange.Of(new AuditEntry
        {
            ItemId = id, EventId = "approved", At = now, Actor = "李审核", Action = AuditAction.ReviewApproved, To = ItemState.ReadyToPublish,
        }));
        return item;
    }

    private static async Task<JsonElement> PublishAsync(HttpClient client, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        request.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A 目录 as a visitor reads it: its index at the old address, then every page the index links (issue 19).</summary>
    internal static async Task<string> CatalogueAsync(HttpClient client, string indexPath)
    {
        var index = await PageAsync(client, indexPath);
        var pages = new StringBuilder(index);
        foreach (var href in System.Text.RegularExpressions.Regex.Matches(index, "href=\"(/catalogue/[^\"/]+/p/[0-9]+\\.html)\"").Select(m => m.Groups[1].Value).Distinct())
            pages.Append(await PageAsync(client, href));
        return pages.ToString();
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(string query)
    {
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
        var results = await new SearchIndexReader(new BlobSiteFiles(site)).SearchAsync(query);
        return results.Hits.Select(h => h.Meta.Url).ToList();
    }

    /// <summary>
    /// The URLs the query service the search page asks first (<c>GET /api/search</c>) answers, once it shows
    /// <paramref name="url"/> as <paramref name="expectFound"/> says (it reads the manifest again every few seconds).
    /// </summary>
    private static Task<IReadOnlyList<string>> ServiceSearchAsync(HttpClient client, string query, string url, bool expectFound) =>
        Eventually.ReadAsync<IReadOnlyList<string>>(async () =>
        {
            using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Disclosure.Functions.Publishing.SearchPortal.CacheControl, response.Headers.CacheControl?.ToString());
            using var answer = JsonDocument.Parse(text);
            return [.. answer.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("url").GetString()!)];
        }, urls => urls.Contains(url) == expectFound, TimeSpan.FromSeconds(20));

    private static async Task<Dictionary<string, string>> SiteBlobsAsync()
    {
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in site.GetBlobsAsync()) blobs[blob.Name] = blob.Properties.ETag.ToString()!;
        return blobs;
    }

    /// <summary>Waits until the check has put the item in the reviewers' queue; its version, as the decision must name it.</summary>
    private static async Task<int> WaitForReviewAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            // The queue comes a page at a time, other tests' items in it too: every page is looked at.
            for (string? url = "/api/reviews"; url is not null;)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add(RequestPrincipal.Header, Reviewer);
                using var response = await client.SendAsync(request);
                using var queue = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                foreach (var entry in queue.RootElement.GetProperty("items").EnumerateArray())
                    if (entry.GetProperty("id").GetString() == id) return entry.GetProperty("version").GetInt32();
                url = response.Headers.TryGetValues("Link", out var links) ? Workbench.SubmissionListFilterTests.NextOf(links.Single()) : null;
            }
            Assert.True(DateTime.UtcNow < deadline, "the withdrawal request never reached the reviewers' queue");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_portals_search_page_in_chromium_finds_a_published_item_through_the_query_service_with_no_index_file()
    {
        if (!File.Exists(NarrowScreen.ChromiumPath)) throw new InvalidOperationException($"缺少 {NarrowScreen.ChromiumPath}：请安装 Debian 软件包 chromium");
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var tag = "gs" + Random.Shared.Next(100_000, 999_999);
        var item = await CreateReadyAsync(host, $"关于白鹭湖观测站{tag}开放日的通知", body: "观测站开放日安排如下。");
        await PublishAsync(client);
        var itemUrl = $"/items/{item.Id}.html";
        await ServiceSearchAsync(client, tag, itemUrl, expectFound: true);

        // The page the local host serves, with the headers its edge adds (as Front Door does): the real search.js asks
        // the service on the same origin and reads no file of the static index.
        var harness = Path.Combine("tests", "Disclosure.Portal.Tests", "Search", "search-harness.js");
        var page = JsonDocument.Parse(await NodeScript.RunAsync(harness, ["browser", host.BaseAddress.ToString(), tag], TimeSpan.FromMinutes(2))).RootElement;

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Equal("找到 1 条结果", page.GetProperty("status").GetString());
        Assert.Equal([itemUrl], page.GetProperty("hrefs").EnumerateArray().Select(e => e.GetString()));
        var requests = page.GetProperty("requests").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Single(requests, r => r.StartsWith("/api/search?q=", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.StartsWith("/search/", StringComparison.Ordinal) && !r.StartsWith("/search/index.html", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_approved_item_appears_everywhere_after_publication_and_a_withdrawn_one_disappears_from_everything()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        // 科技成果: a column no other test publishes into, so the home page's six newest and the column's feed show this item.
        var item = await CreateReadyAsync(host, "关于征集重大科技攻关需求的公告", column: "kjcg", genre: "公告",
            body: "各有关单位：现征集本市重大科技攻关需求。", file: ("征集表.pdf", pdf));
        var itemUrl = $"/items/{item.Id}.html";
        // The store noted the item as it became 待发布 (issue 19), so a run for a change reads it by id.
        var inbox = host.Services.GetRequiredService<IPublicationInbox>();
        Assert.Contains((await inbox.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);

        var run = await PublishAsync(client);

        Assert.True(run.GetProperty("itemsPublished").GetInt32() >= 1);
        Assert.True(run.GetProperty("blobsWritten").GetInt32() > 0);
        var stored = (await host.Services.GetRequiredService<IItemStore>().GetAsync(item.Id))!.Item;
        Assert.Equal(ItemState.Published, stored.State);
        Assert.NotNull(stored.PublishedOn);
        Assert.Contains(await host.Services.GetRequiredService<IAuditTrail>().ListAsync(item.Id), e => e.Action == AuditAction.Published);
        Assert.DoesNotContain((await inbox.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id); // handled by the run

        Assert.Contains("关于征集重大科技攻关需求的公告", await PageAsync(client, itemUrl));
        Assert.Contains(itemUrl, await PageAsync(client, "/columns/kjcg/"));
        Assert.Contains(itemUrl, await CatalogueAsync(client, "/catalogue/kjcg/"));
        Assert.Contains(itemUrl, await PageAsync(client, "/"));
        Assert.Contains(itemUrl, await PageAsync(client, "/feeds/kjcg.xml"));
        Assert.Contains(itemUrl, await SearchAsync("攻关需求"));
        Assert.Contains(itemUrl, await SearchAsync("需求的公")); // any substring of the title
        Assert.Contains(itemUrl, await ServiceSearchAsync(client, "需求的公", itemUrl, expectFound: true));
        using (var refused = await client.GetAsync("/api/search?q=" + new string('科', 101)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(Responses.ProblemJson, refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("检索词过长", await refused.Content.ReadAsStringAsync());
        }
        using (var download = await client.GetAsync($"/files/att-{item.Id}/{Uri.EscapeDataString("征集表.pdf")}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("征集表.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        }

        // The department asks to withdraw it, the request is checked and a reviewer approves it: the page comes down
        // when the render queue handles the approval, without waiting for a publication run.
        using (var withdraw = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{item.Id}/withdrawal")
               { Content = JsonContent.Create(new { reason = "正文误含联系人手机号码" }) })
        {
            withdraw.Headers.Add(RequestPrincipal.Header, Submitter);
            using var answer = await client.SendAsync(withdraw);
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
        var version = await WaitForReviewAsync(client, item.Id);
        using (var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/{item.Id}")
               { Content = JsonContent.Create(new { decision = "approve", version }) })
        {
            approve.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var answer = await client.SendAsync(approve);
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
        // The manifest is written last: once it records the withdrawal, the run that applied it is complete.
        var site = host.Services.GetRequiredService<ISiteStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await site.ReadManifestAsync(default))?.Items.GetValueOrDefault(item.Id) is not { Withdrawn: true })
        {
            Assert.True(DateTime.UtcNow < deadline, "the approved withdrawal was not published within a minute");
            await Task.Delay(200);
        }
        Assert.Contains(await host.Services.GetRequiredService<IAuditTrail>().ListAsync(item.Id), e => e.To == ItemState.Withdrawn);
        // The withdrawal was noted too; the run removes the note just after its manifest.
        await Eventually.ReadAsync(async () => (await inbox.ListNotesAsync(default)).Notes.Any(n => n.ItemId == item.Id), noted => !noted);
        var notice = await PageAsync(client, itemUrl);
        Assert.Contains("已撤回", notice);
        Assert.DoesNotContain("重大科技攻关", notice);
        Assert.DoesNotContain(itemUrl, await PageAsync(client, "/columns/kjcg/"));
        Assert.DoesNotContain(itemUrl, await CatalogueAsync(client, "/catalogue/kjcg/"));
        Assert.DoesNotContain(itemUrl, await PageAsync(client, "/"));
        Assert.DoesNotContain(itemUrl, await PageAsync(client, "/feeds/kjcg.xml"));
        Assert.DoesNotContain(itemUrl, await SearchAsync("攻关需求"));
        Assert.DoesNotContain(itemUrl, await ServiceSearchAsync(client, "重大科技攻关需求的公告", itemUrl, expectFound: false));
        await PageAsync(client, $"/files/att-{item.Id}/{Uri.EscapeDataString("征集表.pdf")}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_second_publication_with_nothing_new_writes_no_blob()
    {
        // No queue runner: a render request left by another test must not start a publication in the middle of this one.
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        await CreateReadyAsync(host, "关于发布年度科技统计公报的通知");
        await PublishAsync(client);
        var before = await SiteBlobsAsync();

        var run = await PublishAsync(client);

        Assert.Equal(0, run.GetProperty("blobsWritten").GetInt32());
        Assert.Equal(0, run.GetProperty("blobsDeleted").GetInt32());
        Assert.Equal(before, await SiteBlobsAsync());
    }

    [Fact]
    public async Task Two_publications_at_once_run_one_at_a_time()
    {
        // No queue runner: a render request left by another test must not start a publication in the middle of this one.
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var site = host.Services.GetRequiredService<ISiteStore>();
        await using (var held = await site.TryLockAsync(default))
        {
            Assert.NotNull(held);
            var refused = await PublishAsync(client, HttpStatusCode.Conflict);
            Assert.Contains("发布", refused.GetProperty("title").GetString());
        }

        var item = await CreateReadyAsync(host, "关于同时发布测试的公告");
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
            request.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Contains(HttpStatusCode.OK, runs);
        Assert.All(runs, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        var audit = await host.Services.GetRequiredService<IAuditTrail>().ListAsync(item.Id);
        Assert.Single(audit, e => e.Action == AuditAction.Published);
    }

    [Fact]
    public async Task Only_reviewers_and_administrators_may_publish_now()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        request.Headers.Add(RequestPrincipal.Header, Submitter);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_publication_posted_from_another_site_is_refused()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        request.Headers.Add(RequestPrincipal.Header, Reviewer);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_item_for_release_on_request_never_reaches_the_public_site()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var item = await CreateReadyAsync(host, "依申请公开的项目评审意见汇总", attribute: DisclosureAttribute.OnRequest, body: "评审意见汇总正文");

        var run = await PublishAsync(client);

        Assert.True(run.GetProperty("itemsRecordedOnly").GetInt32() >= 1);
        Assert.Equal(ItemState.Published, (await host.Services.GetRequiredService<IItemStore>().GetAsync(item.Id))!.Item.State);
        await PageAsync(client, $"/items/{item.Id}.html", HttpStatusCode.NotFound);
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
        await foreach (var blob in site.GetBlobsAsync())
        {
            var bytes = (await site.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            Assert.DoesNotContain(item.Id, Encoding.UTF8.GetString(bytes));
            Assert.DoesNotContain("评审意见汇总", Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public async Task The_portal_opens_at_the_local_host_root_with_its_stylesheet()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        await PublishAsync(client);

        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var home = await response.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"zh-CN\"", home);
        Assert.Contains("政府信息公开", home);
        var css = System.Text.RegularExpressions.Regex.Match(home, "/assets/site\\.[0-9a-f]{10}\\.css").Value;
        using var style = await client.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), style.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", style.Headers.CacheControl?.ToString());
        Assert.Contains("页面不存在", await PageAsync(client, "/no/such/page.html", HttpStatusCode.NotFound));
    }
}
