using System.Text;
using System.Xml.Linq;
using Disclosure.Audit;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 14: one item that cannot be rendered, fed or indexed never stops a publication. It is left out of what it would
/// break, named in the run's result and alerted once per version; the other items, withdrawals and deletions go on.
/// </summary>
public class PublicationBulkheadTests
{
    // A high surrogate without its low half: what a cut-off import or a broken converter leaves in a title. An HTML page
    // shows it as U+FFFD; XML cannot carry it at all, so its Atom entry cannot be written.
    private const string BrokenCharacter = "\uD800";

    private readonly PublicationBed _bed = new(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));

    private Task<DisclosureItem> ReadyAsync(string title, string body = "正文内容", IReadOnlyList<AttachmentFile>? files = null,
        Func<DisclosureItem, DisclosureItem>? details = null) =>
        _bed.ReadyAsync(title, body, "张三", (null, "李审核"), details, files);

    private Task<DisclosureItem> ChangeAsync(string id, Func<DisclosureItem, DisclosureItem> change, string action = AuditAction.ReviewApproved) =>
        _bed.UpdateAsync(id, change, next => new AuditEntry
        {
            ItemId = id, EventId = Guid.NewGuid().ToString("N"), At = _bed.Time.GetUtcNow(), Actor = "李审核", Action = action, To = next.State, Version = next.Version,
        });

    private IReadOnlyList<Notification> Alerts => _bed.Alerts.Sent.Where(n => n.RecipientCode == OperatorAlerts.Recipient).ToList();

    private static XDocument Xml(string text) => XDocument.Parse(text);

    [Fact]
    public async Task A_title_with_a_control_character_is_published_without_it_and_every_page_and_feed_stays_valid()
    {
        var item = await ReadyAsync("关于开展\u0001科技活动周的通知", body: "请各单位\u0001组织申报。",
            details: i => i with { Summary = "活动周\u0007安排", Keywords = ["科技\u001B活动"] });

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(1, result.ItemsPublished);
        Assert.Empty(result.Skipped);
        var page = _bed.Text($"items/{item.Id}.html");
        Assert.Contains("关于开展科技活动周的通知", page);
        Assert.Contains("请各单位组织申报。", page);
        Assert.DoesNotContain("&#x1;", page);
        Assert.DoesNotContain("\u0001", page, StringComparison.Ordinal);
        foreach (var feed in new[] { "feeds/all.xml", "feeds/tzgg.xml" })
            Assert.Contains(Xml(_bed.Text(feed)).Descendants(), e => e.Name.LocalName == "title" && e.Value == "关于开展科技活动周的通知");
        Assert.Equal(["关于开展科技活动周的通知"], await _bed.SearchTitlesAsync("活动周"));
        var errors = await NuHtmlChecker.CheckAsync(new Dictionary<string, string>
        {
            ["item.html"] = page, ["column.html"] = _bed.Text("columns/tzgg/index.html"), ["catalogue.html"] = _bed.Text("catalogue/tzgg/p/1.html"),
            ["catalogue-index.html"] = _bed.Text("catalogue/tzgg/index.html"),
        });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task One_poisoned_item_among_fifty_leaves_the_other_49_published_and_a_pending_withdrawal_completed()
    {
        var withdrawn = await ReadyAsync("误含身份证号须撤回的通知", files: [AttachmentFile.Pdf("att-id", "名单.pdf")]);
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.True(_bed.Site.Blobs.ContainsKey("files/att-id/名单.pdf"));
        await ChangeAsync(withdrawn.Id, i => i with { State = ItemState.Withdrawn });
        var ready = new List<DisclosureItem>();
        for (var i = 0; i < 50; i++) ready.Add(await ReadyAsync(i == 17 ? $"第{i}号通知{BrokenCharacter}" : $"第{i}号通知"));
        var poisoned = ready[17];

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(49, result.ItemsPublished);
        Assert.Equal(1, result.ItemsWithdrawn);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(poisoned.Id, skipped.ItemId);
        Assert.Contains("订阅", skipped.Reason);
        Assert.Equal(ItemState.ReadyToPublish, (await _bed.Items.GetAsync(poisoned.Id))!.Item.State);
        Assert.DoesNotContain(await _bed.Items.ListAsync(poisoned.Id), e => e.Action == AuditAction.Published);
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{poisoned.Id}.html"));
        foreach (var item in ready.Where(i => i.Id != poisoned.Id))
        {
            Assert.Equal(ItemState.Published, (await _bed.Items.GetAsync(item.Id))!.Item.State);
            Assert.Contains(item.Title, _bed.Text($"items/{item.Id}.html"));
        }
        Assert.Equal(49, Xml(_bed.Text("feeds/all.xml")).Descendants().Count(e => e.Name.LocalName == "entry"));
        // The withdrawal: the notice at its address, the attachment with someone's ID number gone, out of every list.
        Assert.Contains("已撤回", _bed.Text($"items/{withdrawn.Id}.html"));
        Assert.False(_bed.Site.Blobs.ContainsKey("files/att-id/名单.pdf"));
        Assert.DoesNotContain("误含身份证号", _bed.Text("columns/tzgg/index.html"));
        Assert.Empty(await _bed.SearchTitlesAsync("身份证"));
        var alert = Assert.Single(Alerts);
        Assert.Equal(PublicationFaults.AlertId(poisoned.Id, 1), alert.Id);
        Assert.Contains(poisoned.Id, alert.Text);

        // The next run meets it again: named again, alerted no more, nothing else to do.
        var next = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Equal(poisoned.Id, Assert.Single(next.Skipped).ItemId);
        Assert.Single(Alerts);
        Assert.Equal(0, next.ItemsChangedOnSite);
    }

    [Fact]
    public async Task An_item_already_published_whose_feed_entry_cannot_be_written_is_left_out_of_the_feeds_only()
    {
        // Stored 已发布 before this check existed (or imported): its page can be shown, its Atom entry cannot be written.
        var fine = await ReadyAsync("正常的通知");
        var broken = await ReadyAsync("标题损坏的通知" + BrokenCharacter);
        await ChangeAsync(broken.Id, i => i with { State = ItemState.Published, PublishedOn = new DateOnly(2026, 3, 9), PublishedVersion = 1 }, AuditAction.Published);

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(1, result.ItemsPublished);
        Assert.Contains("标题损坏的通知", _bed.Text($"items/{broken.Id}.html"));
        Assert.Contains("标题损坏的通知", _bed.Text("columns/tzgg/index.html"));
        var feed = _bed.Text("feeds/all.xml");
        Assert.Contains("正常的通知", feed);
        Assert.DoesNotContain("标题损坏的通知", feed);
        Assert.DoesNotContain($"/items/{broken.Id}.html", _bed.Text(_bed.SitemapPartOf(broken.Id)));
        Assert.Contains($"/items/{fine.Id}.html", _bed.Text(_bed.SitemapPartOf(fine.Id)));
        Assert.All(result.Skipped, s => Assert.Equal(broken.Id, s.ItemId));
        Assert.Contains(result.Skipped, s => s.Reason.Contains("订阅", StringComparison.Ordinal));
        Assert.Single(Alerts);
    }

    [Fact]
    public async Task An_item_whose_page_cannot_be_rendered_is_left_out_of_every_list_and_keeps_its_page()
    {
        var fine = await ReadyAsync("正常的通知");
        var damaged = await ReadyAsync("记录损坏的通知");
        var withdrawal = await ReadyAsync("稍后撤回的通知", files: [AttachmentFile.Pdf("att-w", "附件.pdf")]);
        await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        var pageBefore = _bed.Text($"items/{damaged.Id}.html");
        // A 有效性 this build does not know (written by a newer version, or imported): no page or list row can show it.
        await ChangeAsync(damaged.Id, i => i with { Validity = (Validity)99 });
        await ChangeAsync(withdrawal.Id, i => i with { State = ItemState.Withdrawn });
        // New templates: every page is rendered again, each list with the damaged item in it.
        await _bed.Site.WriteManifestAsync((await _bed.Site.ReadManifestAsync(default))! with { Fingerprint = "older templates" }, default);

        var result = await _bed.Service().PublishAsync(PublicationTrigger.Withdrawal, null, default);

        Assert.True(result.FullRender);
        Assert.Equal(damaged.Id, Assert.Single(result.Skipped).ItemId);
        Assert.Contains("公开页面无法生成", Assert.Single(result.Skipped).Reason);
        Assert.Empty(result.PagesKept ?? []);
        Assert.Equal(pageBefore, _bed.Text($"items/{damaged.Id}.html"));
        foreach (var path in new[] { "index.html", "columns/tzgg/index.html", "catalogue/tzgg/p/1.html", "catalogue/2026/p/1.html" })
        {
            Assert.Contains("正常的通知", _bed.Text(path));
            Assert.DoesNotContain("记录损坏的通知", _bed.Text(path));
            Assert.DoesNotContain("稍后撤回的通知", _bed.Text(path));
        }
        Assert.DoesNotContain("记录损坏的通知", _bed.Text("feeds/all.xml"));
        Assert.Contains("已撤回", _bed.Text($"items/{withdrawal.Id}.html"));
        Assert.False(_bed.Site.Blobs.ContainsKey("files/att-w/附件.pdf"));
        Assert.Equal(PublicationFaults.AlertId(damaged.Id, 1), Assert.Single(Alerts).Id);
        Assert.Contains("正常的通知", _bed.Text($"items/{fine.Id}.html"));

        // Every run tries it again: while it fails it stays out of the lists (another item's change renders them), named, not alerted again.
        var another = await ReadyAsync("又一条通知");
        var again = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Equal(damaged.Id, Assert.Single(again.Skipped).ItemId);
        Assert.Contains("又一条通知", _bed.Text("columns/tzgg/index.html"));
        Assert.DoesNotContain("记录损坏的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Single(Alerts);
        // Once its record is repaired, the next run shows it again without anything else changing.
        await ChangeAsync(damaged.Id, i => i with { Validity = Validity.InForce });
        var repaired = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Empty(repaired.Skipped);
        Assert.Contains("记录损坏的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Contains("记录损坏的通知", _bed.Text("catalogue/2026/p/1.html"));
        Assert.Contains("记录损坏的通知", _bed.Text("feeds/all.xml"));
        _bed.Site.ResetCounters();
        Assert.Equal(0, (await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default)).ItemsChangedOnSite);
    }

    [Fact]
    public async Task An_item_whose_attachment_cannot_be_copied_stays_off_the_site_and_the_others_are_published()
    {
        var broken = await ReadyAsync("附件损坏的通知", files: [AttachmentFile.Pdf("att-a", "一.pdf"), AttachmentFile.Pdf("att-b", "二.pdf")]);
        var fine = await ReadyAsync("正常的通知");
        var service = _bed.Service(new AttachmentFailingSiteStore(_bed.Site, "files/att-b/"));

        var result = await service.PublishAsync(PublicationTrigger.Nightly, null, default);

        Assert.Equal(broken.Id, Assert.Single(result.Skipped).ItemId);
        Assert.Contains("附件无法写入网站", Assert.Single(result.Skipped).Reason);
        Assert.False(_bed.Site.Blobs.ContainsKey($"items/{broken.Id}.html"));
        Assert.False(_bed.Site.Blobs.ContainsKey("files/att-a/一.pdf")); // copied, then removed again: nothing links to it
        Assert.DoesNotContain("附件损坏的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.Contains("正常的通知", _bed.Text($"items/{fine.Id}.html"));
        Assert.Single(Alerts);

        // Once storage takes the file, the next run puts the item on the site.
        var next = await _bed.Service().PublishAsync(PublicationTrigger.Nightly, null, default);
        Assert.Empty(next.Skipped);
        Assert.Contains("附件损坏的通知", _bed.Text("columns/tzgg/index.html"));
        Assert.True(_bed.Site.Blobs.ContainsKey("files/att-b/二.pdf"));
    }

    [Fact]
    public async Task The_render_check_fails_an_approved_item_whose_feed_entry_cannot_be_written()
    {
        var item = await ReadyAsync("标题损坏的通知" + BrokenCharacter);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _bed.Check().CheckAsync(item.Id, 1, default));

        Assert.Contains("订阅", failure.Message);
    }

    /// <summary>Refuses the files under one prefix, as storage refuses a blob it cannot take.</summary>
    private sealed class AttachmentFailingSiteStore(InMemorySiteStore inner, string refusedPrefix) : ISiteStore
    {
        public Task<byte[]?> ReadAsync(string path, CancellationToken ct) => inner.ReadAsync(path, ct);
        public Task<SiteManifest?> ReadManifestAsync(CancellationToken ct) => inner.ReadManifestAsync(ct);
        public Task<StoredSiteManifest> WriteManifestAsync(SiteManifest manifest, CancellationToken ct) => inner.WriteManifestAsync(manifest, ct);
        public Task DeleteAsync(string path, CancellationToken ct) => inner.DeleteAsync(path, ct);
        public Task<IAsyncDisposable?> TryLockAsync(CancellationToken ct) => inner.TryLockAsync(ct);

        public Task PutAsync(SiteBlob blob, Stream content, CancellationToken ct) =>
            blob.Path.StartsWith(refusedPrefix, StringComparison.Ordinal)
                ? throw new IOException($"存储拒绝写入 {blob.Path}")
                : inner.PutAsync(blob, content, ct);
    }
}
