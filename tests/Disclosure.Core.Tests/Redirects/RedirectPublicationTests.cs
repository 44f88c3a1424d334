using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Redirects;
using Disclosure.Tests.Publishing;

namespace Disclosure.Tests.Redirects;

public partial class RedirectPublicationTests
{
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryLegacyAddressBook _book = new();
    private readonly InMemoryRedirectRecords _records = new();

    /// <param name="redirects">False: a host whose run stops after the site's manifest, before the redirect step.</param>
    private PublicationService Service(bool redirects = true) => new(_bed.Items, _bed.Lifecycle(), _bed.Items, _bed.Site, PublicationBed.Renderer, PublicationBed.Catalogue,
        new OperatorAlerts(_bed.Alerts, PublicationBed.Catalogue, new ComplianceOptions()), _bed.Time, null,
        redirects ? new RedirectPublisher(_book, _bed.Site, _records, PublicationBed.Catalogue) : null);

    private Task<PublicationResult> PublishAsync() => Service().PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

    private async Task MapAsync(string url, DisclosureItem item)
    {
        var address = LegacyAddress.Parse(url, LegacyAddress.HostOf(PublicationBed.Catalogue.Agency.SiteBaseUrl), out var error) ?? throw new ArgumentException(error);
        await _book.AddAsync(new LegacyMapping(address, item.IndexNumber, "管理员", default, "test"));
        // As a load does once it has added mappings.
        await _book.MarkChangedAsync();
    }

    private string Text(string path) => Encoding.UTF8.GetString(_bed.Site.ReadAsync(path, default).Result ?? []);

    private Task<DisclosureItem> ReadyAsync(string title) => _bed.ReadyAsync(title, "正文", "张报送", (null, "李审核"));

    /// <summary>An item waiting for review (not on the site) whose old address is in the book.</summary>
    private async Task<DisclosureItem> AwaitingReviewAsync(string title, string oldUrl)
    {
        var item = await ReadyAsync(title);
        await SetStateAsync(item, ItemState.AwaitingReview);
        await MapAsync(oldUrl, item);
        return item;
    }

    private Task SetStateAsync(DisclosureItem item, ItemState state) => _bed.UpdateAsync(item.Id, i => i with { State = state }, _ => Entry(item.Id, state));

    [Fact]
    public async Task A_published_items_old_path_gets_a_redirect_page_to_its_new_page_with_canonical_link_and_noindex()
    {
        var item = await ReadyAsync("关于开展科技创新券申领工作的通知");
        await MapAsync("http://kjj.example.gov.cn/art/2019/3/12/art_1234_5678.html", item);

        await PublishAsync();

        var page = Text("art/2019/3/12/art_1234_5678.html");
        Assert.Contains($"<meta http-equiv=\"refresh\" content=\"0; url=/items/{item.Id}.html\">", page);
        Assert.Contains($"<link rel=\"canonical\" href=\"https://kjj.example.gov.cn/items/{item.Id}.html\">", page);
        Assert.Contains($"<a href=\"/items/{item.Id}.html\">", page);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", page);
        Assert.Contains(item.IndexNumber.ToString(), page);
        Assert.Equal("text/html; charset=utf-8", _bed.Site.Blobs["art/2019/3/12/art_1234_5678.html"].ContentType);
    }

    [Fact]
    public async Task An_unpublished_items_address_gets_no_page_until_its_item_is_published()
    {
        await AwaitingReviewAsync("待审核的通知", "/art/waiting.html");

        await PublishAsync();

        Assert.False(_bed.Site.Blobs.ContainsKey("art/waiting.html"));
        Assert.DoesNotContain("waiting", Encoding.UTF8.GetString(_records.Rules[RedirectFiles.NginxMapName]));
    }

    [Fact]
    public async Task Redirect_writes_are_incremental_a_new_mapping_writes_its_page_and_the_rules_and_nothing_else()
    {
        var first = await ReadyAsync("第一条通知");
        var second = await ReadyAsync("第二条通知");
        await MapAsync("/art/1.html", first);
        await PublishAsync();
        _bed.Site.ResetCounters();

        var nothingNew = await PublishAsync();
        Assert.Equal(0, nothingNew.BlobsWritten);
        Assert.Equal(0, _bed.Site.Writes);

        var rulesBefore = _records.RuleWrites;
        await MapAsync("/art/2.html", second);
        var run = await PublishAsync();

        Assert.Equal(["art/2.html"], _bed.Site.WrittenPaths);
        Assert.Equal(rulesBefore + 2, _records.RuleWrites);
        Assert.Equal(1 + 2 + 1, run.BlobsWritten); // the page, the two rules files, the redirect manifest
    }

    [Fact]
    public async Task Two_addresses_of_one_blob_give_it_to_the_first_by_key_on_every_run()
    {
        var folder = await ReadyAsync("栏目首页对应的通知");
        var page = await ReadyAsync("首页文件对应的通知");
        await MapAsync("/col/7/index.html", page);
        await MapAsync("/col/7/", folder);

        await PublishAsync();
        _bed.Site.ResetCounters();
        var again = await PublishAsync();

        Assert.Contains($"/items/{folder.Id}.html", Text("col/7/index.html"));
        Assert.Equal(0, again.BlobsWritten);
    }

    [Fact]
    public async Task A_withdrawn_items_old_address_keeps_pointing_at_its_address_which_now_shows_the_withdrawal_notice()
    {
        var item = await ReadyAsync("关于征集重大科技攻关需求的公告");
        await MapAsync("/art/withdrawn.html", item);
        await PublishAsync();
        var redirect = Text("art/withdrawn.html");

        await _bed.UpdateAsync(item.Id, i => i with { State = ItemState.Withdrawn }, _ => Entry(item.Id, ItemState.Withdrawn));
        await PublishAsync();

        Assert.Equal(redirect, Text("art/withdrawn.html"));
        Assert.Contains("已撤回", Text($"items/{item.Id}.html"));
    }

    [Fact]
    public async Task An_address_on_another_host_or_with_a_query_string_goes_only_into_the_rules_files()
    {
        var item = await ReadyAsync("关于公布科技型中小企业名单的通知");
        await MapAsync("http://www.old-kjj.example.cn/col/col12/art_9.html", item);
        await MapAsync("/content.jsp?id=123", item);

        await PublishAsync();

        Assert.DoesNotContain(_bed.Site.Blobs.Keys, k => k.StartsWith("col/", StringComparison.Ordinal) || k.StartsWith("content.jsp", StringComparison.Ordinal));
        var map = NginxMap(_records.Rules[RedirectFiles.NginxMapName]);
        Assert.Equal($"https://kjj.example.gov.cn/items/{item.Id}.html", map["www.old-kjj.example.cn/col/col12/art_9.html"]);
        Assert.Equal($"https://kjj.example.gov.cn/items/{item.Id}.html", map["kjj.example.gov.cn/content.jsp?id=123"]);
    }

    [Fact]
    public async Task The_nginx_map_keys_are_what_nginx_compares_host_and_percent_encoded_request_uri()
    {
        var item = await ReadyAsync("关于印发《科技计划管理办法》的通知");
        await MapAsync("/通知/管理 办法.html".Replace(" ", "%20"), item);
        await PublishAsync();

        var map = NginxMap(_records.Rules[RedirectFiles.NginxMapName]);

        Assert.Equal(["kjj.example.gov.cn/%E9%80%9A%E7%9F%A5/%E7%AE%A1%E7%90%86%20%E5%8A%9E%E6%B3%95.html"], map.Keys);
        Assert.True(_bed.Site.Blobs.ContainsKey("通知/管理 办法.html"));
    }

    [Fact]
    public async Task The_nginx_map_is_accepted_by_nginx_itself_when_it_is_installed()
    {
        var item = await ReadyAsync("关于开展科技活动周的通知");
        await MapAsync("/art/1.html", item);
        await MapAsync("http://old.example.cn/a.jsp?id=1&x=%E4%B8%AD", item);
        await PublishAsync();
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginx is null) return; // the parser test above checks the syntax everywhere; nginx -t where it is installed (apt-get install nginx-light)

        var folder = Directory.CreateTempSubdirectory("nginx-map-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "legacy.conf"), _records.Rules[RedirectFiles.NginxMapName]);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "nginx.conf"),
                $"pid {folder.FullName}/nginx.pid;\nevents {{}}\nhttp {{\n  include {folder.FullName}/legacy.conf;\n  server {{\n    listen 127.0.0.1:1;\n" +
                $"    if ({RedirectFiles.NginxVariable}) {{ return 301 {RedirectFiles.NginxVariable}; }}\n  }}\n}}\n");
            using var process = Process.Start(new ProcessStartInfo(nginx, ["-t", "-q", "-e", "stderr", "-p", folder.FullName, "-c", Path.Combine(folder.FullName, "nginx.conf")])
                { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_front_door_document_has_the_shape_of_the_rule_set_rules_infra_deploys()
    {
        var items = new List<DisclosureItem>();
        for (var i = 0; i < RedirectFiles.FrontDoorRulesPerSet + 1; i++)
        {
            var item = await ReadyAsync($"第{i}条通知");
            items.Add(item);
            await MapAsync(i == 0 ? "/content.jsp?id=1" : $"http://old.example.cn/art/{i}.html", item);
        }
        await PublishAsync();

        using var document = JsonDocument.Parse(_records.Rules[RedirectFiles.FrontDoorRulesName]);
        var sets = document.RootElement.GetProperty("ruleSets").EnumerateArray().ToList();
        Assert.Equal(2, sets.Count);
        Assert.Equal([RedirectFiles.FrontDoorRulesPerSet, 1], sets.Select(s => s.GetProperty("rules").GetArrayLength()));
        foreach (var set in sets)
        {
            Assert.Matches("^[A-Za-z][A-Za-z0-9]{0,59}$", set.GetProperty("name").GetString());
            var orders = new HashSet<int>();
            foreach (var rule in set.GetProperty("rules").EnumerateArray())
            {
                Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", rule.GetProperty("name").GetString());
                Assert.True(orders.Add(rule.GetProperty("order").GetInt32()));
                Assert.Equal("Stop", rule.GetProperty("matchProcessingBehavior").GetString());
                foreach (var condition in rule.GetProperty("conditions").EnumerateArray())
                {
                    var parameters = condition.GetProperty("parameters");
                    var expectedType = condition.GetProperty("name").GetString() switch
                    {
                        "HostName" => "DeliveryRuleHostNameConditionParameters",
                        "UrlPath" => "DeliveryRuleUrlPathMatchConditionParameters",
                        "QueryString" => "DeliveryRuleQueryStringConditionParameters",
                        var other => throw new Xunit.Sdk.XunitException($"unexpected condition {other}"),
                    };
                    Assert.Equal(expectedType, parameters.GetProperty("typeName").GetString());
                    Assert.Equal("Equal", parameters.GetProperty("operator").GetString());
                    Assert.False(parameters.GetProperty("negateCondition").GetBoolean());
                    Assert.Equal(1, parameters.GetProperty("matchValues").GetArrayLength());
                    Assert.Equal(JsonValueKind.Array, parameters.GetProperty("transforms").ValueKind);
                }
                var action = Assert.Single(rule.GetProperty("actions").EnumerateArray().ToList());
                Assert.Equal("UrlRedirect", action.GetProperty("name").GetString());
                var redirect = action.GetProperty("parameters");
                Assert.Equal("DeliveryRuleUrlRedirectActionParameters", redirect.GetProperty("typeName").GetString());
                Assert.Equal("Moved", redirect.GetProperty("redirectType").GetString());
                Assert.Equal("Https", redirect.GetProperty("destinationProtocol").GetString());
                Assert.Equal("kjj.example.gov.cn", redirect.GetProperty("customHostname").GetString());
                Assert.Matches("^/items/[0-9a-f]+\\.html$", redirect.GetProperty("customPath").GetString());
            }
        }
        var withQuery = sets.SelectMany(s => s.GetProperty("rules").EnumerateArray())
            .Single(r => r.GetProperty("conditions").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "QueryString"));
        var paths = withQuery.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "UrlPath");
        // Front Door compares the path without its leading slash.
        Assert.Equal("content.jsp", paths.GetProperty("parameters").GetProperty("matchValues")[0].GetString());
    }

    [Fact]
    public void Past_what_a_front_door_profile_holds_the_document_keeps_the_addresses_only_the_edge_can_answer_and_counts_the_rest()
    {
        var capacity = RedirectFiles.FrontDoorRulesPerSet * RedirectFiles.FrontDoorMaxRuleSets;
        LegacyRedirect Redirect(string url, int i) => new(new LegacyMapping(
            LegacyAddress.Parse(url, "kjj.example.gov.cn", out _)!, new IndexNumber("11", 2019, i % 99_999 + 1), "管理员", default, "test"), $"item{i}");
        var redirects = Enumerable.Range(0, capacity + 5).Select(i => Redirect($"/a/{i:D5}.html", i))
            .Append(Redirect("http://old.example.cn/zz.html", 1)).Append(Redirect("/zz.jsp?id=1", 2)).ToList();

        using var document = JsonDocument.Parse(RedirectFiles.FrontDoorRules(redirects, PublicationBed.Catalogue));

        var sets = document.RootElement.GetProperty("ruleSets").EnumerateArray().ToList();
        Assert.Equal(RedirectFiles.FrontDoorMaxRuleSets, sets.Count);
        Assert.Equal(7, document.RootElement.GetProperty("omittedRedirects").GetInt32());
        var values = sets.SelectMany(s => s.GetProperty("rules").EnumerateArray())
            .SelectMany(r => r.GetProperty("conditions").EnumerateArray()).Select(c => c.GetProperty("parameters").GetProperty("matchValues")[0].GetString()).ToHashSet();
        Assert.Contains("old.example.cn", values);
        Assert.Contains("id=1", values);
    }

    [Fact]
    public void Every_file_the_portal_writes_is_a_portal_path_so_no_redirect_can_replace_one()
    {
        var snapshot = new PortalSnapshot(PublicationBed.Catalogue, [], [], _ => "", today: new DateOnly(2026, 3, 10));
        var files = PublicationBed.Renderer.RenderSite(snapshot).Select(f => f.Path)
            .Concat([SiteUrls.SitemapIndex, SiteUrls.Robots, SiteUrls.AllFeed, SiteUrls.SitemapPart("2026"), "search/manifest.json", "files/a/b.pdf"]);

        Assert.All(files, path => Assert.True(PortalPaths.IsPortalPath(path), path));
        Assert.False(PortalPaths.IsPortalPath("art/2019/3/12/art_1234_5678.html"));
    }

    private static AuditEntry Entry(string id, ItemState to) => new()
    {
        ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = DateTimeOffset.UtcNow, Actor = "审核员", Action = AuditAction.ReviewApproved, To = to,
    };

    /// <summary>
    /// Reads an nginx <c>map</c> block as nginx's parser would: a <c>map $a$b $var {</c> header, <c>"key" "value";</c>
    /// lines, one <c>default</c>, a closing brace, comments; anything else fails the test.
    /// </summary>
    private static Dictionary<string, string> NginxMap(byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Matches(@"^map \$host\$request_uri \$[a-z_]+ \{$", lines[0]);
        Assert.Equal("}", lines[^1]);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaults = 0;
        foreach (var line in lines[1..^1])
        {
            var m = MapLine().Match(line);
            Assert.True(m.Success, $"not an nginx map line: {line}");
            if (m.Groups["key"].Value == "default" && !m.Groups["quoted"].Success) { defaults++; continue; }
            Assert.True(entries.TryAdd(m.Groups["key"].Value, m.Groups["value"].Value), $"duplicate key {m.Groups["key"].Value}");
        }
        Assert.Equal(1, defaults);
        return entries;
    }

    [GeneratedRegex("^(?:(?<quoted>\")(?<key>[^\"\\\\\\s{}]+)\"|(?<key>default)) \"(?<value>[^\"\\\\\\s{}$]*)\";$")]
    private static partial Regex MapLine();
}
