using System.Globalization;
using System.IO.Compression;
using System.Net;
using Disclosure.Adapters.Publishing;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Import;
using Disclosure.ImportTool;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Disclosure.Redirects;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Disclosure.Integration.Tests.Import;

/// <summary>
/// Issue 18's proof, against Azurite through the administrators' command: a generated catalogue of 2,000 rows with 200
/// attachments in a zip and 20 seeded errors. The dry run lists exactly those rows and writes nothing; an import killed
/// midway resumes; a second run imports none; the next submission's 索引号 continues after the imported ones; the
/// checks run on the imported items and one publication run puts them on the portal; the old addresses lead to the new pages.
/// </summary>
public class CatalogueImportFlowTests(ITestOutputHelper output)
{
    private const int RowCount = 2000;
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);
    private static readonly string Administrator = RequestPrincipal.Encode("王管理", "bgs", Role.Administrator);
    /// <summary>A phrase only this test's titles carry, so the search is asked about these items alone.</summary>
    private const string Marker = "星火历史导入样例";

    private sealed record Generated(string Folder, string Catalogue, string Zip, IReadOnlyDictionary<int, string> SeededErrors,
        IReadOnlyList<(int Row, IndexNumber Number, string Title, string Column)> Valid);

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static Generated Generate(string issuer, DateOnly today)
    {
        var currentYear = today.Year;
        var folder = Directory.CreateTempSubdirectory("import-2000-").FullName;
        string[] headers = ["索引号", "标题", "栏目", "体裁", "发布机构", "成文日期", "发布日期", "有效性", "主题词", "正文", "附件", "原网址"];
        (string Code, string Genre)[] columns = [("tzgg", "通知"), ("gzdt", "动态"), ("kjxm", "公示")];
        var seeded = new Dictionary<int, string>();
        var valid = new List<(int, IndexNumber, string, string)>();
        var rows = new List<IReadOnlyList<string>>();
        var serials = new Dictionary<int, int>();
        var zipPath = Path.Combine(folder, "附件.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            for (var i = 1; i <= RowCount; i++)
            {
                var row = i + 1; // the header is row 1
                // Most years of the old site; every 100th row is this year's, numbered far above anything submitted yet.
                var year = i % 100 == 0 ? currentYear : 2012 + i % 14;
                var serial = serials[year] = serials.GetValueOrDefault(year, year == currentYear ? 40_000 : 0) + 1;
                var number = new IndexNumber(issuer, year, serial);
                var (column, genre) = columns[i % columns.Length];
                // This year's rows are formed on 5 January and published the day after, or today when that is earlier (no date
                // in the future on 1–5 January).
                var formed = year == currentYear ? Earlier(new DateOnly(year, 1, 5), today) : new DateOnly(year, 3, 1).AddDays(i % 200);
                var published = Earlier(formed.AddDays(1), today);
                var title = $"{Marker}第{i}号：科技工作{(column == "gzdt" ? "动态" : "通知")}";
                string[] cells =
                [
                    number.ToString(), title, column, genre, "", formed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    published.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture), i % 10 == 3 ? "废止" : "有效", "科技 历史",
                    $"这是第{i}号历史信息的正文，原刊登于本局旧网站。", "", $"http://old.kjj.example.gov.cn/art/{year}/{i}.html",
                ];
                if (i % 10 == 0)
                {
                    var name = $"附件/第{i}号附件.pdf";
                    using (var entry = zip.CreateEntry(name).Open()) entry.Write(Submissions.Pdf($"Attachment {i}"));
                    cells[10] = name;
                }
                // Twenty seeded errors, two of each kind, spread through the file.
                if (i % 100 == 37)
                {
                    var kind = i / 100 % 10;
                    (int Cell, string Value, string Reason) error = kind switch
                    {
                        0 => (0, $"{year}-{serial:D5}", "格式应为"),
                        1 => (0, valid[^1].Item2.ToString(), "重复"),
                        2 => (0, $"91110000600037479C/{year}-{serial:D5}", "不是本机关的代码"),
                        3 => (6, "", "请填写发布日期"),
                        4 => (6, formed.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "发布日期不能早于成文日期"),
                        5 => (2, "历史栏目", "请从目录中选择栏目"),
                        6 => (3, "规章", "可选的体裁为"),
                        7 => (10, "附件/不存在的附件.pdf", "找不到文件"),
                        8 => (5, $"{currentYear + 1}-01-01", "成文日期不能晚于今天"),
                        _ => (1, "", "请填写标题"),
                    };
                    cells[error.Cell] = error.Value;
                    seeded[row] = error.Reason;
                }
                else valid.Add((row, number, title, column));
                rows.Add(cells);
            }
        }
        var catalogue = Path.Combine(folder, "旧网站目录导出.xlsx");
        File.WriteAllBytes(catalogue, CatalogueWorkbook.Write(headers, rows, serialDateColumns: new HashSet<int> { 5 }));
        return new Generated(folder, catalogue, zipPath, seeded, valid);
    }

    [Fact]
    public async Task Two_thousand_rows_with_twenty_seeded_errors_dry_run_import_resume_rerun_continue_numbering_and_publish()
    {
        await using var host = await TestHosts.StartAsync();
        using var client = host.Client();
        var catalogueSettings = host.Services.GetRequiredService<CatalogueSettings>();
        var items = host.Services.GetRequiredService<IItemStore>();
        var today = ChinaTime.Today(TimeProvider.System);
        var year = today.Year;
        var data = Generate(catalogueSettings.Agency.IssuerCode, today);
        var settings = new Dictionary<string, string?> { ["Storage"] = await TestStorage.ConnectionStringAsync(), ["Disclosure__SeedSampleData"] = "false" };
        var reports = Path.Combine(data.Folder, "报告");
        string[] Args(params string[] more) => [data.Catalogue, "--files", data.Zip, "--report", reports, "--as", "张管理", .. more];
        try
        {
            // Dry run: exactly the seeded rows, each with its reason, and nothing written.
            ImportSummary? dry = null;
            var dryExit = await ImportCommand.RunAsync(Args("--dry-run"), settings, TextWriter.Null, TextWriter.Null, CancellationToken.None, finished: s => dry = s);
            Assert.Equal(1, dryExit);
            output.WriteLine($"dry run: {dry!.Rows} rows in {dry.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(RowCount, dry!.Rows);
            Assert.Equal(data.SeededErrors.Keys.Order(), dry.Failures.Select(f => f.Row).Order());
            foreach (var failure in dry.Failures) Assert.Contains(data.SeededErrors[failure.Row], failure.Reasons);
            var csv = File.ReadAllLines(Path.Combine(reports, "旧网站目录导出.预检报告.csv"));
            Assert.Equal(21, csv.Length);
            Assert.Contains("<td>38</td>", File.ReadAllText(Path.Combine(reports, "旧网站目录导出.预检报告.html")));
            foreach (var (_, number, _, _) in data.Valid) Assert.Null(await items.GetAsync(CatalogueImport.ItemIdOf(number)));

            // The import is killed 10 rows past a checkpoint, then run again: it resumes.
            using var kill = new CancellationTokenSource();
            var killer = new Progress(p => { if (p.RowsDone == 710) kill.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                ImportCommand.RunAsync(Args(), settings, TextWriter.Null, TextWriter.Null, kill.Token, killer));
            ImportSummary? resumed = null;
            Assert.Equal(1, await ImportCommand.RunAsync(Args(), settings, TextWriter.Null, TextWriter.Null, CancellationToken.None, finished: s => resumed = s));
            Assert.Equal(701, resumed!.ResumedAfterRow); // the last checkpoint before the kill: 28 × 25 data rows, after the header
            foreach (var (_, number, _, _) in data.Valid) Assert.NotNull(await items.GetAsync(CatalogueImport.ItemIdOf(number)));
            var importedBeforeTheKill = data.Valid.Count(v => v.Row <= 701);
            Assert.Equal(data.Valid.Count - importedBeforeTheKill, resumed.Imported + resumed.AlreadyThere);
            // The 原网址 column of every imported row is in the redirect book (the killed run stopped before it got there).
            Assert.Equal((1980, 0, 0), (resumed.OldAddresses!.Added, resumed.OldAddresses.AlreadyThere, resumed.OldAddresses.Refused.Count));
            Assert.Equal(1980, data.Valid.Count);
            output.WriteLine($"resumed import: {resumed.Rows - resumed.ResumedAfterRowsSkipped} rows in {resumed.Elapsed.TotalSeconds:0.0} s, {resumed.RowsPerSecond:0.0} rows/s, {resumed.Imported} imported");

            // A second run imports none.
            ImportSummary? again = null;
            await ImportCommand.RunAsync(Args(), settings, TextWriter.Null, TextWriter.Null, CancellationToken.None, finished: s => again = s);
            Assert.Equal(0, again!.Imported);
            Assert.Equal(1980, again.AlreadyThere);
            Assert.Equal((0, 1980), (again.OldAddresses!.Added, again.OldAddresses.AlreadyThere));
            output.WriteLine($"second run: {again.Rows} rows in {again.Elapsed.TotalSeconds:0.0} s");

            // The next submission's 索引号 continues after the highest imported serial of this year.
            using var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid("导入之后报送的第一条信息")));
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var fresh = (await items.GetAsync((await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!))!.Item.IndexNumber;
            var highest = data.Valid.Where(v => v.Number.Year == year).Max(v => v.Number.Serial);
            Assert.Equal(year, fresh.Year);
            Assert.True(fresh.Serial > highest, $"{fresh} should come after {year}-{highest}");

            // The checks run on every imported item; clean ones wait for the publication, which puts them all online. Every
            // reading lists the items 待发布 of the whole shared store (thousands late in a full run): every two seconds, not
            // ten times a second, or the readings take the emulator's time from the checks they wait for.
            var ids = data.Valid.Select(v => CatalogueImport.ItemIdOf(v.Number)).ToHashSet();
            await Eventually.ReadAsync(async () =>
            {
                var ready = 0;
                await foreach (var item in items.ListAsync(new ItemQuery(State: ItemState.ReadyToPublish))) if (ids.Contains(item.Id)) ready++;
                return ready;
            }, ready => ready == ids.Count, TimeSpan.FromMinutes(10), interval: TimeSpan.FromSeconds(2));

            using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
            publish.Headers.Add(RequestPrincipal.Header, Reviewer);
            using var published = await client.SendAsync(publish);
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

            var (row, sample, title, column) = data.Valid.First(v => v.Number.Year == 2013);
            var stored = (await items.GetAsync(CatalogueImport.ItemIdOf(sample)))!.Item;
            Assert.Equal(ItemState.Published, stored.State);
            Assert.Equal(new ImportedFrom("旧网站目录导出.xlsx", row, resumed.Batch, $"http://old.kjj.example.gov.cn/art/2013/{row - 1}.html"), stored.Imported);
            var page = await client.GetStringAsync(PortalPaths.Item(stored.Id));
            Assert.Contains(title, page);
            Assert.Contains(sample.ToString(), page);
            Assert.Contains(title, await Publishing.PublicationFlowTests.CatalogueAsync(client, PortalPaths.YearCatalogue(stored.PublishedOn!.Value.Year)));
            // A column's page 1 holds its oldest items: the imported ones, years older than anything submitted here.
            var columnPage = await client.GetStringAsync(PortalPaths.ColumnPage(column, 1));
            Assert.Contains(data.Valid.Where(v => v.Column == column).Select(v => v.Title), t => columnPage.Contains(t, StringComparison.Ordinal));
            // The old site's address of the item now leads to its new page (another host: through the CDN's or nginx's rules).
            using (var rules = new HttpRequestMessage(HttpMethod.Get, $"/api/redirects/rules/{RedirectFiles.NginxMapName}"))
            {
                rules.Headers.Add(RequestPrincipal.Header, Administrator);
                using var answer = await client.SendAsync(rules);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Contains($"\"old.kjj.example.gov.cn/art/2013/{row - 1}.html\" \"https://kjj.example.gov.cn/items/{stored.Id}.html\";",
                    await answer.Content.ReadAsStringAsync());
            }
            var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(BlobSiteStore.SiteContainer);
            var hits = await new SearchIndexReader(new BlobSiteFiles(site)).SearchAsync(Marker);
            Assert.True(hits.Total >= 1980, $"search for {Marker} found {hits.Total}");
        }
        finally
        {
            Directory.Delete(data.Folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.xlsx b.xlsx")]
    [InlineData("a.xlsx --files")]
    [InlineData("a.xlsx --force")]
    public async Task A_wrong_command_line_prints_the_usage_in_Chinese_and_exits_2(string commandLine)
    {
        var errors = new StringWriter();
        Assert.Equal(2, await ImportCommand.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), new Dictionary<string, string?>(), TextWriter.Null, errors, CancellationToken.None));
        Assert.Contains("--dry-run     只检查，不写入任何数据", errors.ToString());
    }

    [Fact]
    public async Task A_catalogue_with_an_unknown_header_stops_before_any_row_with_the_problem_named()
    {
        var folder = Directory.CreateTempSubdirectory("import-bad-");
        try
        {
            var csv = Path.Combine(folder.FullName, "目录.csv");
            File.WriteAllText(csv, "索引号,标题,点击量\r\n1,2,3\r\n");
            var errors = new StringWriter();
            var settings = new Dictionary<string, string?> { ["Storage"] = await TestStorage.ConnectionStringAsync() };
            Assert.Equal(2, await ImportCommand.RunAsync([csv, "--dry-run"], settings, TextWriter.Null, errors, CancellationToken.None));
            Assert.Contains("第 C 列的表头“点击量”无法识别", errors.ToString());
            Assert.Contains("缺少必需的列“发布日期”", errors.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed class Progress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
