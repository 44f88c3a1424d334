using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Disclosure.Calendar;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Inspection;

/// <summary>The self-inspection through the local host against Azurite, with a small published site written into $web.</summary>
public class SelfInspectionTests
{
    private static string Today => ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static HttpClient As(LocalFunctionsHost host, string name, string department, params string[] roles)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        return client;
    }

    private static async Task<BlobContainerClient> SiteAsync()
    {
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient("$web");
        await site.CreateIfNotExistsAsync();
        return site;
    }

    private static async Task<JsonElement> RunAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/inspections", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/inspections/{Today}/report.html", response.Headers.Location!.OriginalString);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Today, created.RootElement.GetProperty("date").GetString());
        var json = await client.GetStringAsync($"/api/inspections/{Today}/report.json");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static List<string> BrokenTargets(JsonElement report) =>
        report.GetProperty("brokenLinks").EnumerateArray().Select(b => b.GetProperty("target").GetString()!).ToList();

    [Fact]
    public async Task Deleting_an_attachment_blob_makes_the_next_self_inspection_report_a_broken_link()
    {
        // Pages and files of this test live under their own names: other tests share the $web container.
        var tag = TestStorage.UniqueName("si");
        var attachment = $"files/{tag}/a.pdf";
        var page = $"columns/{tag}/index.html";
        var site = await SiteAsync();
        await site.GetBlobClient(page).UploadAsync(BinaryData.FromString(
            $"""<!doctype html><html lang="zh-CN"><title>通知公告</title><a href="/{attachment}">附件：实施细则.pdf</a> <a href="/{page}">本页</a>"""),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } });
        await site.GetBlobClient(attachment).UploadAsync(BinaryData.FromBytes("%PDF-1.4 测试"u8.ToArray()), overwrite: true);

        await using var host = await TestHosts.StartAsync();
        var reviewer = As(host, "审核员", "bgs", Role.Reviewer);

        var before = await RunAsync(reviewer);
        Assert.DoesNotContain(attachment, BrokenTargets(before));
        Assert.True(before.GetProperty("linksChecked").GetInt32() >= 2);

        await site.GetBlobClient(attachment).DeleteAsync();
        var after = await RunAsync(reviewer);

        var broken = after.GetProperty("brokenLinks").EnumerateArray().Single(b => b.GetProperty("target").GetString() == attachment);
        Assert.Equal(page, broken.GetProperty("page").GetString());
        Assert.True(broken.GetProperty("isAttachment").GetBoolean());
        Assert.Contains(after.GetProperty("risks").EnumerateArray(), r => r.GetProperty("indicator").GetString() == "链接可用性");
        var html = await reviewer.GetStringAsync($"/api/inspections/{Today}/report.html");
        Assert.Contains("/" + attachment, html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task Findings_of_the_checks_are_counted_by_rule_in_the_report()
    {
        await using var host = await TestHosts.StartAsync();
        var body = Submissions.Valid("含身份证号码的名单");
        body["body"] = "申请人身份证号码 11010519491231002X，请核对。";
        var id = (await Submissions.JsonOf(await host.Client().SendAsync(Submissions.Json(body)))).GetProperty("id").GetString()!;
        var items = host.Services.GetRequiredService<Disclosure.Items.IItemStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await items.GetAsync(id))!.Item.State != Disclosure.Items.ItemState.Returned)
        {
            Assert.True(DateTime.UtcNow < deadline, "the check did not return the item in time");
            await Task.Delay(200);
        }

        var report = await RunAsync(As(host, "李审核", "bgs", Role.Reviewer));

        Assert.Contains("\"pii.resident-id\"", report.GetRawText());
    }

    [Fact]
    public async Task The_report_files_land_in_the_reports_container_under_the_day()
    {
        await using var host = await TestHosts.StartAsync();
        await RunAsync(As(host, "管理员", "bgs", Role.Administrator));

        var reports = (await TestStorage.BlobsAsync()).GetBlobContainerClient("reports");
        foreach (var (file, type) in new[] { ("report.html", "text/html; charset=utf-8"), ("report.json", "application/json; charset=utf-8"), ("report.csv", "text/csv; charset=utf-8") })
        {
            var properties = await reports.GetBlobClient($"self-inspection/{Today}/{file}").GetPropertiesAsync();
            Assert.Equal(type, properties.Value.ContentType);
            Assert.True(properties.Value.ContentLength > 0);
        }
        using var csv = await host.Client().GetAsync($"/api/inspections/{Today}/report.csv");
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("部分,项目,指标,数值", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task The_leadership_group_gets_one_summary_a_day_in_the_outbox()
    {
        await using var host = await TestHosts.StartAsync();
        var admin = As(host, "管理员", "bgs", Role.Administrator);
        await RunAsync(admin);
        await RunAsync(admin); // a second run the same day replaces the files and sends nothing new

        var id = "self-inspection-" + Today.Replace("-", "");
        var summaries = (await host.Services.GetRequiredService<IOutbox>().ListAsync(new OutboxFilter { RecipientCode = LeadershipGroup.RecipientCode, Max = 1000 }))
            .Where(d => d.NotificationId == id).ToList();
        // This year's plan, or last year's until this year's is entered (the repository holds the 2026 plan only).
        var plan = await host.Services.GetRequiredService<PlanService>().GetPlanInForceAsync(ChinaTime.Today(TimeProvider.System));
        Assert.NotEmpty(summaries);
        Assert.Equal(plan!.LeadershipGroup.Channels.Count, summaries.Count); // one delivery per channel, however many runs
        Assert.StartsWith("政府信息公开自查报告", summaries[0].Subject);
        Assert.Contains($"/api/inspections/{Today}/report.html", summaries[0].Text);
    }

    [Fact]
    public async Task The_admin_area_lists_the_reports_and_its_button_leads_to_the_new_report()
    {
        await using var host = await TestHosts.StartAsync();
        var reviewer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        reviewer.DefaultRequestHeaders.Add(RequestPrincipal.Header, RequestPrincipal.Encode("审核员", "bgs", Role.Reviewer));
        reviewer.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var posted = await reviewer.PostAsync("/api/inspections", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal($"/api/inspections/{Today}/report.html", posted.Headers.Location!.OriginalString);

        var page = await reviewer.GetStringAsync("/api/inspections");
        Assert.Contains("<h1>政府信息公开自查报告</h1>", page);
        Assert.Contains($"href=\"/api/inspections/{Today}/report.html\"", page);
        Assert.Contains("href=\"/api/inspections\">自查报告</a>", page); // in the navigation

        var json = JsonDocument.Parse(await As(host, "管理员", "bgs", Role.Administrator).GetStringAsync("/api/inspections")).RootElement;
        Assert.Equal(Today, json[0].GetProperty("date").GetString());
        using var denied = await As(host, "张三", "cwc", Role.Submitter).GetAsync("/api/inspections");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task The_timer_function_writes_the_days_report()
    {
        await using var host = await TestHosts.StartAsync();
        var reports = (await TestStorage.BlobsAsync()).GetBlobContainerClient("reports");
        await reports.CreateIfNotExistsAsync();
        var blob = reports.GetBlobClient($"self-inspection/{Today}/report.json");
        var before = await blob.ExistsAsync() ? (await blob.GetPropertiesAsync()).Value.LastModified : DateTimeOffset.MinValue;

        var timer = host.Catalog.All.Single(f => f.Name == "RunSelfInspection");
        await host.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(timer, new TimerInfo(), new Dictionary<string, object?>(), default);

        Assert.True((await blob.GetPropertiesAsync()).Value.LastModified >= before);
        using var json = JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(Today, json.RootElement.GetProperty("date").GetString());
        // One entry per configured column (the catalogue's 18 since the Art. 20/21 columns were added).
        Assert.Equal(host.Services.GetRequiredService<Disclosure.Catalogue.CatalogueSettings>().Columns.Count, json.RootElement.GetProperty("columns").GetArrayLength());
        Assert.Equal(18, json.RootElement.GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task A_department_user_may_neither_run_nor_read_an_inspection()
    {
        await using var host = await TestHosts.StartAsync();
        var department = As(host, "张三", "cwc", Role.Submitter);
        using var run = await department.PostAsync("/api/inspections", null);
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal("application/problem+json", run.Content.Headers.ContentType!.MediaType);
        using var read = await department.GetAsync($"/api/inspections/{Today}/report.html");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using var missing = await As(host, "审核员", "bgs", Role.Reviewer).GetAsync($"/api/inspections/{Today}/secrets.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
