using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// A reposted (转发) 行政规范性文件 through the local host: submitted with the day it was received, reviewed, published with
/// a 转发 label, and left out of table 二's 本年制发件数 (Art. 20 (一)) while the agency's own document is counted.
/// </summary>
[Collection(nameof(PublishingCollection))]
public class RepostedDocumentTests
{
    // A year no other test forms normative documents in, so the counts below are this test's own.
    private const int Year = 2023;
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);
    private static readonly string Submitter = RequestPrincipal.Encode("周法规", "zcfgc", Role.Submitter);
    private static readonly string Administrator = RequestPrincipal.Encode("管理员", "bgs", Role.Administrator);

    private static HttpRequestMessage As(HttpRequestMessage request, string principal)
    {
        request.Headers.Add(RequestPrincipal.Header, principal);
        return request;
    }

    private static async Task<string> IssuedNormativeDocumentsAsync(LocalFunctionsHost host, HttpClient client)
    {
        using var generated = await client.SendAsync(As(new HttpRequestMessage(HttpMethod.Post, $"/api/annual-reports/{Year}"), Administrator));
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var stored = await host.Services.GetRequiredService<IAnnualReportStore>().GetGeneratedAsync(Year);
        var table2 = new HtmlParser().ParseDocument(stored!.Html).QuerySelectorAll("table").First();
        var row = table2.QuerySelectorAll("tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToList())
            .Single(cells => cells.Count > 1 && cells[0] == "行政规范性文件");
        return row[1];
    }

    private static async Task WaitForStateAsync(IItemStore items, string id, ItemState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await items.GetAsync(id))!.Item.State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"item {id} did not reach {state} within a minute");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_reposted_normative_document_is_labelled_and_not_counted_in_table_two_while_the_agencys_own_is()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var items = host.Services.GetRequiredService<IItemStore>();
        var before = int.Parse(await IssuedNormativeDocumentsAsync(host, client), System.Globalization.CultureInfo.InvariantCulture);

        // The provincial document, through the JSON API: marked 转发, with the day the bureau received it.
        using var submit = As(new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = JsonContent.Create(new
            {
                title = "省科学技术厅关于印发《科技创新券管理办法》的通知", column = "zcfg", genre = "行政规范性文件",
                publisher = "省科学技术厅", formedOn = $"{Year}-03-01", attribute = "主动公开", reposted = true,
                receivedOn = $"{Year}-03-10", body = "各市科技局：现将《科技创新券管理办法》印发给你们，请遵照执行。",
            }),
        }, Submitter);
        using var submitted = await client.SendAsync(submit);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, $"{submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync()}");
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var stored = (await items.GetAsync(id))!.Item;
        Assert.Equal((true, new DateOnly(Year, 3, 10)), (stored.Reposted, stored.ReceivedOn));

        await WaitForStateAsync(items, id, ItemState.AwaitingReview);
        var version = (await items.GetAsync(id))!.Item.Version;
        // A 行政规范性文件's chain ends with 分管领导终审 (条例第十七条): every step is signed by someone other than the submitter.
        Assert.Equal(ItemState.ReadyToPublish, await ReviewChain.SignAsync(client, id, version));

        // The bureau's own normative document of the same year, approved earlier.
        var own = await PublicationFlowTests.CreateReadyAsync(host, "市科学技术局科技计划项目管理办法", column: "zcfg", genre: "行政规范性文件",
            formedOn: new DateOnly(Year, 4, 1));

        using (var publish = await client.SendAsync(As(new HttpRequestMessage(HttpMethod.Post, "/api/publications"), Reviewer)))
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal(ItemState.Published, (await items.GetAsync(id))!.Item.State);

        var page = await client.GetStringAsync($"/items/{id}.html");
        Assert.Contains("省科学技术厅<span class=\"reposted\">（转发）</span>", page);

        Assert.DoesNotContain("（转发）", await client.GetStringAsync($"/items/{own.Id}.html"));

        // Table 二: the agency's own document is counted as issued in 2023, the reposted one is not.
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await IssuedNormativeDocumentsAsync(host, client));
    }
}
