using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Inspection;

/// <summary>
/// The annual report's endpoints through the local host. One test walks the flow (figures → generate → download →
/// submit) because the report of a year is one record in the shared storage.
/// </summary>
public class AnnualReportEndpointTests
{
    // A year the register of applications cannot hold (registration goes back one year at most): its hand-entered
    // table 三 is what the report prints, whatever other tests register in the shared storage.
    private const int Year = 2024;

    private static HttpClient As(LocalFunctionsHost host, string name, string department, params string[] roles)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add(RequestPrincipal.Header, RequestPrincipal.Encode(name, department, roles));
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // 自然人: 一 3 + 二 0 = 3; 三(七) = 2 (予以公开) + 四 0 = 2 — one application unaccounted for. A year of its own: once
    // figures are saved (the year the other tests save), a save without If-Match is 428 before the figures are looked at.
    private const int InconsistentYear = 2023;
    private const string Inconsistent = """
        { "year": 2023, "applications": {
            "NewThisYear": { "naturalPersons": 3, "researchInstitutions": 2 },
            "Disclosed":   { "naturalPersons": 2, "researchInstitutions": 2 } } }
        """;

    private const string Consistent = """
        { "year": 2024, "applications": {
            "NewThisYear":    { "naturalPersons": 3, "researchInstitutions": 2 },
            "CarriedOver":    { "businesses": 1 },
            "Disclosed":      { "naturalPersons": 2, "researchInstitutions": 1 },
            "UnavailableNotHeld": { "researchInstitutions": 1, "businesses": 1 },
            "CarriedForward": { "naturalPersons": 1 } },
          "reconsideration": { "upheld": 1, "total": 1 },
          "administrativeFeesTenThousandYuan": 1.5 }
        """;

    /// <summary>The same figures with the bureau's own text for every section, so no draft is left.</summary>
    private static readonly string Written = Consistent.TrimEnd().TrimEnd('}') + """
        , "texts": { "overviewProactive": "主动公开情况。", "overviewOnRequest": "依申请公开情况。", "overviewManagement": "政府信息管理情况。",
            "overviewPlatform": "平台建设情况。", "overviewOversight": "监督保障情况。", "problemsAndImprovements": "问题与改进。", "otherMatters": "其他事项。" } }
        """;

    [Fact]
    public async Task Inconsistent_table_three_is_refused_with_the_column_and_the_difference()
    {
        await using var host = await TestHosts.StartAsync();
        using var response = await As(host, "管理员", "bgs", Role.Administrator).PutAsync($"/api/annual-reports/{InconsistentYear}/figures", Json(Inconsistent));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("年度报告数据不一致", problem.RootElement.GetProperty("title").GetString());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("自然人：一+二=3，三(七)+四=2，相差1", errors);
        Assert.Contains("自然人：一+二=3，三(七)+四=2，相差1", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Figures_saved_generate_a_docx_whose_tables_match_the_report_and_the_report_is_submitted_for_review()
    {
        await using var host = await TestHosts.StartAsync();
        var admin = As(host, "管理员", "bgs", Role.Administrator);

        using (var saved = await admin.PutAsync($"/api/annual-reports/{Year}/figures", Json(Consistent)))
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // A generation with sections still in the system's draft is not submitted: 409 naming the sections, no item.
        using (await admin.PostAsync($"/api/annual-reports/{Year}", null)) { }
        using (var refused = await admin.PostAsync($"/api/annual-reports/{Year}/submission", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("年度报告仍有草稿", problem.RootElement.GetProperty("title").GetString());
            Assert.Contains("“五、存在的主要问题及改进情况”", problem.RootElement.GetProperty("detail").GetString());
            Assert.Contains("不能提交发布", problem.RootElement.GetProperty("detail").GetString());
        }

        // Figures are saved now: a PUT that does not say which version it replaces is refused (428) and writes nothing,
        // so an integrating system cannot overwrite a colleague's save unseen; with the ETag of the save it goes through.
        string version;
        using (var read = await admin.GetAsync($"/api/annual-reports/{Year}/figures"))
            version = read.Headers.ETag!.ToString();
        using (var unversioned = await admin.PutAsync($"/api/annual-reports/{Year}/figures", Json(Written)))
        {
            Assert.Equal((HttpStatusCode)428, unversioned.StatusCode);
            Assert.Equal("application/problem+json", unversioned.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await unversioned.Content.ReadAsStringAsync());
            Assert.Contains("If-Match", problem.RootElement.GetProperty("detail").GetString());
        }
        using (var unchanged = await admin.GetAsync($"/api/annual-reports/{Year}/figures"))
            Assert.Equal(version, unchanged.Headers.ETag!.ToString());
        using (var versioned = new HttpRequestMessage(HttpMethod.Put, $"/api/annual-reports/{Year}/figures") { Content = Json(Written) })
        {
            versioned.Headers.TryAddWithoutValidation("If-Match", version);
            using var saved = await admin.SendAsync(versioned);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        using (var read = await admin.GetAsync($"/api/annual-reports/{Year}/figures"))
        {
            using var figures = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            Assert.Equal("管理员", figures.RootElement.GetProperty("updatedBy").GetString());
            Assert.Equal(3, figures.RootElement.GetProperty("applications").GetProperty("NewThisYear").GetProperty("naturalPersons").GetInt32());
        }

        using var generated = await admin.PostAsync($"/api/annual-reports/{Year}", null);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        Assert.Equal($"/api/annual-reports/{Year}/docx", generated.Headers.Location!.OriginalString);
        var title = JsonDocument.Parse(await generated.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString()!;
        Assert.Contains("2024年政府信息公开工作年度报告", title);

        using var download = await admin.GetAsync($"/api/annual-reports/{Year}/docx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(title + ".docx", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("filename*=UTF-8''", download.Content.Headers.ContentDisposition.ToString());
        var docx = await download.Content.ReadAsByteArrayAsync();

        // The DOCX's tables, cell by cell (a vertically merged continuation is no cell of its own), against the HTML's.
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var wordTables = document.MainDocumentPart!.Document!.Body!.Elements<Table>()
            .Select(t => t.Elements<TableRow>().Select(r => r.Elements<TableCell>()
                .Where(c => c.TableCellProperties?.VerticalMerge is not { } v || v.Val?.Value == MergedCellValues.Restart)
                .Select(c => c.InnerText).ToList()).Where(r => r.Count > 0).ToList()).ToList();
        var stored = await host.Services.GetRequiredService<IAnnualReportStore>().GetGeneratedAsync(Year);
        var htmlTables = new HtmlParser().ParseDocument(stored!.Html).QuerySelectorAll("table")
            .Select(t => t.QuerySelectorAll("tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent).ToList()).ToList()).ToList();
        Assert.Equal(3, wordTables.Count);
        Assert.Equal(htmlTables, wordTables);

        // Table 三, row 一: 自然人 3, 商业企业 0, 科研机构 2, 社会公益组织 0, 法律服务机构 0, 其他 0, 总计 5.
        var received = wordTables[1].Single(r => r[0].StartsWith("一、本年新收"));
        Assert.Equal(["3", "0", "2", "0", "0", "0", "5"], received.TakeLast(7).ToArray());
        var forward = wordTables[1].Single(r => r[0].StartsWith("四、结转下年度"));
        Assert.Equal(["1", "0", "0", "0", "0", "0", "1"], forward.TakeLast(7).ToArray());

        // Publishing goes through intake: an item in 年度报告 awaiting its checks, body with the tables intact, DOCX attached.
        using var submitted = await admin.PostAsync($"/api/annual-reports/{Year}/submission", null);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var accepted = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement;
        var itemId = accepted.GetProperty("id").GetString()!;
        // The one "accepted for processing" shape of the API, as POST /api/submissions answers it.
        Assert.Equal($"/api/submissions/{itemId}", submitted.Headers.Location?.ToString());
        Assert.Equal($"/api/submissions/{itemId}", accepted.GetProperty("status").GetString());
        Assert.Equal("已提交", accepted.GetProperty("stateName").GetString());
        Assert.All(new[] { "indexNumber", "version", "state", "title", "column" }, name => Assert.True(accepted.TryGetProperty(name, out _), name));
        var item = (await host.Services.GetRequiredService<IItemStore>().GetAsync(itemId))!.Item;
        Assert.Equal(("ndbg", "报告", title, BodyFormat.Html), (item.ColumnCode, item.Genre, item.Title, item.BodyFormat));
        var attachment = Assert.Single(item.Attachments);
        Assert.Equal(title + ".docx", attachment.FileName);
        string body;
        await using (var stream = await host.Services.GetRequiredService<IContentStore>().OpenAsync(itemId, item.BodyId!))
            body = await new StreamReader(stream).ReadToEndAsync();
        var published = new HtmlParser().ParseDocument(body);
        Assert.Equal(3, published.QuerySelectorAll("table caption").Length);
        Assert.Equal(new HtmlParser().ParseDocument(stored.Html).QuerySelectorAll("th[scope], [colspan], [rowspan]").Length,
            published.QuerySelectorAll("th[scope], [colspan], [rowspan]").Length);

        using var again = await admin.PostAsync($"/api/annual-reports/{Year}/submission", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same generation submitted twice is one item
        Assert.Equal(itemId, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
    }

    // A year no other test saves figures for (the record of a year is shared storage).
    private const int GarbageYear = 2021;

    /// <summary>
    /// Issue 17's untested edge: an If-Match this API never issued (not an entity-tag at all, or a tag of nothing saved)
    /// is a version that is not there: 412 problem+json, and nothing is written, both before the year's first save and after.
    /// </summary>
    [Theory]
    [InlineData("garbage")]
    [InlineData("\"not-a-version-we-issued\"")]
    [InlineData("W/\"weak\"")]
    [InlineData("\"")]
    public async Task A_garbage_If_Match_on_the_figures_is_412_problem_json_and_writes_nothing(string ifMatch)
    {
        await using var host = await TestHosts.StartAsync();
        var admin = As(host, "管理员", "bgs", Role.Administrator);
        var figures = Consistent.Replace("\"year\": 2024", $"\"year\": {GarbageYear}", StringComparison.Ordinal);
        async Task<HttpResponseMessage> PutAsync()
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/annual-reports/{GarbageYear}/figures") { Content = Json(figures) };
            put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await admin.SendAsync(put);
        }
        async Task<string?> SavedVersionAsync()
        {
            using var read = await admin.GetAsync($"/api/annual-reports/{GarbageYear}/figures");
            return read.StatusCode == HttpStatusCode.OK ? read.Headers.ETag!.ToString() : null;
        }
        async Task RefusedAsync(HttpResponseMessage answer)
        {
            using (answer)
            {
                Assert.Equal(HttpStatusCode.PreconditionFailed, answer.StatusCode);
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
                using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
                Assert.Equal(412, problem.RootElement.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
            }
        }

        // Whether or not an earlier case of this theory saved the year, the garbage tag refers to no saved version.
        var before = await SavedVersionAsync();
        await RefusedAsync(await PutAsync());
        Assert.Equal(before, await SavedVersionAsync());

        if (before is null)
        {
            // The year's first save needs no If-Match.
            using var saved = await admin.PutAsync($"/api/annual-reports/{GarbageYear}/figures", Json(figures));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        var version = await SavedVersionAsync();
        Assert.NotNull(version);
        await RefusedAsync(await PutAsync());
        Assert.Equal(version, await SavedVersionAsync());
    }

    /// <summary>
    /// The 修改记录 beyond what the figures record keeps is served from its archived parts: the latest saves first, the
    /// older part next through the Link header. 2016 is a year no other test saves.
    /// </summary>
    [Fact]
    public async Task The_figures_history_comes_newest_first_in_pages_from_the_record_and_its_archived_part()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var reports = host.Services.GetRequiredService<AnnualReportService>();
        var saves = 2 * FiguresHistory.SavesPerArchivedPart + 1;
        for (var n = 1; n <= saves; n++)
            Assert.True((await reports.SaveFiguresAsync(2016, new AnnualReportFigures { Year = 2016, LicensingDecisions = n }, "管理员")).Saved);
        var admin = As(host, "管理员", "bgs", Role.Administrator);

        var values = new List<string>();
        var pages = 0;
        for (string? url = "/api/annual-reports/2016/figures/history"; url is not null; pages++)
        {
            using var response = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var history = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("history");
            values.AddRange(history.EnumerateArray().Select(s => s.GetProperty("changes")[0].GetProperty("after").GetString()!));
            url = response.Headers.TryGetValues("Link", out var links) ? Workbench.SubmissionListFilterTests.NextOf(links.Single()) : null;
        }
        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Range(1, saves).Reverse().Select(n => n.ToString()), values);

        using var wrong = await admin.GetAsync("/api/annual-reports/2016/figures/history?part=abc");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("（part）", await wrong.Content.ReadAsStringAsync());
        using var missing = await admin.GetAsync("/api/annual-reports/2016/figures/history?part=1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_department_user_gets_403_from_every_annual_report_endpoint()
    {
        await using var host = await TestHosts.StartAsync();
        var department = As(host, "张三", "cwc", Role.Submitter, Role.Reviewer);
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => department.PutAsync($"/api/annual-reports/{Year}/figures", Json(Consistent)),
            () => department.GetAsync($"/api/annual-reports/{Year}/figures"),
            () => department.GetAsync($"/api/annual-reports/{Year}/figures/history"),
            () => department.PostAsync($"/api/annual-reports/{Year}", null),
            () => department.GetAsync($"/api/annual-reports/{Year}/docx"),
            () => department.PostAsync($"/api/annual-reports/{Year}/submission", null),
        };
        foreach (var send in requests)
        {
            using var response = await send();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
