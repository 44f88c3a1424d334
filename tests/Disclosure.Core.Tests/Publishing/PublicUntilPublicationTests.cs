using System.Text;
using Disclosure.Audit;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// 公开时限 (catalogue.md): a 限时 item is public up to and including its end date, China time. From the next day the
/// nightly publication takes it off the portal and leaves a notice at its address; the item stays 已发布 in the record.
/// </summary>
public class PublicUntilPublicationTests
{
    private static readonly DateOnly EndOfPeriod = new(2026, 12, 10);
    private const string Title = "2026年度市科技计划项目立项公示";

    // 2026-11-30 02:00 in China (the nightly run's hour): the 公示 is published with a 公示期 ending 2026-12-10.
    // A fold of the manifest's change logs into its parts lands in whichever run passes their bound and writes every part;
    // these tests count what one change writes, so the bound is past what they log (folds: SiteManifestStoreTests).
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero), new InMemorySiteStore(logBytes: 1 << 20));

    private Task<PublicationResult> NightlyAsync(ISiteStore? site = null) => _bed.Service(site).PublishAsync(PublicationTrigger.Nightly, null, default);

    /// <summary>Sets the clock to the given China date and time.</summary>
    private void At(DateOnly date, int hour) =>
        _bed.Time.SetUtcNow(new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)));

    private Task<DisclosureItem> ReadyAsync(string title, DateOnly? publicUntil, string column = "tzgg", bool withAttachment = false)
    {
        var id = Guid.NewGuid().ToString("N");
        return _bed.ReadyAsync(title, title + "，公示期内如有异议请来函反映。", "王科员", ("approved", "审核员"),
            i => i with
            {
                ColumnCode = column, Genre = column == "tzgg" ? "公示" : "动态", DepartmentCode = "xmc", FormedOn = new DateOnly(2026, 11, 20),
                PublicUntil = publicUntil,
            },
            withAttachment ? [AttachmentFile.Pdf("att-" + id, "立项项目清单.pdf")] : null, id);
    }

    /// <summary>A correction approved by review: a new version, 待发布 again.</summary>
    private Task CorrectAsync(string id, Func<DisclosureItem, DisclosureItem> change) =>
        _bed.UpdateAsync(id, i => change(i) with { Version = i.Version + 1, State = ItemState.ReadyToPublish }, next => new AuditEntry
        {
            ItemId = id, EventId = $"corrected-v{next.Version}", At = _bed.Time.GetUtcNow(), Actor = "审核员", Action = AuditAction.ReviewApproved,
            To = next.State, Version = next.Version,
        });

    private static readonly string[] Lists =
        ["index.html", "columns/tzgg/index.html", "catalogue/tzgg/p/1.html", "catalogue/2026/p/1.html", "catalogue/index.html", "feeds/all.xml", "feeds/tzgg.xml"];

    private async Task AssertPublicAsync(DisclosureItem item)
    {
        var page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains(Title, page);
        Assert.DoesNotContain("届满", page);
        foreach (var path in Lists.Where(p => p != "catalogue/index.html")) Assert.Contains(Title, _bed.Text(path));
        Assert.Contains($"/items/{item.Id}.html", _bed.Text(_bed.SitemapPartOf(item.Id)));
        Assert.Equal([Title], await _bed.SearchTitlesAsync("立项公示"));
    }

    private async Task AssertOffThePortalAsync(DisclosureItem item)
    {
        foreach (var path in Lists) Assert.False(_bed.Text(path).Contains(Title, StringComparison.Ordinal), $"{path} still lists the item");
        // The month's sitemap part goes with its last public item.
        var part = _bed.SitemapPartOf(item.Id);
        if (_bed.Site.Blobs.ContainsKey(part)) Assert.DoesNotContain($"/items/{item.Id}.html", _bed.Text(part));
        Assert.DoesNotContain($"/items/{item.Id}.html", _bed.Text("sitemap.xml"));
        Assert.Empty(await _bed.SearchTitlesAsync("立项公示"));
        Assert.DoesNotContain(_bed.Site.Blobs.Keys, p => p.StartsWith($"files/att-{item.Id}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_item_is_public_on_its_last_day_and_from_the_next_day_only_a_notice_stays_at_its_address()
    {
        var item = await ReadyAsync(Title, EndOfPeriod, withAttachment: true);
        var kept = await ReadyAsync("关于元旦放假的通知", publicUntil: null);
        await NightlyAsync();
        Assert.True(_bed.Site.Blobs.ContainsKey($"files/att-{item.Id}/立项项目清单.pdf"));
        var page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("<dt>公开时限</dt><dd>限时，至 <time datetime=\"2026-12-10\">2026-12-10</time></dd>", page);
        Assert.DoesNotContain("<dt>公开时限</dt>", _bed.Text($"items/{kept.Id}.html")); // 长期: no end date to show

        // The last day, late in the evening in China (already 2026-12-10 15:30 UTC): still public, nothing to write.
        _bed.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 15, 30, 0, TimeSpan.Zero));
        _bed.Site.ResetCounters();
        var lastDay = await NightlyAsync();
        Assert.Equal(0, lastDay.ItemsExpired);
        Assert.Equal(0, _bed.Site.Writes);
        await AssertPublicAsync(item);

        // 2026-12-10 18:00 UTC is 2026-12-11 02:00 in China: the night run takes it down.
        At(EndOfPeriod.AddDays(1), 2);
        var nextDay = await NightlyAsync();

        Assert.Equal(1, nextDay.ItemsExpired);
        Assert.Equal(0, nextDay.ItemsWithdrawn);
        await AssertOffThePortalAsync(item);
        var notice = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("本信息公开时限已于 2026年12月10日届满，不再公开。", notice);
        Assert.Contains(item.IndexNumber.ToString(), notice);
        Assert.Contains(Title, notice);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", notice);
        Assert.DoesNotContain("立项项目清单.pdf", notice);
        foreach (var path in Lists.Where(p => p != "catalogue/index.html")) Assert.Contains("关于元旦放假的通知", _bed.Text(path));
        Assert.Contains($"/items/{kept.Id}.html", _bed.Text(_bed.SitemapPartOf(kept.Id)));

        // Lawfully published: it stays 已发布 (the annual report counts it), with one audit entry saying why it went.
        var stored = (await _bed.Items.GetAsync(item.Id))!.Item;
        Assert.Equal(ItemState.Published, stored.State);
        Assert.Equal(new DateOnly(2026, 11, 30), stored.PublishedOn);
        var entry = Assert.Single(await _bed.Items.ListAsync(item.Id), e => e.Action == AuditAction.PublicUntilEnded);
        Assert.Equal("公开时限届满", AuditAction.ToChinese(entry.Action));
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 0, 0, 0, TimeSpan.FromHours(8)), entry.At);
        Assert.Equal(ItemState.Published, entry.To);
        Assert.Equal("限时，至 2026-12-10", entry.Details["公开时限"]);
    }

    [Fact]
    public async Task Taking_an_expired_item_down_writes_only_the_pages_it_touched_and_the_next_run_writes_nothing()
    {
        for (var i = 0; i < 40; i++) await ReadyAsync($"工作动态第{i}条", publicUntil: null, column: "gzdt");
        for (var i = 0; i < 25; i++) await ReadyAsync($"通知第{i}条", publicUntil: null);
        var item = await ReadyAsync(Title, EndOfPeriod, withAttachment: true);
        await NightlyAsync();
        At(EndOfPeriod.AddDays(1), 2);
        _bed.Site.ResetCounters();

        var run = await NightlyAsync();

        Assert.False(run.FullRender);
        Assert.Equal(1, run.ItemsChangedOnSite);
        Assert.Equal(["items/" + item.Id + ".html"], _bed.Site.WrittenPaths.Where(p => p.StartsWith("items/", StringComparison.Ordinal)));
        Assert.DoesNotContain(_bed.Site.WrittenPaths, p => p.StartsWith("columns/gzdt/", StringComparison.Ordinal) || p == "feeds/gzdt.xml");
        // Pages: the notice, home, 目录 overview, column index/page/目录, year 目录; two feeds, sitemap, manifest. The search
        // index takes the item out with a tombstone in its manifest (and its meta page and id), as for a withdrawal: bounded
        // by its text, not the catalogue (a merge would rewrite at most one shard per distinct term of the item).
        // The manifest is counted apart: kept in parts (issue 19), it writes the parts the change touched (the item's and its
        // attachment's buckets, its column's pages, the rest of the site) and the root, whatever the catalogue's size.
        var pages = _bed.Site.WrittenPaths.Where(p => !p.StartsWith("search/", StringComparison.Ordinal) && p != "(manifest)").ToList();
        Assert.True(pages.Count is >= 7 and <= 15, string.Join("\n", pages));
        Assert.InRange(_bed.Site.WrittenPaths.Count(p => p == "(manifest)"), 1, 5);
        var search = _bed.Site.WrittenPaths.Where(p => p.StartsWith("search/", StringComparison.Ordinal)).ToList();
        Assert.Contains(Disclosure.Publishing.Search.SearchIndexFormat.ManifestPath, search);
        Assert.InRange(search.Count, 1, (Title + "，公示期内如有异议请来函反映。").Length * 2);
        Assert.Equal(run.BlobsWritten + run.BlobsDeleted, _bed.Site.Writes);
        Assert.Equal(1, _bed.Site.Deletes); // the attachment
        Assert.Equal(1, run.BlobsDeleted);

        _bed.Site.ResetCounters();
        _bed.Time.Advance(TimeSpan.FromDays(1));
        var again = await NightlyAsync();
        Assert.Equal(0, _bed.Site.Writes);
        Assert.Equal(0, again.ItemsExpired);
        Assert.Single(await _bed.Items.ListAsync(item.Id), e => e.Action == AuditAction.PublicUntilEnded);
    }

    [Theory]
    [InlineData("2026-12-31")]
    [InlineData(null)] // 长期
    public async Task A_correction_that_extends_the_period_brings_the_item_back_on_the_next_publication(string? newEnd)
    {
        var item = await ReadyAsync(Title, EndOfPeriod, withAttachment: true);
        await NightlyAsync();
        At(EndOfPeriod.AddDays(1), 2);
        await NightlyAsync();
        await AssertOffThePortalAsync(item);
        var part = _bed.SitemapPartOf(item.Id);
        Assert.False(_bed.Site.Blobs.ContainsKey(part)); // no public item left that month
        Assert.DoesNotContain(part, _bed.Text("sitemap.xml"));

        At(EndOfPeriod.AddDays(1), 15);
        DateOnly? until = newEnd is null ? null : DateOnly.Parse(newEnd, System.Globalization.CultureInfo.InvariantCulture);
        await CorrectAsync(item.Id, i => i with { PublicUntil = until });
        var run = await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(1, run.ItemsPublished);
        await AssertPublicAsync(item);
        Assert.Contains(part, _bed.Text("sitemap.xml"));
        Assert.True(_bed.Site.Blobs.ContainsKey($"files/att-{item.Id}/立项项目清单.pdf"));
        var page = _bed.Text($"items/{item.Id}.html");
        if (until is null) Assert.DoesNotContain("<dt>公开时限</dt>", page);
        else Assert.Contains("<time datetime=\"2026-12-31\">2026-12-31</time>", page);
        Assert.Equal(new DateOnly(2026, 11, 30), (await _bed.Items.GetAsync(item.Id))!.Item.PublishedOn); // keeps its place

        if (until is { } end)
        {
            // The new period ends too, and gets its own entry.
            At(end.AddDays(1), 2);
            await NightlyAsync();
            await AssertOffThePortalAsync(item);
            Assert.Contains("本信息公开时限已于 2026年12月31日届满", _bed.Text($"items/{item.Id}.html"));
            Assert.Equal(2, (await _bed.Items.ListAsync(item.Id)).Count(e => e.Action == AuditAction.PublicUntilEnded));
        }
    }

    [Fact]
    public async Task An_item_approved_after_its_period_ended_is_recorded_but_never_reaches_the_portal()
    {
        var item = await ReadyAsync(Title, new DateOnly(2026, 11, 28), withAttachment: true);

        Assert.Equal(RenderOutcome.RecordOnly, (await _bed.Service().RenderAsync(item.Id, 1, default)).Outcome);
        var run = await NightlyAsync();

        Assert.Equal(0, run.ItemsPublished);
        Assert.Equal(1, run.ItemsRecordedOnly);
        Assert.Equal(0, run.ItemsExpired);
        Assert.Equal(ItemState.Published, (await _bed.Items.GetAsync(item.Id))!.Item.State);
        var published = Assert.Single(await _bed.Items.ListAsync(item.Id), e => e.Action == AuditAction.Published);
        Assert.Equal("仅登记（公开时限已于 2026-11-28 届满），不在平台公开", published.Details["公开方式"]);
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{item.Id}.html"));
        foreach (var path in _bed.Site.Blobs.Keys)
            Assert.DoesNotContain(Title, Encoding.UTF8.GetString((await _bed.Site.ReadAsync(path, default))!));
    }

    [Fact]
    public async Task A_run_that_stops_before_its_manifest_is_completed_by_the_next_and_the_audit_entry_is_kept_once()
    {
        var item = await ReadyAsync(Title, EndOfPeriod, withAttachment: true);
        await NightlyAsync();
        At(EndOfPeriod.AddDays(1), 2);

        await Assert.ThrowsAsync<IOException>(() => NightlyAsync(new ManifestFailingSiteStore(_bed.Site)));
        Assert.Single(await _bed.Items.ListAsync(item.Id), e => e.Action == AuditAction.PublicUntilEnded);

        var run = await NightlyAsync();

        Assert.Equal(1, run.ItemsExpired);
        await AssertOffThePortalAsync(item);
        Assert.Single(await _bed.Items.ListAsync(item.Id), e => e.Action == AuditAction.PublicUntilEnded);
    }

    [Fact]
    public async Task A_withdrawal_after_the_period_ended_replaces_the_notice_by_the_withdrawal_notice_without_the_title()
    {
        var item = await ReadyAsync(Title, EndOfPeriod);
        await NightlyAsync();
        At(EndOfPeriod.AddDays(1), 2);
        await NightlyAsync();
        await _bed.UpdateAsync(item.Id, i => i with { State = ItemState.Withdrawn }, _ => new AuditEntry
        {
            ItemId = item.Id, EventId = "withdrawn", At = _bed.Time.GetUtcNow(), Actor = "审核员", Action = AuditAction.Withdrawn, To = ItemState.Withdrawn,
        });

        var run = await NightlyAsync();

        Assert.Equal(1, run.ItemsWithdrawn);
        var notice = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("已撤回", notice);
        Assert.DoesNotContain(Title, notice);
    }
}
