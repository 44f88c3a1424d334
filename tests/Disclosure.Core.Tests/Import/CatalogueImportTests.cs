using Disclosure.Audit;
using Disclosure.Identity;
using Disclosure.Import;
using Disclosure.Intake;
using Disclosure.Items;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Import;

public class CatalogueImportTests
{
    private static readonly Principal Admin = new("张管理", "bgs", new HashSet<string> { Role.Administrator }) { Id = "admin-1" };
    private static readonly string Issuer = Settings.Agency.IssuerCode;
    private static readonly string[] Headers = ["索引号", "标题", "栏目", "体裁", "发布机构", "文号", "成文日期", "发布日期", "有效性", "主题词", "正文", "附件", "原网址", "废止/修订关系"];

    private static string[] Row(int serial, int year = 2019, string column = "tzgg", string genre = "通知", string formed = "2019-03-01",
        string published = "2019-03-05", string attachment = "", string title = "", string validity = "有效", string? number = null, string relation = "")
        => [number ?? $"{Issuer}/{year}-{serial:D5}", title.Length > 0 ? title : $"关于第{serial}号事项的通知", column, genre, "", "",
            formed, published, validity, "科技 项目", $"第{serial}号事项的正文。", attachment, $"http://old.example.gov.cn/art/{serial}.html", relation];

    private sealed class ListTable(params string[][] rows) : ICatalogueTable
    {
        public string FileName => "目录导出.xlsx";
        public IReadOnlyList<string> Headers => CatalogueImportTests.Headers;
        public IEnumerable<SourceRow> Rows => rows.Select((r, i) => new SourceRow(i + 2, r));
    }

    private sealed class MemoryFiles(Dictionary<string, byte[]> files) : IImportFiles
    {
        public bool Exists(string name) => files.ContainsKey(name);
        public byte[]? Read(string name, long maxBytes) => files.GetValueOrDefault(name);
    }

    private sealed class Continuation : IIndexNumberContinuation
    {
        public readonly Dictionary<int, int> Last = [];
        public Task ContinueAfterAsync(string issuerCode, int year, int serial, CancellationToken ct = default)
        {
            Last[year] = Math.Max(Last.GetValueOrDefault(year), serial);
            return Task.CompletedTask;
        }
    }

    private sealed class Checkpoints : IImportCheckpoints
    {
        public readonly Dictionary<string, StoredCheckpoint> Stored = [];
        private int _etag;
        public Task<StoredCheckpoint?> GetAsync(string batch, CancellationToken ct = default) => Task.FromResult(Stored.GetValueOrDefault(batch));
        public Task<string> SaveAsync(ImportCheckpoint checkpoint, string? etag, CancellationToken ct = default)
        {
            if (Stored.TryGetValue(checkpoint.Batch, out var existing) ? existing.ETag != etag : etag is not null)
                throw new ImportCheckpointConflictException(checkpoint.FileName);
            var next = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Stored[checkpoint.Batch] = new StoredCheckpoint(checkpoint, next);
            return Task.FromResult(next);
        }
    }

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static (CatalogueImport Import, InMemoryItemStore Items, Continuation Numbers, Checkpoints Progress) Importer(InMemoryItemStore? items = null)
    {
        var time = Clock();
        items ??= new InMemoryItemStore();
        var numbers = new Continuation();
        var progress = new Checkpoints();
        return (new CatalogueImport(Settings, new SubmissionValidator(Settings, items, time), items, new ItemLifecycle(items, time), items,
            numbers, progress, time), items, numbers, progress);
    }

    private static MemoryFiles Files() => new(new() { ["附件1.pdf"] = Pdf });

    [Fact]
    public async Task The_dry_run_lists_each_failing_row_with_its_reasons_and_writes_nothing()
    {
        var (import, items, numbers, progress) = Importer();
        var table = new ListTable(
            Row(1, attachment: "附件1.pdf"),
            Row(2, number: "2019-00002"),                    // row 3: not this agency's format
            Row(1),                                          // row 4: same 索引号 as row 2
            Row(4, number: $"91110000600037479C/2019-00004"),// row 5: another issuer
            Row(5, published: ""),                           // row 6: no 发布日期
            Row(6, column: "不存在的栏目"),                  // row 7
            Row(7, genre: "动态"),                           // row 8: not a genre of 通知公告
            Row(8, attachment: "缺失.pdf"),                  // row 9
            Row(9, formed: "2019-03-09", published: "2019-03-01"), // row 10: published before it was made
            Row(10, title: new string('长', 201)),           // row 11: intake's title limit
            Row(11, column: "通知公告"));                    // row 12: a column by its name is fine

        var summary = await import.DryRunAsync(table, Files(), Admin, CancellationToken.None);

        Assert.Equal(11, summary.Rows);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], summary.Failures.Select(f => f.Row).Order());
        string Why(int row) => summary.Failures.Single(f => f.Row == row).Reasons;
        Assert.Contains("索引号：索引号“2019-00002”的格式应为", Why(3));
        Assert.Contains("索引号与第 2 行重复", Why(4));
        Assert.Contains("不是本机关的代码", Why(5));
        Assert.Contains("发布日期：请填写发布日期", Why(6));
        Assert.Contains("栏目：请从目录中选择栏目", Why(7));
        Assert.Contains("体裁：栏目“通知公告”可选的体裁为", Why(8));
        Assert.Contains("附件：找不到文件“缺失.pdf”", Why(9));
        Assert.Contains("发布日期不能早于成文日期", Why(10));
        Assert.Contains("标题：标题不能超过 200 个字", Why(11));
        Assert.Equal(2, summary.Importable);

        Assert.Empty(items.ListAllVersionsAsync().ToBlockingEnumerable());
        Assert.Empty(items.ListAsync(CancellationToken.None).ToBlockingEnumerable());
        Assert.Empty(items.Messages);
        Assert.Empty(numbers.Last);
        Assert.Empty(progress.Stored);
    }

    [Fact]
    public async Task The_import_keeps_index_number_dates_and_validity_records_who_imported_from_which_file_and_requests_the_check()
    {
        var (import, items, numbers, _) = Importer();
        var table = new ListTable(Row(12, attachment: "附件1.pdf", validity: "废止"), Row(3, year: 2020, published: "2020-05-06", formed: "2020-05-01"), Row(99, column: "x"));

        var summary = await import.ImportAsync(table, Files(), Admin, null, CancellationToken.None);

        Assert.Equal(2, summary.Imported);
        Assert.Single(summary.Failures);
        var stored = (await items.FindByIndexNumberAsync(new IndexNumber(Issuer, 2019, 12)))!.Item;
        Assert.Equal(new DateOnly(2019, 3, 1), stored.FormedOn);
        Assert.Equal(new DateOnly(2019, 3, 5), stored.PublishedOn);
        Assert.Equal(Validity.Repealed, stored.Validity);
        Assert.Equal(ItemState.Submitted, stored.State);
        Assert.Equal("附件1.pdf", Assert.Single(stored.Attachments).FileName);
        Assert.Equal(new ImportedFrom("目录导出.xlsx", 2, summary.Batch, "http://old.example.gov.cn/art/12.html"), stored.Imported);
        var audit = Assert.Single(await items.ListAsync(stored.Id));
        Assert.Equal(AuditAction.Imported, audit.Action);
        Assert.Equal("历史导入", AuditAction.ToChinese(audit.Action));
        Assert.Equal("张管理", audit.Actor);
        Assert.Equal("目录导出.xlsx", audit.Details[ImportTexts.File]);
        Assert.Equal("张管理", audit.Details[ImportTexts.ImportedBy]);
        Assert.Contains(items.Messages, m => m.Body.Contains(stored.Id));
        // The sequence of each year continues after the highest serial imported (row 4's 99 failed, so it does not count).
        Assert.Equal(new Dictionary<int, int> { [2019] = 12, [2020] = 3 }, numbers.Last);
    }

    [Fact]
    public async Task A_second_run_imports_none_and_a_dry_run_after_it_reports_the_rows_as_already_there()
    {
        var (import, items, _, _) = Importer();
        var table = new ListTable(Row(1), Row(2), Row(3));
        await import.ImportAsync(table, Files(), Admin, null, CancellationToken.None);

        var again = await import.ImportAsync(table, Files(), Admin, null, CancellationToken.None);
        var dry = await import.DryRunAsync(table, Files(), Admin, CancellationToken.None);

        Assert.Equal(0, again.Imported);
        Assert.Equal(3, again.AlreadyThere);
        Assert.Empty(again.Failures);
        Assert.Equal(3, dry.AlreadyThere);
        Assert.Equal(3, items.ListAllVersionsAsync().ToBlockingEnumerable().Count());
    }

    [Fact]
    public async Task An_interrupted_import_resumes_after_its_checkpoint_and_brings_in_every_row_once()
    {
        var (import, items, _, checkpoints) = Importer();
        var table = new ListTable(Enumerable.Range(1, 60).Select(i => Row(i)).ToArray());
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var interrupt = new SynchronousProgress(p => { seen = p.RowsDone; if (p.RowsDone == 40) stop.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import.ImportAsync(table, Files(), Admin, interrupt, stop.Token));
        var checkpoint = Assert.Single(checkpoints.Stored.Values).Checkpoint;
        Assert.Equal(26, checkpoint.LastRow); // the 25th data row, the last checkpoint before the interruption
        Assert.False(checkpoint.Completed);

        var resumed = await import.ImportAsync(table, Files(), Admin, null, CancellationToken.None);

        Assert.Equal(40, seen);
        Assert.Equal(26, resumed.ResumedAfterRow);
        Assert.Equal(35, resumed.Imported + resumed.AlreadyThere);
        Assert.Equal(20, resumed.Imported);
        Assert.Equal(60, items.ListAllVersionsAsync().ToBlockingEnumerable().Count());
        Assert.True(Assert.Single(checkpoints.Stored.Values).Checkpoint.Completed);
    }

    [Fact]
    public async Task A_index_number_the_system_already_gave_to_another_item_fails_the_row()
    {
        var (import, items, _, _) = Importer();
        var taken = new IndexNumber(Issuer, 2019, 7);
        await items.CreateAsync(Item(i => i with { Id = "submitted-here", IndexNumber = taken, Title = "本系统报送的信息" }),
            ItemChange.Of(new AuditEntry { ItemId = "submitted-here", EventId = "e", At = Now, Actor = "x", Action = AuditAction.Submitted, To = ItemState.Submitted }));

        var summary = await import.DryRunAsync(new ListTable(Row(7)), Files(), Admin, CancellationToken.None);

        Assert.Contains("索引号已被本系统中的信息“本系统报送的信息”使用", Assert.Single(summary.Failures).Reasons);
    }

    [Fact]
    public async Task A_repeal_of_an_earlier_row_of_the_same_file_passes_the_dry_run_and_is_linked_on_import_while_one_of_a_failed_row_fails()
    {
        var (import, items, _, _) = Importer();
        var table = new ListTable(
            Row(1, validity: "废止"),
            Row(2, relation: $"废止：{Issuer}/2019-00001"),
            Row(3, column: "x"),
            Row(4, relation: $"修订 {Issuer}/2019-00003"));

        var dry = await import.DryRunAsync(table, Files(), Admin, CancellationToken.None);
        var done = await import.ImportAsync(table, Files(), Admin, null, CancellationToken.None);

        Assert.Equal([4, 5], dry.Failures.Select(f => f.Row).Order());
        Assert.Contains("废止/修订关系：找不到索引号", dry.Failures.Single(f => f.Row == 5).Reasons);
        Assert.Equal(2, done.Imported);
        var repealing = (await items.FindByIndexNumberAsync(new IndexNumber(Issuer, 2019, 2)))!.Item;
        Assert.Equal(Relation.Repeals, repealing.Relation);
        Assert.Equal(CatalogueImport.ItemIdOf(new IndexNumber(Issuer, 2019, 1)), repealing.RelatedItemId);
    }

    [Fact]
    public async Task Only_an_administrator_imports()
    {
        var (import, _, _, _) = Importer();
        var clerk = new Principal("王科员", "bgs", new HashSet<string> { Role.Submitter });
        await Assert.ThrowsAsync<ImportFileException>(() => import.DryRunAsync(new ListTable(Row(1)), Files(), clerk, CancellationToken.None));
    }

    [Fact]
    public async Task The_reports_list_the_failing_rows_as_HTML_and_as_CSV_that_cannot_start_a_formula()
    {
        var (import, _, _, _) = Importer();
        var summary = await import.DryRunAsync(new ListTable(Row(1), Row(2, column: "x", title: "=HYPERLINK(\"http://evil\")<b>")), Files(), Admin, CancellationToken.None);

        var html = ImportReport.ToHtml(summary);
        var csv = ImportReport.ToCsv(summary);

        Assert.Contains("<td>3</td>", html);
        Assert.Contains("=HYPERLINK(&quot;http://evil&quot;)&lt;b&gt;", html);
        Assert.Contains("栏目：请从目录中选择栏目", html);
        Assert.StartsWith("\uFEFF行号,索引号,标题,原因\r\n3,", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")<b>\"", csv);
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

public class ImportProgressTests
{
    [Fact]
    public void Rate_and_time_left_are_computed_from_the_rows_done_and_the_time_taken()
    {
        var progress = new ImportProgress(RowsDone: 300, RowsTotal: 2000, Imported: 290, AlreadyThere: 7, Failed: 3, Elapsed: TimeSpan.FromSeconds(30));

        Assert.Equal(10, progress.RowsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(170), progress.Remaining);
        Assert.Equal("已处理 300/2000 行（导入 290，已存在 7，未通过 3），每秒 10.0 行，预计还需 00:02:50", progress.ToChinese());
        Assert.Null((progress with { Elapsed = TimeSpan.Zero }).Remaining);
    }
}
