using System.IO.Compression;
using System.Text;
using Disclosure.Adapters.Documents;
using Disclosure.Adapters.Import;
using Disclosure.Import;

namespace Disclosure.Adapters.Tests.Import;

public class CatalogueReadingTests
{
    private static readonly string[] Headers = ["索引号", "标题", "栏目", "体裁", "成文日期", "发布日期", "正文", "原网址"];
    private static readonly string[][] Rows =
    [
        ["113301000024820810/2019-00001", "关于开展2019年度科技项目申报工作的通知", "tzgg", "通知", "2019-03-01", "2019-03-05", "各有关单位：\n请按要求申报，\"截止\"日期见附件。", "http://old.example.gov.cn/art/2019/3/5/art_1.html"],
        ["113301000024820810/2019-00002", "工作动态，第二期", "gzdt", "动态", "2019-04-01", "2019-04-02", "召开会议", ""],
    ];

    private static string Csv(IEnumerable<IReadOnlyList<string>> rows, string newline = "\r\n")
        => string.Join(newline, rows.Select(r => string.Join(",", r.Select(v => v.Contains(',') || v.Contains('"') || v.Contains('\n') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v)))) + newline;

    private static IReadOnlyList<IReadOnlyList<string>> All() => [Headers, .. Rows];

    private static void AssertRows(ICatalogueTable table)
    {
        Assert.Equal(Headers, table.Headers);
        var rows = table.Rows.ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].Number);
        Assert.Equal(Rows[0], rows[0].Cells.Take(Headers.Length).ToArray());
        Assert.Equal(Rows[1].Take(7), rows[1].Cells.Take(7));
    }

    [Fact]
    public void Csv_in_UTF8_with_a_BOM_without_one_and_in_GB18030_reads_the_same_rows_with_quoted_commas_quotes_and_line_breaks()
    {
        var text = Csv(All());
        var utf8Bom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var utf8 = Encoding.UTF8.GetBytes(text);
        var gb = CsvCatalogue.Gb18030.GetBytes(text);
        Assert.NotEqual(utf8, gb);

        foreach (var (bytes, encoding) in new[] { (utf8Bom, "utf-8"), (utf8, "utf-8"), (gb, "GB18030") })
        {
            var table = new CsvCatalogue("目录.csv", () => new MemoryStream(bytes));
            AssertRows(table);
            Assert.Equal(encoding, table.EncodingName, ignoreCase: true);
        }
    }

    [Fact]
    public void Xlsx_is_read_from_shared_strings_with_cells_placed_by_reference_and_dates_as_serials()
    {
        var bytes = CatalogueWorkbook.Write(Headers, Rows, serialDateColumns: new HashSet<int> { 5 });
        var table = new SpreadsheetCatalogue("目录.xlsx", () => new MemoryStream(bytes));

        Assert.Equal(Headers, table.Headers);
        var rows = table.Rows.ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(Rows[0][1], rows[0].Cells[1]);
        Assert.Equal("2019-03-05", CatalogueRow.DateText(rows[0].Cells[5]));
        // Row 3's 原网址 cell is empty and left out of the file: the row simply ends earlier.
        Assert.True(rows[1].Cells.Count <= 7 || rows[1].Cells[7].Length == 0);
        Assert.Equal(3, rows[1].Number);
    }

    [Fact]
    public void A_sheet_that_inflates_past_the_budget_is_refused_before_the_SDK_reads_it()
    {
        var bytes = CatalogueWorkbook.Write(Headers, Enumerable.Range(0, 2000).Select(i => (IReadOnlyList<string>)Rows[0].Select(v => v + i).ToArray()));
        var small = ImportLimits.Catalogue();
        small.MaxPartBytes = 64 * 1024;

        var error = Assert.Throws<ImportFileException>(() => new SpreadsheetCatalogue("大.xlsx", () => new MemoryStream(bytes), small));

        Assert.Contains("大.xlsx", error.Message);
        Assert.Contains("MiB", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_spreadsheet_is_refused_with_a_message_in_Chinese()
    {
        var error = Assert.Throws<ImportFileException>(() => new SpreadsheetCatalogue("坏.xlsx", () => new MemoryStream(Encoding.UTF8.GetBytes("not a zip"))));
        Assert.Contains("无法作为目录读取", error.Message);
    }

    [Fact]
    public void A_CSV_with_an_unclosed_quote_is_refused_naming_the_row()
    {
        var bytes = Encoding.UTF8.GetBytes("索引号,标题\r\n\"abc,def\r\n");
        var table = new CsvCatalogue("目录.csv", () => new MemoryStream(bytes));
        var error = Assert.Throws<ImportFileException>(() => table.Rows.ToList());
        Assert.Contains("第 2 行的引号没有结束", error.Message);
    }

    [Fact]
    public void Headers_are_found_by_name_with_aliases_spaces_and_required_marks_in_any_order()
    {
        var (map, problems) = CatalogueHeaders.Map([" 原链接 ", "名 称", "索引号*", "分类", "体裁", "成文日期", "发布时间", "正文文件", "", "废止／修订关系"]);

        Assert.Empty(problems);
        Assert.Equal(0, map![CatalogueField.OriginalUrl]);
        Assert.Equal(1, map[CatalogueField.Title]);
        Assert.Equal(2, map[CatalogueField.IndexNumber]);
        Assert.Equal(3, map[CatalogueField.Column]);
        Assert.Equal(6, map[CatalogueField.PublishedOn]);
        Assert.Equal(7, map[CatalogueField.BodyFile]);
        Assert.Equal(9, map[CatalogueField.Relation]);
    }

    [Fact]
    public void An_unknown_header_and_a_missing_required_one_are_each_named()
    {
        var (map, problems) = CatalogueHeaders.Map(["索引号", "标题", "栏目", "体裁", "成文日期", "正文", "点击量"]);

        Assert.Null(map);
        Assert.Contains(problems, p => p.Contains("第 G 列的表头“点击量”无法识别"));
        Assert.Contains(problems, p => p.Contains("缺少必需的列“发布日期”"));
    }

    [Fact]
    public void Files_in_a_zip_are_found_with_GB18030_names_under_a_top_folder_and_a_name_cannot_climb_out()
    {
        using var zipBytes = new MemoryStream();
        using (var zip = new ZipArchive(zipBytes, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: CsvCatalogue.Gb18030))
        {
            using (var s = zip.CreateEntry("附件/通知附件.pdf").Open()) s.Write("%PDF-1.4"u8);
            using (var s = zip.CreateEntry("secret.txt").Open()) s.Write("x"u8);
        }
        zipBytes.Position = 0;
        using var files = new ImportZip(new MemoryStream(zipBytes.ToArray()), "附件.zip");

        Assert.True(files.Exists("附件/通知附件.pdf"));
        Assert.True(files.Exists("通知附件.pdf"));
        Assert.Equal("%PDF-1.4"u8.ToArray(), files.Read("通知附件.pdf", 100));
        Assert.False(files.Exists("../secret.txt"));
        Assert.Null(files.Read("无此文件.pdf", 100));
    }

    [Fact]
    public void A_zip_entry_that_inflates_past_its_limit_stops_one_buffer_past_it_whatever_size_the_zip_declares()
    {
        using var zipBytes = new MemoryStream();
        using (var zip = new ZipArchive(zipBytes, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("bomb.pdf", CompressionLevel.SmallestSize).Open())
            s.Write(new byte[50 * 1024 * 1024]);
        Assert.True(zipBytes.Length < 200 * 1024);
        using var files = new ImportZip(new MemoryStream(zipBytes.ToArray()), "炸弹.zip");

        var error = Assert.Throws<ImportFileException>(() => files.Read("bomb.pdf", 1024 * 1024));
        Assert.Contains("解压后超过", error.Message);
    }

    [Fact]
    public void A_folder_serves_its_files_and_not_those_beside_it()
    {
        var root = Directory.CreateTempSubdirectory("import-files-");
        try
        {
            var inner = Directory.CreateDirectory(Path.Combine(root.FullName, "files"));
            File.WriteAllText(Path.Combine(inner.FullName, "正文.txt"), "正文");
            File.WriteAllText(Path.Combine(root.FullName, "outside.txt"), "x");
            var files = new ImportFolder(inner.FullName);

            Assert.Equal("正文"u8.ToArray(), files.Read("正文.txt", 100));
            Assert.False(files.Exists("../outside.txt"));
            Assert.Throws<ImportFileException>(() => files.Read("正文.txt", 2));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
