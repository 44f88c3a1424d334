using System.Text;
using Disclosure.Audit;
using Disclosure.Items;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

public class PublicationServiceTests
{
    // 2026-03-10 17:30 UTC is 2026-03-11 01:30 in China: the China date is what 发布日期 records.
    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero));

    private Task<DisclosureItem> ReadyAsync(string title, string column = "tzgg", string body = "正文内容",
        DisclosureAttribute attribute = DisclosureAttribute.Proactive, IReadOnlyList<AttachmentFile>? files = null) =>
        _bed.ReadyAsync(title, body, "张三", ("created", "张三"), i => i with { ColumnCode = column, Attribute = attribute }, files);

    private Task SetStateAsync(string id, Func<DisclosureItem, DisclosureItem> change) =>
        _bed.UpdateAsync(id, change, _ => new AuditEntry
        {
            ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = _bed.Time.GetUtcNow(), Actor = "审核员", Action = AuditAction.ReviewApproved, To = ItemState.Withdrawn,
        });

    [Fact]
    public async Task The_yearly_sitemap_part_of_a_site_published_before_monthly_parts_is_deleted_and_its_items_are_in_their_months()
    {
        var first = await ReadyAsync("关于开展科技活动周的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
        // The site as the yearly parts left it: sitemaps/2026.xml listed every item of the year.
        var yearly = new SiteFile("sitemaps/2026.xml", Encoding.UTF8.GetBytes(_bed.Text(_bed.SitemapPartOf(first.Id))), "application/xml; charset=utf-8", "public, max-age=3600");
        await _bed.Site.PutAsync(SiteBlob.Of(yearly), new MemoryStream(yearly.Content), default);
        var manifest = (await _bed.Site.ReadManifestAsync(default))!;
        await _bed.Site.WriteManifestAsync(manifest with { Files = new Dictionary<string, string>(manifest.Files) { [yearly.Path] = SiteBlob.Of(yearly).Sha256 } }, default);

        var second = await ReadyAsync("关于举办科技政策宣讲会的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.False(_bed.Site.Blobs.ContainsKey("sitemaps/2026.xml"));
        Assert.Equal("sitemaps/2026-03.xml", _bed.SitemapPartOf(second.Id));
        foreach (var item in new[] { first, second }) Assert.Contains($"/items/{item.Id}.html", _bed.Text("sitemaps/2026-03.xml"));
        Assert.Contains("/sitemaps/2026-03.xml", _bed.Text("sitemap.xml"));
        Assert.DoesNotContain("/sitemaps/2026.xml", _bed.Text("sitemap.xml"));
    }

    [Fact]
    public async Task A_ready_item_is_published_on_the_China_date_and_appears_on_its_page_column_catalogue_search_and_feed()
    {
        var item = await ReadyAsync("关于开展科技活动周的通知", body: "请各单位组织申报科技活动周项目。");

        var result = await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(1, result.ItemsPublished);
        var stored = (await _bed.Items.GetAsync(item.Id))!.Item;
        Assert.Equal(ItemState.Published, stored.State);
        Assert.Equal(new DateOnly(2026, 3, 11), stored.PublishedOn);
        Assert.Equal(1, stored.PublishedVersion);
        var audit = await _bed.Items.ListAsync(item.Id);
        Assert.Contains(audit, e => e.Action == AuditAction.Published && e.To == ItemState.Published && e.Actor == "审核员（立即发布）");

        Assert.Contains("关于开展科技活动周的通知", _bed.Text($"items/{item.Id}.html"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("catalogue/tzgg/p/1.html"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("catalogue/2026/p/1.html"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("index.html"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("feeds/all.xml"));
        Assert.Contains("关于开展科技活动周的通知", _bed.Text("feeds/tzgg.xml"));
        Assert.Contains($"/items/{item.Id}.html", _bed.Text(_bed.SitemapPartOf(item.Id)));
        Assert.Equal(["关于开展科技活动周的通知"], await _bed.SearchTitlesAsync("活动周"));
        Assert.Equal(["关于开展科技活动周的通知"], await _bed.SearchTitlesAsync("织申")); // across a word boundary in the body
        Assert.Equal("text/html; charset=utf-8", _bed.Site.Blobs[$"items/{item.Id}.html"].ContentType);
        Assert.Equal(PortalRenderer.HtmlCacheControl, _bed.Site.Blobs[$"items/{item.Id}.html"].CacheControl);
        Assert.True(_bed.Site.Blobs.ContainsKey("404.html"));
        Assert.True(_bed.Site.Blobs.ContainsKey("robots.txt"));
    }

    [Fact]
    public async Task A_second_publication_with_nothing_new_writes_no_blob()
    {
        await ReadyAsync("第一条通知");
        await ReadyAsync("第二条通知", column: "gzdt");
        var service = _bed.Service();
        var first = await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(first.BlobsWritten > 0);
        _bed.Site.ResetCounters();

        var second = await service.PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(0, _bed.Site.Writes);
        Assert.Equal(0, second.BlobsWritten);
        Assert.Equal(0, second.ItemsPublished);
        Assert.False(second.FullRender);
    }

    [Fact]
    public async Task Publishing_one_more_item_writes_only_the_pages_it_touches()
    {
        for (var i = 0; i < 60; i++) await ReadyAsync($"工作动态第{i}条", column: "gzdt");
        var service = _bed.Service();
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        var item = await ReadyAsync("新发布的通知公告", column: "tzgg");
        _bed.Site.ResetCounters();

        var result = await service.PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.False(result.FullRender);
        Assert.Contains($"items/{item.Id}.html", _bed.Site.WrittenPaths);
        Assert.DoesNotContain(_bed.Site.WrittenPaths, p => p.StartsWith("items/", StringComparison.Ordinal) && p != $"items/{item.Id}.html");
        Assert.DoesNotContain(_bed.Site.WrittenPaths, p => p.StartsWith("columns/gzdt/", StringComparison.Ordinal));
        Assert.DoesNotContain(_bed.Site.WrittenPaths, p => p == "feeds/gzdt.xml");
        Assert.Contains("新发布的通知公告", _bed.Text("columns/tzgg/index.html"));
    }

    [Fact]
    public async Task A_withdrawn_item_leaves_every_list_search_and_feed_and_its_url_shows_the_notice()
    {
        var item = await ReadyAsync("将被撤回的通知", files: [AttachmentFile.Pdf("att-1", "实施细则.pdf")]);
        var keep = await ReadyAsync("保留的通知");
        var service = _bed.Service();
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(_bed.Site.Blobs.ContainsKey("files/att-1/实施细则.pdf"));
        Assert.Equal("application/pdf", _bed.Site.Blobs["files/att-1/实施细则.pdf"].ContentType);
        Assert.Equal("attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E5%AE%9E%E6%96%BD%E7%BB%86%E5%88%99.pdf",
            _bed.Site.Blobs["files/att-1/实施细则.pdf"].ContentDisposition);

        await SetStateAsync(item.Id, i => i with { State = ItemState.Withdrawn });
        var result = await service.PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(1, result.ItemsWithdrawn);
        var notice = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("已撤回", notice);
        Assert.DoesNotContain("将被撤回的通知", notice);
        foreach (var path in new[] { "index.html", "columns/tzgg/index.html", "catalogue/tzgg/p/1.html", "catalogue/2026/p/1.html", "feeds/all.xml", "feeds/tzgg.xml" })
        {
            Assert.DoesNotContain("将被撤回的通知", _bed.Text(path));
            Assert.Contains("保留的通知", _bed.Text(path));
        }
        Assert.DoesNotContain($"/items/{item.Id}.html", _bed.Text(_bed.SitemapPartOf(item.Id)));
        Assert.Empty(await _bed.SearchTitlesAsync("撤回"));
        Assert.False(_bed.Site.Blobs.ContainsKey("files/att-1/实施细则.pdf"));
        Assert.Equal(keep.Id, (await _bed.Items.GetAsync(keep.Id))!.Item.Id);
    }

    [Fact]
    public async Task An_item_for_release_on_request_is_recorded_but_never_reaches_the_site()
    {
        var item = await ReadyAsync("依申请公开的评审专家名单", attribute: DisclosureAttribute.OnRequest);

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(1, result.ItemsRecordedOnly);
        Assert.Equal(0, result.ItemsPublished);
        Assert.Equal(ItemState.Published, (await _bed.Items.GetAsync(item.Id))!.Item.State);
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{item.Id}.html"));
        foreach (var path in _bed.Site.Blobs.Keys)
            Assert.DoesNotContain("评审专家", Encoding.UTF8.GetString((await _bed.Site.ReadAsync(path, default))!));
        Assert.Empty(await _bed.SearchTitlesAsync("专家"));
    }

    [Fact]
    public async Task A_second_publication_while_one_runs_is_refused()
    {
        await using var held = await _bed.Site.TryLockAsync(default);

        var result = await _bed.Service().PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.True(result.AlreadyRunning);
        Assert.Equal(0, _bed.Site.Writes);
    }

    [Fact]
    public async Task A_correction_under_review_leaves_the_published_version_online_until_it_is_published()
    {
        var item = await ReadyAsync("原始标题的通知", body: "原始正文");
        var service = _bed.Service();
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        var bodyId = "body-v2";
        await _bed.Items.PutAsync(item.Id, bodyId, new MemoryStream(Encoding.UTF8.GetBytes("更正后的正文")), "text/plain");
        await SetStateAsync(item.Id, i => i with { Version = 2, Title = "更正后标题的通知", BodyId = bodyId, State = ItemState.AwaitingReview });

        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Contains("原始标题的通知", _bed.Text($"items/{item.Id}.html"));
        Assert.DoesNotContain("更正后", _bed.Text("columns/tzgg/index.html"));

        await SetStateAsync(item.Id, i => i with { State = ItemState.ReadyToPublish });
        _bed.Time.Advance(TimeSpan.FromDays(3));
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);

        var page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("更正后标题的通知", page);
        Assert.Contains("更正后的正文", page);
        Assert.DoesNotContain("原始标题的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Equal(["更正后标题的通知"], await _bed.SearchTitlesAsync("更正"));
        Assert.Empty(await _bed.SearchTitlesAsync("原始"));
        var stored = (await _bed.Items.GetAsync(item.Id))!.Item;
        Assert.Equal(2, stored.PublishedVersion);
        Assert.Equal(new DateOnly(2026, 3, 11), stored.PublishedOn); // a correction keeps its place
    }

    [Fact]
    public async Task A_publication_that_fails_part_way_is_completed_by_the_next_run()
    {
        await ReadyAsync("先发布的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        var item = await ReadyAsync("发布中断的通知");
        var failing = new FailingSiteStore(_bed.Site, failAfterWrites: 3);

        await Assert.ThrowsAsync<IOException>(() => _bed.Service(failing).PublishAsync(PublicationTrigger.Nightly, null, default));
        Assert.Equal(ItemState.Published, (await _bed.Items.GetAsync(item.Id))!.Item.State);

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(0, result.ItemsPublished); // its state was recorded by the failed run
        Assert.Equal(1, result.ItemsChangedOnSite);
        Assert.Contains("发布中断的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Contains("发布中断的通知", _bed.Text("feeds/all.xml"));
        Assert.Equal(["发布中断的通知"], await _bed.SearchTitlesAsync("中断"));
        _bed.Site.ResetCounters();
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Equal(0, _bed.Site.Writes);
    }

    [Fact]
    public async Task An_item_whose_body_cannot_be_read_stays_ready_and_does_not_stop_the_others()
    {
        var broken = await ReadyAsync("正文丢失的通知");
        await _bed.Items.DeleteAsync(broken.Id, broken.BodyId!);
        var fine = await ReadyAsync("正常的通知");

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(1, result.ItemsPublished);
        Assert.Equal(broken.Id, Assert.Single(result.Skipped).ItemId);
        Assert.Equal(ItemState.ReadyToPublish, (await _bed.Items.GetAsync(broken.Id))!.Item.State);
        Assert.Contains("正常的通知", _bed.Text($"items/{fine.Id}.html"));
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{broken.Id}.html"));
    }

    [Fact]
    public async Task The_render_check_renders_the_approved_version_keeps_nothing_and_ignores_stale_messages()
    {
        var item = await ReadyAsync("待发布的通知");
        var service = _bed.Service();
        var check = _bed.Check();

        Assert.Equal(RenderOutcome.Ready, (await check.CheckAsync(item.Id, 1, default)).Outcome);
        Assert.Equal(RenderOutcome.Ready, (await check.CheckAsync(item.Id, 1, default)).Outcome);
        Assert.Equal(RenderOutcome.Ignored, (await check.CheckAsync(item.Id, 2, default)).Outcome);
        Assert.Empty(_bed.Site.Blobs);
        Assert.Equal(0, _bed.Site.Writes);
        // The page the publication writes is the one the check rendered.
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Contains("待发布的通知", _bed.Text($"items/{item.Id}.html"));
        await SetStateAsync(item.Id, i => i with { State = ItemState.Withdrawn });
        Assert.Equal(RenderOutcome.WithdrawalPending, (await check.CheckAsync(item.Id, 1, default)).Outcome);
        await service.PublishAsync(PublicationTrigger.Withdrawal, null, default);
        var notice = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("已撤回", notice);
        Assert.DoesNotContain("待发布的通知", notice);

        var onRequest = await ReadyAsync("依申请公开的信息", attribute: DisclosureAttribute.OnRequest);
        Assert.Equal(RenderOutcome.RecordOnly, (await check.CheckAsync(onRequest.Id, 1, default)).Outcome);
    }

    [Theory]
    [InlineData("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")]
    [InlineData("2026年 预算表.xlsx", "attachment; filename=\"2026.xlsx\"; filename*=UTF-8''2026%E5%B9%B4%20%E9%A2%84%E7%AE%97%E8%A1%A8.xlsx")]
    public void Attachments_download_under_their_UTF8_name(string name, string expected) =>
        Assert.Equal(expected, AttachmentHeaders.ContentDisposition(name));

    [Fact]
    public async Task An_approved_withdrawal_is_published_as_soon_as_its_render_request_is_handled_and_waits_for_a_running_publication()
    {
        var item = await ReadyAsync("误含个人信息须撤回的通知");
        var service = _bed.Service();
        await service.PublishAsync(PublicationTrigger.Nightly, null, default);
        var approvedToday = await ReadyAsync("白天批准的通知");
        await SetStateAsync(item.Id, i => i with { State = ItemState.Withdrawn });

        // Another publication is running: the request fails so the queue retries it, and nothing is half-done.
        await using (await _bed.Site.TryLockAsync(default))
            await Assert.ThrowsAsync<PublicationBusyException>(() => service.RenderAsync(item.Id, 1, default));
        Assert.Contains("误含个人信息须撤回的通知", _bed.Text($"items/{item.Id}.html"));

        var result = await service.RenderAsync(item.Id, 1, default);

        Assert.Equal(RenderOutcome.Withdrawn, result.Outcome);
        Assert.Contains("已撤回", _bed.Text($"items/{item.Id}.html"));
        Assert.DoesNotContain("误含个人信息须撤回的通知", _bed.Text($"items/{item.Id}.html"));
        foreach (var path in new[] { "index.html", "columns/tzgg/index.html", "feeds/all.xml" })
            Assert.DoesNotContain("误含个人信息须撤回的通知", _bed.Text(path));
        Assert.Empty(await _bed.SearchTitlesAsync("个人信息"));
        // It takes down; it does not publish what waits for the nightly run.
        Assert.Equal(ItemState.ReadyToPublish, (await _bed.Items.GetAsync(approvedToday.Id))!.Item.State);
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{approvedToday.Id}.html"));

        // The queue delivers at least once: the repeated request finds the site as it must be and writes nothing.
        _bed.Site.ResetCounters();
        Assert.Equal(RenderOutcome.Withdrawn, (await service.RenderAsync(item.Id, 1, default)).Outcome);
        Assert.Equal(0, _bed.Site.Writes);
        Assert.Equal(0, _bed.Site.Deletes);
    }

    [Fact]
    public async Task A_render_request_for_an_approved_item_only_renders_it_and_leaves_it_for_the_next_publication()
    {
        var item = await ReadyAsync("白天批准的通知");

        Assert.Equal(RenderOutcome.Ready, (await _bed.Service().RenderAsync(item.Id, 1, default)).Outcome);

        Assert.Empty(_bed.Site.Blobs);
        Assert.Equal(ItemState.ReadyToPublish, (await _bed.Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task A_public_item_whose_body_was_lost_keeps_its_page_and_does_not_stop_the_publication()
    {
        var damaged = await ReadyAsync("正文文件丢失的通知");
        var sound = await ReadyAsync("正文完好的通知");
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        await _bed.Items.DeleteAsync(damaged.Id, damaged.BodyId!);

        // A whole-site render (here: onto an empty site, as after a template change) reads every public body.
        var rebuilt = new InMemorySiteStore();
        var result = await _bed.Service(rebuilt).PublishAsync(PublicationTrigger.Nightly, null, default);

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(damaged.Id, skipped.ItemId);
        Assert.Contains("正文文件缺失", skipped.Reason);
        Assert.True(rebuilt.Blobs.ContainsKey($"items/{sound.Id}.html"));
        Assert.False(rebuilt.Blobs.ContainsKey($"items/{damaged.Id}.html"));
        Assert.Contains("正文完好的通知", Encoding.UTF8.GetString((await rebuilt.ReadAsync("feeds/all.xml", default))!));

        // On the site that has its page, the page stays as it was.
        var before = _bed.Text($"items/{damaged.Id}.html");
        await ReadyAsync("后来发布的通知");
        var next = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Equal(1, next.ItemsPublished);
        Assert.Equal(before, _bed.Text($"items/{damaged.Id}.html"));
    }
}
