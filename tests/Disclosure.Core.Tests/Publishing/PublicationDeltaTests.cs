using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Portal.Tests.Search;
using Disclosure.Publishing;
using Disclosure.Telemetry;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 19: a run started for a change (立即发布, an approved withdrawal) derives the site from the change and the
/// manifest's copies, and its result is the site a full rebuild makes from every item, byte for byte.
/// </summary>
public sealed class PublicationDeltaTests
{
    private const int CatalogueSize = 240;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SiteManifestStore.LogBytes)] // the changes logged
    [InlineData(0)] // the change log folded into the parts at every write
    public async Task Each_change_published_from_the_manifest_gives_the_bytes_of_a_full_rebuild(int logBytes)
    {
        var bed = await PublishedCatalogueAsync(logBytes: logBytes);
        var generated = (await bed.Items.ListAsync(new ItemQuery()).ToListAsync()).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();

        // A new item with an attachment.
        await bed.ReadyAsync("关于开展2026年度科技创新券兑付工作的通知", "各有关单位：现将兑付工作安排通知如下。", "张三", (null, "李审核"),
            Numbered(1), [AttachmentFile.Pdf("att-delta-1", "兑付申请表.pdf")]);
        await StepAsync(bed, PublicationTrigger.OnDemand, "publish");

        // A correction that changes the title and moves the item to another column (its old slot is vacated).
        var revised = generated.First(i => i.ColumnCode == "kjxm");
        await bed.UpdateAsync(revised.Id, i => i with
        {
            Version = i.Version + 1, Title = i.Title + "（更正）", ColumnCode = "tzgg", Genre = "通知", State = ItemState.ReadyToPublish,
            UpdatedAt = bed.Time.GetUtcNow(),
        }, Entry(AuditAction.ReviewApproved));
        await StepAsync(bed, PublicationTrigger.OnDemand, "revise");

        // An approved withdrawal, published at once.
        var withdrawn = generated.Last(i => i.ColumnCode == "tzgg");
        await bed.UpdateAsync(withdrawn.Id, i => i with { State = ItemState.Withdrawn, UpdatedAt = bed.Time.GetUtcNow() }, Entry(AuditAction.ReviewApproved));
        await StepAsync(bed, PublicationTrigger.Withdrawal, "withdraw");

        // 废止 and 修订 of older documents: their pages and rows change though they are not in the change.
        var repealed = generated[10];
        var amended = generated[20];
        await bed.ReadyAsync("关于废止部分科技计划管理文件的决定", "决定废止下列文件。", "张三", (null, "李审核"),
            i => Numbered(2)(i) with { Relation = Relation.Repeals, RelatedItemId = repealed.Id });
        await bed.ReadyAsync("关于修订科技项目验收管理办法的通知", "现将修订后的办法印发。", "张三", (null, "李审核"),
            i => Numbered(3)(i) with { Relation = Relation.Amends, RelatedItemId = amended.Id });
        await StepAsync(bed, PublicationTrigger.OnDemand, "repeal and amend");

        Assert.Contains("本文件已废止", bed.Text($"items/{repealed.Id}.html"));
        Assert.Contains("该信息已撤回", bed.Text($"items/{withdrawn.Id}.html"));
    }

    [Fact]
    public async Task A_public_period_and_a_validity_that_end_are_applied_by_the_next_run_for_a_change()
    {
        var bed = await PublishedCatalogueAsync();
        var today = ChinaTime.Today(bed.Time);
        var notice = await bed.ReadyAsync("关于2026年度科技计划拟立项项目的公示", "现予以公示，公示期内如有异议请来函反映。", "张三", (null, "李审核"),
            i => Numbered(4)(i) with { ColumnCode = "tzgg", Genre = "公示", PublicUntil = today });
        var measures = await bed.ReadyAsync("科技计划项目管理暂行办法", "第一条 为规范科技计划项目管理，制定本办法。", "张三", (null, "李审核"),
            i => Numbered(5)(i) with { ColumnCode = "zcfg", Genre = "行政规范性文件", EffectiveFrom = today.AddYears(-2), ValidUntil = today });
        await StepAsync(bed, PublicationTrigger.OnDemand, "publish a notice with a period and measures with a validity", changed: 2);
        Assert.DoesNotContain("届满", bed.Text($"items/{notice.Id}.html"));

        // The next day nothing about them changed in the store: the run for another change derives their end from the date.
        bed.Time.Advance(TimeSpan.FromDays(1));
        await bed.ReadyAsync("关于举办2026年科技活动周的通知", "现将活动安排通知如下。", "张三", (null, "李审核"), Numbered(6));
        await StepAsync(bed, PublicationTrigger.OnDemand, "the day after the period and the validity ended");

        Assert.Contains("该信息公开时限已届满", bed.Text($"items/{notice.Id}.html"));
        Assert.Contains("失效", bed.Text($"items/{measures.Id}.html"));
    }

    [Fact]
    public async Task The_only_item_of_a_month_withdrawn_by_a_run_for_a_change_takes_the_months_sitemap_part_with_it()
    {
        var bed = await PublishedCatalogueAsync();
        bed.Time.Advance(TimeSpan.FromDays(130));
        var alone = await bed.ReadyAsync("关于开展科技成果转化年度报告工作的通知", "现将有关事项通知如下。", "张三", (null, "李审核"), Numbered(7));
        await StepAsync(bed, PublicationTrigger.OnDemand, "the first item of a new month");
        var part = SiteUrls.BlobName(SiteUrls.SitemapPart(ChinaTime.Today(bed.Time)));
        Assert.Contains(part, bed.Site.Blobs.Keys);

        await bed.UpdateAsync(alone.Id, i => i with { State = ItemState.Withdrawn, UpdatedAt = bed.Time.GetUtcNow() }, Entry(AuditAction.ReviewApproved));
        await StepAsync(bed, PublicationTrigger.Withdrawal, "the month's only item withdrawn");

        Assert.DoesNotContain(part, bed.Site.Blobs.Keys);
        Assert.DoesNotContain(SiteUrls.SitemapPart(ChinaTime.Today(bed.Time)), bed.Text("sitemap.xml"));
    }

    [Fact]
    public async Task A_new_item_that_opens_a_list_page_sends_again_the_sitemap_part_of_its_column_only()
    {
        var bed = await PublishedCatalogueAsync();
        var slots = (await bed.Site.ReadManifestAsync(default))!.Items.Values.Count(e => e.Shown!.ColumnCode == "tzgg");
        // Fill the column's newest list page, so the next item opens one.
        var filling = (PortalPaths.PageSize - slots % PortalPaths.PageSize) % PortalPaths.PageSize;
        for (var n = 0; n < filling; n++)
            await bed.ReadyAsync($"关于第{n + 1}批科技计划项目验收结果的通知", "现将验收结果通知如下。", "张三", (null, "李审核"), Numbered(10 + n));
        if (filling > 0) await StepAsync(bed, PublicationTrigger.OnDemand, "fill the column's newest list page", changed: filling);
        var before = bed.Site.Blobs.ToDictionary();

        await bed.ReadyAsync("关于开展2026年度科技特派员工作的通知", "现将有关事项通知如下。", "张三", (null, "李审核"), Numbered(40));
        await StepAsync(bed, PublicationTrigger.OnDemand, "a new item that opens a list page");

        Assert.Contains($"columns/tzgg/p/{slots / PortalPaths.PageSize + (filling > 0 ? 2 : 1)}.html", bed.Site.Blobs.Keys);
        var parts = ChangedUnder(before, bed.Site.Blobs, "sitemaps/pages");
        Assert.Contains("sitemaps/pages-tzgg.xml", parts);
        // The year's 目录 may open a page at the same time; nothing else of the listing pages is sent again.
        Assert.All(parts, part => Assert.Matches(@"^sitemaps/pages-(tzgg|\d{4})\.xml$", part));
    }

    [Fact]
    public async Task A_new_item_in_a_column_of_several_catalogue_pages_rewrites_only_its_newest_page()
    {
        // About 73 通知公告 among 800 generated items: two 目录 pages, the second part full.
        var bed = await PublishedCatalogueAsync(800);
        var tzgg = (await bed.Items.ListAsync(new ItemQuery()).ToListAsync()).Where(i => i.ColumnCode == "tzgg")
            .OrderBy(i => i, PublicationOrder.Instance).ToList();
        var pages = (tzgg.Count + PortalPaths.CataloguePageSize) / PortalPaths.CataloguePageSize;
        Assert.True(pages >= 2 && (tzgg.Count + 1) % PortalPaths.CataloguePageSize != 1, $"{tzgg.Count} items: the new one must not open a page");

        var before = bed.Site.Blobs.ToDictionary();
        await bed.ReadyAsync("关于公布2026年度科技企业孵化器认定结果的通知", "现将认定结果通知如下。", "张三", (null, "李审核"), Numbered(1));
        await StepAsync(bed, PublicationTrigger.OnDemand, "publish into a paged column");
        Assert.Equal([$"catalogue/tzgg/p/{pages}.html"], ChangedUnder(before, bed.Site.Blobs, "catalogue/tzgg/"));

        // A withdrawal of an item on the first page rewrites that page, not the newest page nor the index.
        before = bed.Site.Blobs.ToDictionary();
        await bed.UpdateAsync(tzgg[3].Id, i => i with { State = ItemState.Withdrawn, UpdatedAt = bed.Time.GetUtcNow() }, Entry(AuditAction.ReviewApproved));
        await StepAsync(bed, PublicationTrigger.Withdrawal, "withdraw from the first page");
        Assert.Equal(["catalogue/tzgg/p/1.html"], ChangedUnder(before, bed.Site.Blobs, "catalogue/tzgg/"));
    }

    [Fact]
    public async Task Corrections_that_move_items_out_of_a_column_remove_its_pages_that_no_longer_exist()
    {
        var bed = await PublishedCatalogueAsync(800);
        var catalogue = PublicationBed.Catalogue;
        // Columns without sub-columns or parents, so their slots are their own items; a slot is any item the site has.
        bool Plain(string code) => catalogue.FindColumn(code) is { ParentCode: null } && !catalogue.Columns.Any(c => c.ParentCode == code);
        var entries = (await bed.Site.ReadManifestAsync(default))!.Items.Values;
        var shown = entries.Where(e => !e.OffSite).Select(e => e.Shown!.Id).ToHashSet(StringComparer.Ordinal);
        var slots = entries.Select(e => e.Shown!).Where(i => Plain(i.ColumnCode)).GroupBy(i => i.ColumnCode)
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i, PublicationOrder.Instance).ToList(), StringComparer.Ordinal);
        // One column is moved down to a whole number of 目录 pages, another to a whole number of list pages: each loses its last page.
        var catalogueColumn = slots.Where(c => c.Value.Count > PortalPaths.CataloguePageSize)
            .MinBy(c => (c.Value.Count - 1) % PortalPaths.CataloguePageSize).Key;
        var listColumn = slots.Where(c => c.Key != catalogueColumn && c.Value.Count > PortalPaths.PageSize)
            .MinBy(c => (c.Value.Count - 1) % PortalPaths.PageSize).Key;
        var target = catalogue.Columns.First(c => Plain(c.Code) && c.Code != catalogueColumn && c.Code != listColumn && c.Genres.Count > 0);
        var catalogueLast = (slots[catalogueColumn].Count - 1) / PortalPaths.CataloguePageSize + 1;
        var listLast = (slots[listColumn].Count - 1) / PortalPaths.PageSize + 1;
        var moved = slots[catalogueColumn].Skip((catalogueLast - 1) * PortalPaths.CataloguePageSize)
            .Concat(slots[listColumn].Skip((listLast - 1) * PortalPaths.PageSize)).Where(i => shown.Contains(i.Id)).ToList();
        Assert.True(moved.Count == slots[catalogueColumn].Count - (catalogueLast - 1) * PortalPaths.CataloguePageSize
            + slots[listColumn].Count - (listLast - 1) * PortalPaths.PageSize, "the items of both last pages are on the site");
        Assert.Contains($"catalogue/{catalogueColumn}/p/{catalogueLast}.html", bed.Site.Blobs.Keys);
        Assert.Contains($"columns/{listColumn}/p/{listLast}.html", bed.Site.Blobs.Keys);

        foreach (var item in moved)
        {
            await bed.UpdateAsync(item.Id, i => i with
            {
                Version = i.Version + 1, ColumnCode = target.Code, Genre = target.Genres[0], State = ItemState.ReadyToPublish,
                UpdatedAt = bed.Time.GetUtcNow(),
            }, Entry(AuditAction.ReviewApproved));
        }
        await StepAsync(bed, PublicationTrigger.OnDemand, "move the last pages' items to another column", changed: moved.Count);

        Assert.DoesNotContain($"catalogue/{catalogueColumn}/p/{catalogueLast}.html", bed.Site.Blobs.Keys);
        Assert.DoesNotContain($"columns/{listColumn}/p/{listLast}.html", bed.Site.Blobs.Keys);
        Assert.Empty(BrokenLinks(bed.Site));

        // Withdrawals that empty the last list page keep it (the items keep their slots), saying why it is empty.
        var lastPage = listLast - 1;
        var emptied = slots[listColumn].Skip((lastPage - 1) * PortalPaths.PageSize).Take(PortalPaths.PageSize).Where(i => shown.Contains(i.Id)).ToList();
        foreach (var item in emptied)
            await bed.UpdateAsync(item.Id, i => i with { State = ItemState.Withdrawn, UpdatedAt = bed.Time.GetUtcNow() }, Entry(AuditAction.ReviewApproved));
        await StepAsync(bed, PublicationTrigger.Withdrawal, "withdraw every item of the last list page", changed: emptied.Count);

        Assert.Contains("本页信息均已撤回", bed.Text($"columns/{listColumn}/p/{lastPage}.html"));
        Assert.Empty(BrokenLinks(bed.Site));
    }

    /// <summary>
    /// Every link of every page to a file the site does not have (fragment and query left off), as "page → link"; links
    /// to the functions' own pages (<c>/api/…</c>, the application form) are not on the site.
    /// </summary>
    internal static List<string> BrokenLinks(InMemorySiteStore site)
    {
        var broken = new List<string>();
        foreach (var path in site.Blobs.Keys.Where(p => p.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Encoding.UTF8.GetString(site.ReadAsync(path, default).Result!);
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/[^\"#?]*)"))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith("/api/", StringComparison.Ordinal)) continue;
                if (target.EndsWith('/')) target += "index.html";
                if (!site.Blobs.ContainsKey(PortalPaths.FilePath(target))) broken.Add($"{path} → {link.Groups[1].Value}");
            }
        }
        return broken;
    }

    private static List<string> ChangedUnder<T>(IReadOnlyDictionary<string, T> before, IReadOnlyDictionary<string, T> after, string prefix) =>
        after.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !(before.TryGetValue(kv.Key, out var old) && Equals(old, kv.Value)))
            .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_run_for_a_change_reads_the_changed_items_not_every_item()
    {
        var bed = await PublishedCatalogueAsync();
        await bed.ReadyAsync("关于公布2026年度市级重点实验室名单的通知", "现将名单公布如下。", "张三", (null, "李审核"), Numbered(1));

        var onDemand = new CountingItemStore(bed.Items);
        var result = await Service(bed, onDemand).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(1, result.ItemsPublished);
        Assert.False(result.FullRender);
        // The one item 待发布; the store read nothing else (no version history, no other item).
        Assert.Equal(1, onDemand.ItemsRead);

        var nightly = new CountingItemStore(bed.Items);
        await Service(bed, nightly).PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(nightly.ItemsRead >= CatalogueSize, $"the nightly run read {nightly.ItemsRead} items");
    }

    [Fact]
    public async Task An_item_recorded_by_a_run_that_stopped_is_put_on_the_site_by_the_next_run_for_a_change()
    {
        var bed = await PublishedCatalogueAsync();
        var item = await bed.ReadyAsync("发布中断后由下一次立即发布补齐的通知", "现将有关事项通知如下。", "张三", (null, "李审核"), Numbered(1));

        // The manifest naming it, then two pages: the storage goes away after 已发布 is recorded and before the manifest.
        await Assert.ThrowsAsync<IOException>(() => Service(bed, bed.Items, new FailingSiteStore(bed.Site, failAfterWrites: 3))
            .PublishAsync(PublicationTrigger.OnDemand, "李审核", default));
        Assert.Equal(ItemState.Published, (await bed.Items.GetAsync(item.Id))!.Item.State);
        Assert.Equal([item.Id], (await bed.Site.ReadManifestAsync(default))!.Pending);

        // No longer 待发布, yet the next run for a change finds it, and its site is the full rebuild's.
        await StepAsync(bed, PublicationTrigger.OnDemand, "after a stopped run", snapshotFrom: "every-item");
        Assert.Contains("发布中断后由下一次立即发布补齐的通知", bed.Text("columns/tzgg/index.html"));
        Assert.Empty((await bed.Site.ReadManifestAsync(default))!.Pending);

        bed.Site.ResetCounters();
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(0, bed.Site.Writes);
    }

    [Fact]
    public async Task An_item_that_stays_ready_is_named_once_and_costs_no_writes_on_later_runs()
    {
        var bed = await PublishedCatalogueAsync();
        var broken = await bed.ReadyAsync("正文丢失的通知", "正文", "张三", (null, "李审核"), Numbered(1));
        await bed.Items.DeleteAsync(broken.Id, broken.BodyId!);

        var first = await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(broken.Id, Assert.Single(first.Skipped).ItemId);
        Assert.Equal([broken.Id], (await bed.Site.ReadManifestAsync(default))!.Pending);

        bed.Site.ResetCounters();
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(0, bed.Site.Writes);
    }

    [Fact]
    public async Task A_manifest_without_copies_makes_the_run_read_every_item_and_keep_them()
    {
        var bed = await PublishedCatalogueAsync();
        var manifest = (await bed.Site.ReadManifestAsync(default))!;
        var old = manifest with { Items = manifest.Items.ToDictionary(e => e.Key, e => e.Value with { Shown = null }, StringComparer.Ordinal) };
        await bed.Site.WriteManifestAsync(old, default);
        await bed.ReadyAsync("关于开展科技活动周的通知", "现将活动安排通知如下。", "张三", (null, "李审核"), Numbered(1));

        var reads = new CountingItemStore(bed.Items);
        await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.True(reads.ItemsRead >= CatalogueSize);
        Assert.All((await bed.Site.ReadManifestAsync(default))!.Items.Values, e => Assert.NotNull(e.Shown));
    }

    [Fact]
    public async Task A_manifest_stored_in_one_file_is_taken_as_it_is_and_the_next_run_for_a_change_stores_it_in_parts()
    {
        var bed = await PublishedCatalogueAsync();
        // As the publication stored it before issue 19's parts: one JSON file with every file hash and item entry.
        var single = JsonSerializer.SerializeToUtf8Bytes(await bed.Site.ReadManifestAsync(default), PublicationJson.Options);
        bed.Site.PutManifestBlob(SiteManifestStore.RootName, single);
        await bed.ReadyAsync("关于开展2026年度科技成果登记工作的通知", "现将登记工作安排通知如下。", "张三", (null, "李审核"), Numbered(1));

        // Still a run for the change (the copies, the fingerprint), and its site and manifest are the full rebuild's.
        await StepAsync(bed, PublicationTrigger.OnDemand, "after migration", snapshotFrom: "every-item");

        var root = JsonDocument.Parse(bed.Site.ManifestBlobs[SiteManifestStore.RootName]).RootElement;
        Assert.Equal(SiteManifestStore.PartedFormat, root.GetProperty("format").GetInt32());
        Assert.True(PartCount(bed.Site) > 10, root.GetRawText());
        Assert.Equal(CatalogueSize + 1, (await bed.Site.ReadManifestAsync(default))!.Items.Count);
        bed.Site.ResetCounters();
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(0, bed.Site.Writes);
    }

    [Fact]
    public async Task A_run_for_one_new_item_writes_the_parts_of_the_manifest_it_touched_and_reads_only_the_new_ones()
    {
        var bed = await PublishedCatalogueAsync();
        var parts = PartCount(bed.Site);
        await bed.ReadyAsync("关于公布2026年度科技型中小企业名单的通知", "现将名单公布如下。", "张三", (null, "李审核"), Numbered(1));
        bed.Site.ResetCounters();
        var readsBefore = bed.Site.ManifestBlobsRead;

        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        // The pending note (root only), then the item's bucket, its column's pages (lists and 目录), its year's 目录 pages,
        // the rest of the site and the root.
        var manifestWrites = bed.Site.WrittenPaths.Count(p => p == "(manifest)");
        Assert.InRange(manifestWrites, 3, 6);
        Assert.True(parts >= 20, $"{parts} parts");
        // The host had read every part before: this run read the root only (the parts it wrote, it keeps).
        Assert.Equal(1, bed.Site.ManifestBlobsRead - readsBefore);
    }

    [Fact]
    public async Task A_run_for_one_new_item_writes_at_most_three_manifest_blobs()
    {
        // Issue 19: the pending note (root only), the change log and the root, where the parts written were 6 blobs (the
        // item's bucket, its column's part, its year's 目录 part, the site part, and the root twice). Five items in a row,
        // each published by itself; the log stays below its bound, so none folds.
        var bed = await PublishedCatalogueAsync();
        var writes = new List<int>();
        for (var n = 1; n <= 5; n++)
        {
            await bed.ReadyAsync($"关于公布2026年度第{n}批科技型中小企业名单的通知", "现将名单公布如下。", "张三", (null, "李审核"), Numbered(n));
            bed.Site.ResetCounters();
            await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
            writes.Add(bed.Site.WrittenPaths.Count(p => p == "(manifest)"));
        }

        Assert.All(writes, w => Assert.InRange(w, 1, 3));
    }

    [Fact]
    public async Task A_run_for_a_change_reads_the_noted_items_by_id_without_a_query_over_every_item()
    {
        // Issue 19: on Azure Tables a query by State reads every item's row (~100 requests at 100,000 items). Once a run
        // that read every item has said the notes are complete, a run for a change reads the items noted 待发布 or 已撤回
        // by id, and removes the notes it handled.
        var bed = await PublishedCatalogueAsync();
        Assert.True((await bed.Items.ListNotesAsync(default)).Complete);
        var item = await bed.ReadyAsync("关于公布2026年度科技企业孵化器名单的通知", "现将名单公布如下。", "张三", (null, "李审核"), Numbered(1));
        Assert.Contains((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);
        var reads = new CountingItemStore(bed.Items);

        var run = await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.Equal(1, run.ItemsPublished);
        Assert.Equal(0, reads.Queries);
        Assert.Empty((await bed.Items.ListNotesAsync(default)).Notes);
        Assert.Equal(ItemState.Published, (await bed.Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task Until_a_run_has_read_every_item_the_notes_are_not_trusted_and_a_run_for_a_change_lists_by_state()
    {
        // Items that entered 待发布 before notes were kept have none: before the first nightly run after the deploy says the
        // notes are complete, a run for a change asks the store by state as it did.
        var bed = new PublicationBed(Start, new InMemorySiteStore(itemsPerBucket: 8));
        await GenerateAsync(bed, 40);
        // The first publication by a host without notes (the code before them).
        var withoutNotes = new PublicationService(bed.Items, bed.Lifecycle(), bed.Items, bed.Site, PublicationBed.Renderer, PublicationBed.Catalogue,
            new OperatorAlerts(bed.Alerts, PublicationBed.Catalogue, new ComplianceOptions()), bed.Time);
        await withoutNotes.PublishAsync(PublicationTrigger.Nightly, null, default);
        await bed.ReadyAsync("关于公布2026年度科技型中小企业名单的通知", "现将名单公布如下。", "张三", (null, "李审核"), Numbered(1));
        var reads = new CountingItemStore(bed.Items);

        var run = await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.Equal(1, run.ItemsPublished);
        Assert.Equal(2, reads.Queries); // 待发布 and 已撤回
        Assert.False((await bed.Items.ListNotesAsync(default)).Complete);
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True((await bed.Items.ListNotesAsync(default)).Complete);
    }

    [Fact]
    public async Task The_note_of_an_item_still_waiting_stays_for_the_next_run()
    {
        // A run for a withdrawal only takes things down: the item approved meanwhile keeps its note, and the next 立即发布
        // publishes it without a query.
        var bed = await PublishedCatalogueAsync();
        var item = await bed.ReadyAsync("关于开展2026年度科技成果登记工作的通知", "现将登记工作安排通知如下。", "张三", (null, "李审核"), Numbered(1));
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.Withdrawal, null, default);
        Assert.Contains((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == item.Id);

        var reads = new CountingItemStore(bed.Items);
        var run = await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.Equal(1, run.ItemsPublished);
        Assert.Equal(0, reads.Queries);
        Assert.Empty((await bed.Items.ListNotesAsync(default)).Notes);
    }

    [Fact]
    public async Task A_note_written_before_its_change_commits_is_kept_until_the_item_reaches_the_version_it_names()
    {
        // The table store writes an item's note before it commits the change into 待发布, so a run may list the note and
        // read the item as it was (at the ETag the change replaces): it must keep the note, or the change, committed just
        // after, waits for the nightly run.
        var bed = await PublishedCatalogueAsync();
        var shown = (await bed.Items.ListAsync(new ItemQuery(State: ItemState.Published)).ToListAsync()).OrderBy(i => i.Id, StringComparer.Ordinal).First();
        var corrected = shown with { Version = shown.Version + 1, Title = shown.Title + "（更正）", State = ItemState.ReadyToPublish };
        bed.Items.NoteUncommittedChange(shown.Id);

        var early = await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.Equal(0, early.ItemsPublished);
        Assert.Contains((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == shown.Id);
        await bed.UpdateAsync(shown.Id, i => corrected with { UpdatedAt = bed.Time.GetUtcNow() }, Entry(AuditAction.ReviewApproved));
        var reads = new CountingItemStore(bed.Items);
        var run = await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Equal(1, run.ItemsPublished);
        Assert.Equal(0, reads.Queries);
        Assert.Contains("（更正）", bed.Text($"items/{shown.Id}.html"));
        Assert.Empty((await bed.Items.ListNotesAsync(default)).Notes);
    }

    [Fact]
    public async Task Past_one_note_per_hundred_items_a_run_for_a_change_lists_by_state_and_still_settles_the_notes()
    {
        // After an import that made many items 待发布 at once, reading each by id costs more requests than the query
        // (on Azure Tables a scan of about one request per 1,000 rows for each state). The notes are then judged by what
        // the query listed: those it listed go, the one whose change is not committed stays.
        var bed = await PublishedCatalogueAsync();
        var approved = new List<DisclosureItem>();
        for (var i = 0; i < 65; i++)
            approved.Add(await bed.ReadyAsync($"关于公布第{i + 1}批科技计划项目立项结果的通知", "现将立项结果公布如下。", "张三", (null, "李审核"), Numbered(10 + i)));
        var shown = (await bed.Items.ListAsync(new ItemQuery(State: ItemState.Published)).ToListAsync()).OrderBy(i => i.Id, StringComparer.Ordinal).First();
        bed.Items.NoteUncommittedChange(shown.Id);
        var reads = new CountingItemStore(bed.Items);

        var run = await Service(bed, reads).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);

        Assert.Equal(65, run.ItemsPublished);
        Assert.Equal(2, reads.Queries); // 待发布 and 已撤回
        Assert.Equal([shown.Id], (await bed.Items.ListNotesAsync(default)).Notes.Select(n => n.ItemId));
        foreach (var item in approved) Assert.Equal(ItemState.Published, (await bed.Items.GetAsync(item.Id))!.Item.State);
    }

    [Fact]
    public async Task A_note_whose_change_never_committed_is_dropped_by_a_nightly_run_once_it_is_an_hour_old()
    {
        // The commit after the note failed (another change came first) or its process stopped: no run will find the item at
        // the version the note names. A nightly run, which read every item, drops the note after an hour; not sooner,
        // since the commit may still be on its way.
        var bed = await PublishedCatalogueAsync();
        var shown = (await bed.Items.ListAsync(new ItemQuery(State: ItemState.Published)).ToListAsync()).OrderBy(i => i.Id, StringComparer.Ordinal).Last();
        bed.Items.NoteUncommittedChange(shown.Id);

        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Contains((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == shown.Id);
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.OnDemand, "李审核", default);
        Assert.Contains((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == shown.Id);

        bed.Time.Advance(SiteDelta.AbandonedNoteAge + TimeSpan.FromMinutes(1));
        await Service(bed, bed.Items).PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.DoesNotContain((await bed.Items.ListNotesAsync(default)).Notes, n => n.ItemId == shown.Id);
        Assert.Equal(ItemState.Published, (await bed.Items.GetAsync(shown.Id))!.Item.State);
    }

    /// <summary>The parts the stored root's index names.</summary>
    private static int PartCount(InMemorySiteStore site)
    {
        var index = JsonDocument.Parse(site.ManifestBlobs[SiteManifestStore.RootName]).RootElement.GetProperty("index").GetString()!;
        return JsonDocument.Parse(site.ManifestBlobs[index]).RootElement.GetProperty("parts").EnumerateObject().Count();
    }

    /// <summary>
    /// Publishes the change on the bed's site as the run for a change does, and the same change on a copy of the site as
    /// it was, rebuilt in full from every item (a manifest of other templates makes every page render again); then the
    /// two sites must hold the same files with the same bytes and headers, and the same manifest entries.
    /// </summary>
    /// <param name="changed">Items in the change: each may be read with its versions.</param>
    /// <param name="snapshotFrom">
    /// How the run makes its snapshot: from the last run's (<c>last-run</c>) when the host's last run stored the manifest
    /// it reads; from every item when another run (another host's, one that stopped) stored one since.
    /// </param>
    private static async Task StepAsync(PublicationBed bed, PublicationTrigger trigger, string step, int changed = 1, string snapshotFrom = "last-run")
    {
        var rebuilt = await CopyForFullRebuildAsync(bed.Site);
        var host = HostOf(bed);
        var reads = host.Reads;
        reads.ResetCount();
        var (delta, snapshot) = await SnapshotTracedAsync(() => host.Service.PublishAsync(trigger, "李审核", default));
        Assert.False(delta.FullRender);
        Assert.Equal(snapshotFrom, snapshot);
        Assert.Empty(delta.Skipped);
        Assert.True(reads.ItemsRead < 8 + 2 * changed, $"{step}: the run for the change read {reads.ItemsRead} items");

        var full = await bed.Service(rebuilt).PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(full.FullRender);

        var expected = rebuilt.Blobs;
        var actual = bed.Site.Blobs;
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, blob) in expected)
        {
            Assert.True(blob == actual[path], $"{step}: {path} has other headers or hash");
            var rebuiltBytes = (await rebuilt.ReadAsync(path, default))!;
            var deltaBytes = (await bed.Site.ReadAsync(path, default))!;
            Assert.True(rebuiltBytes.AsSpan().SequenceEqual(deltaBytes), $"{step}: {path} differs from the full rebuild");
        }
        var expectedManifest = (await rebuilt.ReadManifestAsync(default))!;
        var actualManifest = (await bed.Site.ReadManifestAsync(default))!;
        Assert.Equal(Json(expectedManifest), Json(actualManifest));
    }

    private static string Json(SiteManifest manifest) => JsonSerializer.Serialize(manifest with
    {
        Files = new Dictionary<string, string>(manifest.Files.OrderBy(f => f.Key, StringComparer.Ordinal), StringComparer.Ordinal),
        Items = new Dictionary<string, SiteItemEntry>(manifest.Items.OrderBy(f => f.Key, StringComparer.Ordinal), StringComparer.Ordinal),
    }, PublicationJson.Options);

    private static async Task<InMemorySiteStore> CopyForFullRebuildAsync(InMemorySiteStore site)
    {
        var copy = new InMemorySiteStore();
        foreach (var (path, blob) in site.Blobs)
            await copy.PutAsync(blob, new MemoryStream((await site.ReadAsync(path, default))!), default);
        var manifest = (await site.ReadManifestAsync(default))!;
        // A manifest new to the copy's store: none was stored there before (no ETag to match).
        await copy.WriteManifestAsync(manifest with { Fingerprint = "another template set", ETag = null }, default);
        return copy;
    }

    /// <summary>Generated 科技局 items already 已发布 with their bodies, published by a nightly run.</summary>
    private static async Task<PublicationBed> PublishedCatalogueAsync(int size = CatalogueSize, int logBytes = SiteManifestStore.LogBytes)
    {
        // Few items per bucket: the manifest of a few hundred items is kept in many parts, as one of 100,000 would be.
        var bed = new PublicationBed(Start, new InMemorySiteStore(itemsPerBucket: 8, logBytes: logBytes));
        await GenerateAsync(bed, size);
        var initial = await HostOf(bed).Service.PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(initial.FullRender);
        return bed;
    }

    /// <summary>Serials far above the generated ones, so the new items' 索引号 never equal a generated item's.</summary>
    private static Func<DisclosureItem, DisclosureItem> Numbered(int n) =>
        i => i with { IndexNumber = new IndexNumber(i.IndexNumber.IssuerCode, 2026, 90_000 + n) };

    private static Func<DisclosureItem, AuditEntry> Entry(string action) => i => new AuditEntry
    {
        ItemId = i.Id, EventId = Guid.NewGuid().ToString("N"), At = DateTimeOffset.UnixEpoch, Actor = "李审核", Action = action, To = i.State,
    };

    /// <summary>Generated items, stored as published (with their bodies), not yet on the site.</summary>
    private static async Task GenerateAsync(PublicationBed bed, int size)
    {
        foreach (var (item, body) in new BureauItemGenerator().Generate(size))
        {
            await bed.Items.PutAsync(item.Id, "body", new MemoryStream(Encoding.UTF8.GetBytes(body)), "text/plain");
            await bed.Items.CreateAsync(item with { BodyId = "body", PublishedVersion = 1 }, ItemChange.Of(new AuditEntry
            {
                ItemId = item.Id, EventId = "generated", At = DateTimeOffset.UnixEpoch, Actor = "generator",
                Action = AuditAction.Published, To = ItemState.Published,
            }));
        }
    }

    /// <summary>
    /// The publication service of the bed's host: one for all its runs, as a host has one (a singleton), so a run for a
    /// change finds the snapshot of the run before it. Its item store counts what each run reads.
    /// </summary>
    private sealed record Host(PublicationService Service, CountingItemStore Reads);

    private static readonly ConditionalWeakTable<PublicationBed, Host> Hosts = [];

    private static Host HostOf(PublicationBed bed) => Hosts.GetValue(bed, b =>
    {
        var reads = new CountingItemStore(b.Items);
        return new Host(Service(b, reads), reads);
    });

    /// <summary>The run's result and how its snapshot was made (the render phase's <c>publication.snapshot</c> tag).</summary>
    private static async Task<(PublicationResult Result, string? Snapshot)> SnapshotTracedAsync(Func<Task<PublicationResult>> run)
    {
        using var step = new Activity("publication-delta-step").Start();
        var renders = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DisclosureTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == step.TraceId && a.OperationName == "publication.render") renders.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await run();
        return (result, Assert.Single(renders).GetTagItem("publication.snapshot") as string);
    }

    private static PublicationService Service(PublicationBed bed, IItemStore items, ISiteStore? site = null) =>
        new(items, bed.Lifecycle(), bed.Items, site ?? bed.Site, PublicationBed.Renderer, PublicationBed.Catalogue,
            new OperatorAlerts(bed.Alerts, PublicationBed.Catalogue, new ComplianceOptions()), bed.Time, inbox: bed.Items);
}
