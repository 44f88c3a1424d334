using System.Text;
using Disclosure.Items;
using Disclosure.Redirects;
using Disclosure.Tests.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Redirects;

public class LegacyAddressLoadTests
{
    private readonly InMemoryLegacyAddressBook _book = new();
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));

    private LegacyAddressLoad Load() => new(_book, _bed.Items, PublicationBed.Catalogue, new FakeTimeProvider(_bed.Time.GetUtcNow()));

    private static IReadOnlyList<LegacyAddressRow> Rows(params (string Url, string Number)[] rows) =>
        rows.Select((r, i) => new LegacyAddressRow(i + 2, r.Url, r.Number)).ToList();

    private static string Number(int serial) => new IndexNumber(PublicationBed.Catalogue.Agency.IssuerCode, 2026, serial).ToString();

    private async Task<DisclosureItem> PublishedAsync(string title)
    {
        var item = await _bed.ReadyAsync(title, "正文", "张报送", (null, "李审核"));
        await _bed.Service().PublishAsync(Disclosure.Publishing.PublicationTrigger.OnDemand, "李审核", default);
        return item;
    }

    [Fact]
    public async Task A_load_run_twice_adds_nothing_the_second_time()
    {
        var item = await PublishedAsync("关于开展科技创新券申领工作的通知");
        var rows = Rows(("http://kjj.example.gov.cn/art/2019/3/12/art_1234_5678.html", item.IndexNumber.ToString()));

        var first = await Load().LoadAsync(rows, dryRun: false, "管理员", "old.csv", default);
        var second = await Load().LoadAsync(rows, dryRun: false, "管理员", "old.csv", default);

        Assert.Equal((1, 0), (first.Added, first.AlreadyThere));
        Assert.Equal((0, 1), (second.Added, second.AlreadyThere));
        Assert.Empty(second.Refused);
        Assert.Empty(second.Unresolved);
        Assert.Equal(1, await _book.CountAsync());
    }

    [Fact]
    public async Task A_load_that_adds_mappings_gives_the_book_a_new_version_and_a_dry_run_or_a_repeat_does_not()
    {
        // The next publication for a change passes over the book only when its version moved (issue 19).
        var rows = Rows(("/art/version.html", Number(1)));
        var before = await _book.VersionAsync();

        await Load().LoadAsync(rows, dryRun: true, "管理员", "old.csv", default);
        Assert.Equal(before, await _book.VersionAsync());
        await Load().LoadAsync(rows, dryRun: false, "管理员", "old.csv", default);
        var loaded = await _book.VersionAsync();
        await Load().LoadAsync(rows, dryRun: false, "管理员", "old.csv", default);

        Assert.NotEqual(before, loaded);
        Assert.Equal(loaded, await _book.VersionAsync());
    }

    [Fact]
    public async Task One_old_address_for_two_items_is_refused_with_the_item_it_already_stands_for()
    {
        var rows = Rows(("/art/1.html", Number(1)));
        await Load().LoadAsync(rows, dryRun: false, "管理员", "a.csv", default);

        var report = await Load().LoadAsync(Rows(("http://KJJ.example.gov.cn/art/1.html", Number(2))), dryRun: false, "管理员", "b.csv", default);

        var refused = Assert.Single(report.Refused);
        Assert.Contains(Number(1), refused.Reason);
        Assert.Contains("只能指向一条信息", refused.Reason);
        Assert.Equal(Number(1), (await _book.FindAsync(LegacyAddress.FromKey("/art/1.html")!))!.IndexNumber.ToString());
    }

    [Fact]
    public async Task Two_rows_of_one_file_giving_one_address_two_items_refuse_the_second_naming_the_first_line()
    {
        var report = await Load().LoadAsync(Rows(("/art/1.html", Number(1)), ("https://kjj.example.gov.cn/art/1.html", Number(2)), ("/art/1.html", Number(1))),
            dryRun: false, "管理员", "a.csv", default);

        var refused = Assert.Single(report.Refused);
        Assert.Equal(3, refused.Line);
        Assert.Contains("第 2 行", refused.Reason);
        Assert.Equal(1, report.Added);
    }

    [Fact]
    public async Task A_dry_run_stores_nothing_and_reports_what_the_load_would_do()
    {
        var item = await PublishedAsync("关于公布年度科技计划项目的通知");
        await _book.AddAsync(new LegacyMapping(LegacyAddress.FromKey("/art/taken.html")!, IndexNumber.TryParse(Number(99), out var other) ? other : default,
            "管理员", default, "earlier.csv"));
        var rows = Rows(
            ("/art/ok.html", item.IndexNumber.ToString()),
            ("/art/taken.html", item.IndexNumber.ToString()),
            ("/art/unknown.html", Number(500)),
            ("/items/abc.html", item.IndexNumber.ToString()),
            ("not a url", item.IndexNumber.ToString()),
            ("/art/bad-number.html", "2019-12"));

        var report = await Load().LoadAsync(rows, dryRun: true, "管理员", "old.csv", default);

        Assert.True(report.DryRun);
        Assert.Equal(1, await _book.CountAsync());
        Assert.Equal(2, report.Added);
        Assert.Equal([3, 5, 6, 7], report.Refused.Select(r => r.Line));
        Assert.Contains("门户自己的页面", report.Refused.Single(r => r.Line == 5).Reason);
        var unresolved = Assert.Single(report.Unresolved);
        Assert.Equal(4, unresolved.Line);
        Assert.Contains("没有这个索引号", unresolved.Reason);
    }

    [Fact]
    public async Task Rows_whose_item_is_not_published_yet_are_stored_and_reported_as_not_redirecting()
    {
        var waiting = await _bed.ReadyAsync("尚未发布的通知", "正文", "张报送", (null, "李审核"));
        var report = await Load().LoadAsync(Rows(("/art/later.html", waiting.IndexNumber.ToString())), dryRun: false, "管理员", "old.csv", default);

        Assert.Equal(1, report.Added);
        Assert.Contains("尚未发布", Assert.Single(report.Unresolved).Reason);
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/items/0123.html")]
    [InlineData("/Columns/tzgg/index.html")]
    [InlineData("/search/manifest.json")]
    [InlineData("/sitemap.xml")]
    [InlineData("http://kjj.example.gov.cn/feeds/all.xml?id=3")]
    public async Task Mappings_onto_the_portals_own_paths_are_refused(string url)
    {
        var report = await Load().LoadAsync(Rows((url, Number(1))), dryRun: false, "管理员", "old.csv", default);

        Assert.Contains("门户自己的页面", Assert.Single(report.Refused).Reason);
        Assert.Equal(0, await _book.CountAsync());
    }

    [Fact]
    public async Task The_same_path_on_another_host_is_not_a_portal_path()
    {
        var report = await Load().LoadAsync(Rows(("http://old.example.cn/index.html", Number(1))), dryRun: false, "管理员", "old.csv", default);

        Assert.Empty(report.Refused);
        Assert.Equal((0, 1), (report.StaticPages, report.RulesOnly));
    }

    [Fact]
    public async Task More_rows_than_one_load_may_carry_refuse_the_whole_file()
    {
        var rows = Enumerable.Range(0, LegacyAddressLimits.MaxRowsPerLoad + 1).Select(i => new LegacyAddressRow(i + 2, $"/a/{i}.html", Number(1))).ToList();

        var refusal = await Assert.ThrowsAsync<LegacyAddressLoadRefusedException>(() => Load().LoadAsync(rows, false, "管理员", "big.csv", default));

        Assert.Contains("20000", refusal.Message);
        Assert.Equal(0, await _book.CountAsync());
    }

    [Fact]
    public void A_gb18030_csv_with_quoted_fields_and_other_columns_is_read_by_header_names()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "标题,索引号,旧网址\r\n\"关于\"\"创新券\"\"的通知,附件\",11/2019-00001,/art/通知.html\r\n\r\n无网址,11/2019-00002,\r\n";
        var rows = LegacyAddressCsv.Read(Encoding.GetEncoding("GB18030").GetBytes(csv));

        Assert.Equal([new LegacyAddressRow(2, "/art/通知.html", "11/2019-00001"), new LegacyAddressRow(4, "", "11/2019-00002")], rows);
        Assert.Equal(rows, LegacyAddressCsv.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)]));
    }

    [Fact]
    public void A_file_without_the_two_columns_is_refused_saying_which_are_needed()
    {
        var refusal = Assert.Throws<LegacyAddressLoadRefusedException>(() => LegacyAddressCsv.Read(Encoding.UTF8.GetBytes("url,number\n/a.html,1\n")));
        Assert.Contains("旧网址", refusal.Message);
    }
}
