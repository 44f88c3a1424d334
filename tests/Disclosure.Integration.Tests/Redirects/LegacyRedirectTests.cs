using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Redirects;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Redirects;

/// <summary>
/// Old links keep working (issue 18), against Azurite through the local host: an administrator loads old addresses from
/// a GB18030 CSV, the publication writes their redirect pages into <c>$web</c> and the rules files beside it, and an old
/// address followed from the static site lands on the item's page. In the publishing collection: it publishes the shared site.
/// </summary>
[Collection(nameof(PublishingCollection))]
public partial class LegacyRedirectTests
{
    private static readonly string Administrator = RequestPrincipal.Encode("王管理", "bgs", Role.Administrator);
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    static LegacyRedirectTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> LoadAsync(HttpClient client, string csv, bool dryRun, string who)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/redirects" + (dryRun ? "?dryRun=true" : ""))
        {
            Content = new ByteArrayContent(Encoding.GetEncoding("GB18030").GetBytes(csv)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        request.Headers.Add(RequestPrincipal.Header, who);
        request.Headers.Add("X-File-Name", "old-site.csv");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task PublishAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        request.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task An_old_address_loaded_from_a_csv_redirects_to_the_items_new_page_after_publication()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var item = await PublicationFlowTests.CreateReadyAsync(host, "关于组织申报科技型企业研发费用补助的通知");
        var run = Guid.NewGuid().ToString("N")[..8];
        var oldPath = $"/art/2019/3/12/art_{run}_5678.html";
        var chinesePath = $"/旧栏目/{run}/通知.html";
        var csv = "旧网址,索引号\r\n" +
                  $"http://kjj.example.gov.cn{oldPath},{item.IndexNumber}\r\n" +
                  $"{chinesePath},{item.IndexNumber}\r\n" +
                  $"http://www.old-kjj.example.cn/content.jsp?id={run},{item.IndexNumber}\r\n" +
                  $"/items/{run}.html,{item.IndexNumber}\r\n";

        // Not published yet: the dry run stores nothing and says those rows redirect nowhere yet; the portal path is refused.
        var (dryStatus, dry) = await LoadAsync(client, csv, dryRun: true, Administrator);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal([2, 3, 4], dry.GetProperty("unresolved").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.Contains("尚未发布", dry.GetProperty("unresolved")[0].GetProperty("reason").GetString());
        Assert.Equal(5, Assert.Single(dry.GetProperty("refused").EnumerateArray().ToList()).GetProperty("line").GetInt32());
        var book = host.Services.GetRequiredService<ILegacyAddressBook>();
        Assert.Null(await book.FindAsync(LegacyAddress.FromKey(oldPath)!));

        var (status, loaded) = await LoadAsync(client, csv, dryRun: false, Administrator);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, loaded.GetProperty("added").GetInt32());
        Assert.Equal((2, 1), (loaded.GetProperty("staticPages").GetInt32(), loaded.GetProperty("rulesOnly").GetInt32()));
        Assert.Equal(0, (await LoadAsync(client, csv, dryRun: false, Administrator)).Body.GetProperty("added").GetInt32());

        await PublishAsync(client);

        // The old path, asked of the static site as a browser would, answers the redirect page; its link is the item's page.
        foreach (var path in new[] { oldPath, string.Join('/', chinesePath.Split('/').Select(Uri.EscapeDataString)) })
        {
            using var old = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
            var redirect = await old.Content.ReadAsStringAsync();
            var target = RefreshTarget().Match(redirect).Groups[1].Value;
            Assert.Equal($"/items/{item.Id}.html", target);
            using var landed = await client.GetAsync(target);
            Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
            Assert.Contains("关于组织申报科技型企业研发费用补助的通知", await landed.Content.ReadAsStringAsync());
        }

        // The address on another host is only in the rules files, which administrators download (nobody else).
        using (var rules = new HttpRequestMessage(HttpMethod.Get, $"/api/redirects/rules/{RedirectFiles.NginxMapName}"))
        {
            rules.Headers.Add(RequestPrincipal.Header, Administrator);
            using var answer = await client.SendAsync(rules);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var map = await answer.Content.ReadAsStringAsync();
            Assert.Contains($"\"www.old-kjj.example.cn/content.jsp?id={run}\" \"https://kjj.example.gov.cn/items/{item.Id}.html\";", map);
            Assert.Contains($"\"kjj.example.gov.cn{oldPath}\"", map);
        }
        using (var rules = new HttpRequestMessage(HttpMethod.Get, $"/api/redirects/rules/{RedirectFiles.FrontDoorRulesName}"))
        {
            rules.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var answer = await client.SendAsync(rules);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        }
        using (var missing = await client.GetAsync($"/content.jsp?id={run}"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_redirect_page_is_valid_html_by_the_nu_checker()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var item = await PublicationFlowTests.CreateReadyAsync(host, "关于公布年度科技进步奖评审结果的公告", genre: "公告");
        var oldPath = $"/art/vnu/{Guid.NewGuid():N}.html";
        var (status, _) = await LoadAsync(client, $"旧网址,索引号\n{oldPath},{item.IndexNumber}\n", dryRun: false, Administrator);
        Assert.Equal(HttpStatusCode.OK, status);
        await PublishAsync(client);

        var page = await client.GetStringAsync(oldPath);

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["redirect.html"] = page }));
    }

    [Fact]
    public async Task Bad_loads_get_problem_details_in_chinese_and_store_nothing()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var path = $"/art/bad/{Guid.NewGuid():N}.html";
        var book = host.Services.GetRequiredService<ILegacyAddressBook>();

        async Task<(HttpStatusCode, string?, string)> SendAsync(HttpContent content, string who)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/redirects") { Content = content };
            request.Headers.Add(RequestPrincipal.Header, who);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }

        var (status, type, text) = await SendAsync(new StringContent($"url,number\n{path},11110000MB0000000X/2019-00001\n", Encoding.UTF8, "text/csv"), Administrator);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (status, type));
        Assert.Contains("旧网址", text);

        (status, _, text) = await SendAsync(new ByteArrayContent(new byte[LegacyAddressLimits.MaxFileBytes + 1]), Administrator);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("MiB", text);

        (status, _, _) = await SendAsync(new StringContent($"旧网址,索引号\n{path},11110000MB0000000X/2019-00001\n", Encoding.UTF8, "text/csv"), Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, type, _) = await SendAsync(new StringContent("[{\"oldUrl\": 3}]", Encoding.UTF8, "application/json"), Administrator);
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (status, type));

        Assert.Null(await book.FindAsync(LegacyAddress.FromKey(path)!));

        (status, _, text) = await SendAsync(new StringContent($"[{{\"oldUrl\":\"{path}\",\"indexNumber\":\"11110000MB0000000X/2019-00001\"}}]", Encoding.UTF8, "application/json"), Administrator);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(await book.FindAsync(LegacyAddress.FromKey(path)!));
    }

    [Fact]
    public async Task The_table_book_keeps_the_first_item_an_address_was_given_and_answers_a_second_one_with_it()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var book = host.Services.GetRequiredService<ILegacyAddressBook>();
        var address = LegacyAddress.FromKey($"/art/conflict/{Guid.NewGuid():N}.html")!;
        IndexNumber.TryParse("11110000MB0000000X/2019-00001", out var first);
        IndexNumber.TryParse("11110000MB0000000X/2019-00002", out var second);

        var added = await book.AddAsync(new LegacyMapping(address, first, "甲", DateTimeOffset.UtcNow, "a.csv"));
        var again = await book.AddAsync(new LegacyMapping(address, first, "乙", DateTimeOffset.UtcNow, "b.csv"));
        var conflict = await book.AddAsync(new LegacyMapping(address, second, "丙", DateTimeOffset.UtcNow, "c.csv"));

        Assert.Equal(LegacyMappingOutcome.Added, added.Outcome);
        Assert.Equal(LegacyMappingOutcome.AlreadyThere, again.Outcome);
        Assert.Equal(LegacyMappingOutcome.Conflict, conflict.Outcome);
        Assert.Equal(("甲", first), (conflict.Stored.LoadedBy, conflict.Stored.IndexNumber));
        Assert.Equal(first, (await book.FindAsync(address))!.IndexNumber);
    }

    /// <summary>
    /// Issue 19: a publication for a change reads the book only when its version token moved since its last pass. A load
    /// that adds a mapping moves it; one that adds nothing (the same file again, a dry run) does not; the token's own row
    /// is neither listed nor counted as a mapping.
    /// </summary>
    [Fact]
    public async Task A_load_that_adds_mappings_gives_the_table_book_a_new_version_and_one_that_adds_none_does_not()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var client = host.Client();
        var book = host.Services.GetRequiredService<ILegacyAddressBook>();
        var csv = $"旧网址,索引号\n/art/version/{Guid.NewGuid():N}.html,11110000MB0000000X/2019-00001\n";
        var before = await book.VersionAsync();
        var count = await book.CountAsync();

        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(client, csv, dryRun: true, Administrator)).Status);
        Assert.Equal(before, await book.VersionAsync());
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(client, csv, dryRun: false, Administrator)).Status);
        var afterLoad = await book.VersionAsync();
        Assert.NotEqual(before, afterLoad);
        Assert.Equal(HttpStatusCode.OK, (await LoadAsync(client, csv, dryRun: false, Administrator)).Status);

        Assert.Equal(afterLoad, await book.VersionAsync());
        Assert.Equal(count + 1, await book.CountAsync());
        var listed = 0;
        await foreach (var _ in book.ListAsync()) listed++;
        Assert.Equal(count + 1, listed);
    }

    [GeneratedRegex("<meta http-equiv=\"refresh\" content=\"0; url=([^\"]+)\">")]
    private static partial Regex RefreshTarget();
}
