using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Publishing.Feeds;
using Disclosure.Publishing.Search;

namespace Disclosure.Publishing;

/// <summary>What started a publication; written into the audit entries it makes.</summary>
public enum PublicationTrigger
{
    Nightly,
    OnDemand,
    SampleData,
    /// <summary>An approved withdrawal takes effect at once (see <see cref="PublicationService.RenderAsync"/>).</summary>
    Withdrawal,
}

/// <summary>The summary of one publication run (the HTTP answer and the log line).</summary>
public sealed record PublicationResult(
    bool AlreadyRunning,
    int ItemsPublished,
    int ItemsRecordedOnly,
    int ItemsWithdrawn,
    int ItemsChangedOnSite,
    bool FullRender,
    int BlobsWritten,
    int BlobsDeleted,
    IReadOnlyList<SkippedItem> Skipped,
    int ItemsExpired = 0)
{
    public static readonly PublicationResult Busy = new(true, 0, 0, 0, 0, false, 0, 0, []);
}

/// <summary>An item left 待发布 by this run, and why; the next run tries it again.</summary>
public sealed record SkippedItem(string ItemId, string Reason);

public enum StageOutcome
{
    /// <summary>The message is for an older version, or the item is no longer waiting for publication.</summary>
    Ignored,
    /// <summary>The page is rendered and kept in the staging area until the next publication.</summary>
    Staged,
    /// <summary>The same page was staged before (a repeated message).</summary>
    AlreadyStaged,
    /// <summary>依申请公开 or not 面向社会: the publication records it but never puts it on the portal.</summary>
    RecordOnly,
    /// <summary>An approved withdrawal: the next publication replaces its page by the 已撤回 notice.</summary>
    WithdrawalPending,
    /// <summary>An approved withdrawal, published at once: the page shows the 已撤回 notice and the item left every list.</summary>
    Withdrawn,
}

public sealed record StageResult(StageOutcome Outcome, string Detail);

/// <summary>Another publication holds the lock; the work is retried (the queue makes it visible again).</summary>
public sealed class PublicationBusyException() : Exception("另一次发布正在进行，稍后重试。");

/// <summary>
/// Makes approved items public on the static portal (Regulation Art. 12, 24; issue 5) and takes withdrawn ones down.
/// <para>A publication runs under a lock, so two never interleave. It first records the state changes (待发布 → 已发布
/// with 发布日期 and the published version, each with its audit entry), then derives what the site must show from the
/// items' state, compares that with the manifest of what it shows, and writes the difference: attachments, item pages
/// and assets first, then list pages, the 目录, the search index and the feeds, the manifest last. Because the
/// difference is recomputed from state every run, a run that stopped part-way is completed by the next one.</para>
/// <para>Only changed blobs are written (SHA-256 per file in the manifest); a run with nothing new writes nothing.</para>
/// </summary>
public sealed class PublicationService(
    IItemStore items,
    IContentStore content,
    ISiteStore site,
    PortalRenderer renderer,
    CatalogueSettings catalogue,
    TimeProvider time)
{
    public const string StagingPrefix = "staged/";
    private const int ParallelReads = 8;

    private readonly Lazy<string> _fingerprint = new(() => Fingerprint(renderer, catalogue));

    /// <summary>The actor of the audit entries a publication writes.</summary>
    public static string Actor(PublicationTrigger trigger, string? who = null) => trigger switch
    {
        PublicationTrigger.Nightly => "系统（夜间发布）",
        PublicationTrigger.SampleData => "系统（示例数据）",
        PublicationTrigger.Withdrawal => "系统（撤回即时生效）",
        _ => who is null ? "系统（立即发布）" : $"{who}（立即发布）",
    };

    /// <summary>Only these reach the portal: 主动公开 and 面向社会 (Art. 19, 20). Everything else is recorded only.</summary>
    public static bool IsForThePublic(DisclosureItem item) =>
        item.Attribute == DisclosureAttribute.Proactive && item.Scope == DisclosureScope.Public;

    /// <summary>
    /// 公开时限: a 限时 item is public up to and including its end date (China time); from the next day the publication
    /// takes it off the portal and shows a notice at its address. It stays 已发布 in the record (it was lawfully public).
    /// </summary>
    public static bool PublicPeriodEnded(DisclosureItem item, DateOnly today) => item.PublicUntil is { } until && today > until;

    /// <summary>
    /// Queue-triggered after approval: renders the item's page as it will be published and keeps it in the staging area
    /// (a preview, and an early failure if the body cannot be read or rendered). Stale and repeated messages change nothing.
    /// </summary>
    public async Task<StageResult> StageAsync(string itemId, int version, CancellationToken ct)
    {
        var stored = await items.GetAsync(itemId, ct);
        if (stored is null) return new StageResult(StageOutcome.Ignored, "no such item");
        var item = stored.Item;
        if (item.Version != version)
            return new StageResult(StageOutcome.Ignored, $"message for version {version}, item is at version {item.Version}");
        if (item.State == ItemState.Withdrawn)
        {
            // The notice the next publication puts at the item's URL, staged like any page so the message leaves a trace.
            if (item.PublishedOn is not { } on) return new StageResult(StageOutcome.Ignored, "withdrawn before it was published");
            var withdrawn = PublicView(item, on, item.PublishedVersion ?? item.Version) with { State = ItemState.Withdrawn };
            var notice = renderer.RenderItemPages(new PortalSnapshot(catalogue, [], [withdrawn], _ => ""), [item.Id]).Single();
            var noticeName = $"{StagingPrefix}{item.Id}/v{item.Version}.html";
            await site.StageAsync(noticeName, notice with { Path = noticeName }, ct);
            return new StageResult(StageOutcome.WithdrawalPending, noticeName + ": the next publication shows the 已撤回 notice");
        }
        if (item.State != ItemState.ReadyToPublish)
            return new StageResult(StageOutcome.Ignored, $"item is {item.State}");
        if (!IsForThePublic(item))
            return new StageResult(StageOutcome.RecordOnly, $"{item.Attribute.ToChinese()}, {item.Scope.ToChinese()}: recorded, not put on the portal");
        if (PublicPeriodEnded(item, ChinaTime.Today(time)))
            return new StageResult(StageOutcome.RecordOnly, string.Create(CultureInfo.InvariantCulture, $"公开时限 ended {item.PublicUntil:yyyy-MM-dd}: recorded, not put on the portal"));

        var preview = PublicView(item, item.PublishedOn ?? ChinaTime.Today(time), item.Version);
        var published = new List<DisclosureItem> { preview };
        if (preview.RelatedItemId is { } relatedId && await items.GetAsync(relatedId, ct) is { Item: var related }
            && related.State == ItemState.Published && related.PublishedVersion == related.Version && IsForThePublic(related))
            published.Add(PublicView(related, related.PublishedOn!.Value, related.Version));
        var body = await ReadBodyAsync(preview, ct);
        var snapshot = new PortalSnapshot(catalogue, published, [], i => i.Id == preview.Id ? body : "");
        var page = renderer.RenderItemPages(snapshot, [preview.Id]).Single();
        var name = $"{StagingPrefix}{item.Id}/v{item.Version}.html";
        var written = await site.StageAsync(name, page with { Path = name }, ct);
        return new StageResult(written ? StageOutcome.Staged : StageOutcome.AlreadyStaged, name);
    }

    /// <summary>
    /// The render queue's work. An approved item is staged for the next publication. An approved withdrawal is also
    /// published at once: a page taken down because it should never have been public (personal data, a wrong attribute)
    /// must not stay up until the night. That run publishes nothing new; approved items wait for their run. When another publication holds the lock this throws, so the message is retried
    /// and the withdrawal is certain to be applied by a run that read it (a repeated run with nothing new writes nothing).
    /// </summary>
    public async Task<StageResult> RenderAsync(string itemId, int version, CancellationToken ct)
    {
        var staged = await StageAsync(itemId, version, ct);
        if (staged.Outcome != StageOutcome.WithdrawalPending) return staged;
        var run = await PublishAsync(PublicationTrigger.Withdrawal, null, ct);
        if (run.AlreadyRunning) throw new PublicationBusyException();
        return new StageResult(StageOutcome.Withdrawn, $"{staged.Detail}; published now: {run.ItemsWithdrawn} withdrawn, {run.BlobsWritten} blobs written");
    }

    /// <summary>The nightly publication, and the one a reviewer or administrator starts for urgent items.</summary>
    public async Task<PublicationResult> PublishAsync(PublicationTrigger trigger, string? who, CancellationToken ct)
    {
        await using var held = await site.TryLockAsync(ct);
        if (held is null) return PublicationResult.Busy;

        var manifest = await site.ReadManifestAsync(ct) ?? new SiteManifest();
        var skipped = new List<SkippedItem>();
        var bodies = new Dictionary<(string, int), string>();

        // 1. State first: once an item is 已发布 it is published by this run or, if it stops, by the next one.
        var current = new Dictionary<string, DisclosureItem>(StringComparer.Ordinal);
        await foreach (var item in items.ListAsync(new ItemQuery(), ct)) current[item.Id] = item;
        // A run for a withdrawal only takes things down: approved items keep waiting for the nightly or on-demand run.
        var (published, recordedOnly) = trigger == PublicationTrigger.Withdrawal
            ? (0, 0)
            : await RecordPublicationsAsync(current, trigger, who, bodies, skipped, ct);

        // 2. What the site must show, from state (and today's date, for 公开时限) alone.
        var desired = await DesiredSiteAsync(current, manifest, ChinaTime.Today(time), ct);

        // 3. The difference from what it shows.
        var changes = new List<(SiteView View, PortalChange Change, SiteItemEntry? Before)>();
        foreach (var view in desired.Values.OrderBy(v => v.Item, PublicationOrder.Instance))
        {
            manifest.Items.TryGetValue(view.Item.Id, out var before);
            if (before is not null && before.Version == view.Item.Version && before.Withdrawn == view.Withdrawn && before.Expired == view.Expired) continue;
            DisclosureItem? previous = null;
            if (before is { OffSite: false } && !view.OffSite && before.Version != view.Item.Version)
                previous = await VersionViewAsync(view.Item.Id, before.Version, before.PublishedOn, ct);
            changes.Add((view, new PortalChange(view.Item.Id, previous), before));
        }
        var withdrawnNow = changes.Count(c => c.View.Withdrawn);
        var expiredNow = changes.Where(c => c.View.Expired).ToList();
        var full = manifest.Fingerprint != _fingerprint.Value;

        var snapshot = new PortalSnapshot(catalogue,
            desired.Values.Where(v => !v.OffSite).Select(v => v.Item),
            desired.Values.Where(v => v.Withdrawn).Select(v => v.Item),
            i => bodies.TryGetValue((i.Id, i.Version), out var b) ? b : "",
            desired.Values.Where(v => v.Expired).Select(v => v.Item));

        var writer = new SiteWriter(site, manifest.Files);

        // 4. Pages: the whole site when templates or settings changed (or on the first run), else what the changes touch.
        // A public item whose body was lost keeps the page the site has: one damaged item must not stop the portal.
        List<SiteFile> pages;
        HashSet<string> lost;
        if (full)
        {
            lost = await PrefetchBodiesAsync(snapshot.Published, bodies, ct);
            pages = [.. renderer.RenderSite(snapshot)];
        }
        else
        {
            var needed = changes.SelectMany(c => PortalRenderer.ItemPagesAffectedBy(snapshot, c.Change)).Distinct(StringComparer.Ordinal)
                .Where(snapshot.PublishedById.ContainsKey).Select(id => snapshot.PublishedById[id]);
            lost = await PrefetchBodiesAsync(needed, bodies, ct);
            var byPath = new Dictionary<string, SiteFile>(StringComparer.Ordinal);
            foreach (var (_, change, _) in changes)
                foreach (var file in renderer.RenderChange(snapshot, change)) byPath[file.Path] = file;
            pages = [.. byPath.Values];
        }
        if (lost.Count > 0)
        {
            var keep = lost.Select(id => PortalPaths.FilePath(PortalPaths.Item(id))).ToHashSet(StringComparer.Ordinal);
            pages.RemoveAll(p => keep.Contains(p.Path));
            skipped.AddRange(lost.Order(StringComparer.Ordinal).Select(id => new SkippedItem(id, LostBodyReason)));
        }

        // Attachments of what is newly on the site, then item pages and assets, so that no page links to a missing file.
        var entries = new Dictionary<string, SiteItemEntry>(manifest.Items, StringComparer.Ordinal);
        var obsoleteFiles = new List<string>();
        foreach (var view in desired.Values)
        {
            manifest.Items.TryGetValue(view.Item.Id, out var before);
            var files = view.OffSite ? [] : view.Item.Attachments.Select(a => PortalPaths.FilePath(PortalPaths.Attachment(a))).ToList();
            if (!view.OffSite && (full || before is null || before.Version != view.Item.Version || before.OffSite))
            {
                foreach (var attachment in view.Item.Attachments) await writer.PutAttachmentAsync(content, view.Item.Id, attachment, ct);
            }
            if (before is not null) obsoleteFiles.AddRange(before.Files.Except(files, StringComparer.Ordinal));
            entries[view.Item.Id] = new SiteItemEntry(view.Item.Version, view.Withdrawn, view.Item.PublishedOn, files, view.Expired);
        }

        static bool FirstWave(SiteFile f) => f.Path.StartsWith("items/", StringComparison.Ordinal) || f.Path.StartsWith("assets/", StringComparison.Ordinal);
        foreach (var file in pages.Where(FirstWave)) await writer.PutAsync(file, ct);
        writer.Put(SearchAssets.Script());
        await writer.FlushAsync(ct);
        foreach (var file in pages.Where(f => !FirstWave(f))) await writer.PutAsync(file, ct);

        // 5. Search index: the new and corrected items in, the withdrawn and expired ones out. Its ordinal list goes first, so a run
        // that stops after some shards finds the item already numbered and replaces its postings instead of doubling them.
        var upserts = new List<SearchDocument>();
        var removals = new List<string>();
        foreach (var (view, _, _) in changes)
        {
            if (view.OffSite) removals.Add(view.Item.Id);
            else if (!lost.Contains(view.Item.Id)) upserts.Add(SearchDocument.From(view.Item, catalogue, await BodyOfAsync(view.Item, bodies, ct)));
        }
        if (upserts.Count > 0 || removals.Count > 0)
        {
            var update = await new SearchIndexWriter(new SearchIndexOptions()).UpdateAsync(site, upserts, removals, ct);
            var ordered = update.Files.OrderBy(f => f.Path == SearchIndexFormat.OrdinalsPath ? 0 : f.Path == SearchIndexFormat.ManifestPath ? 2 : 1);
            foreach (var file in ordered) await writer.PutAsync(file, ct);
        }

        // 6. Feeds, sitemap and robots.txt are computed from the metadata of every public item (no bodies) and compared by hash.
        var syndication = new SiteSyndication(catalogue);
        var visible = snapshot.Published;
        foreach (var file in syndication.Feeds(visible)) await writer.PutAsync(file, ct);
        var sitemaps = syndication.Sitemaps(visible, SitemapPages());
        foreach (var file in sitemaps) await writer.PutAsync(file, ct);
        // A year whose last public item was withdrawn or expired has no part any more: its old file would still list it.
        var sitemapParts = sitemaps.Select(f => SiteBlob.Of(f).Path).ToHashSet(StringComparer.Ordinal);
        obsoleteFiles.AddRange(writer.Files.Keys.Where(p => p.StartsWith("sitemaps/", StringComparison.Ordinal) && !sitemapParts.Contains(p)));
        await writer.PutAsync(syndication.Robots(), ct);

        // 7. Files of withdrawn and expired items and of replaced versions go only after no page links to them.
        foreach (var path in obsoleteFiles.Distinct(StringComparer.Ordinal)) await writer.DeleteAsync(path, ct);

        // The audit trail learns of an ended period before the manifest is written: a run that stops in between does the
        // change again next time and writes the same entry (fixed EventId and time), which the store keeps once.
        foreach (var (view, _, _) in expiredNow) await RecordPeriodEndedAsync(view.Item, trigger, who, ct);

        // 8. The manifest last: it is what the next run compares with.
        var next = new SiteManifest { Fingerprint = _fingerprint.Value, Files = writer.Files, Items = entries };
        var written = writer.Written;
        if (!SameManifest(manifest, next))
        {
            await site.WriteManifestAsync(next, ct);
            written++;
        }
        return new PublicationResult(false, published, recordedOnly, withdrawnNow, changes.Count, full, written, writer.Deleted, skipped,
            expiredNow.Count);
    }

    private async Task<(int Published, int RecordedOnly)> RecordPublicationsAsync(
        Dictionary<string, DisclosureItem> current, PublicationTrigger trigger, string? who, Dictionary<(string, int), string> bodies,
        List<SkippedItem> skipped, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var published = 0;
        var recordedOnly = 0;
        foreach (var candidate in current.Values.Where(i => i.State == ItemState.ReadyToPublish).ToList())
        {
            var stored = await items.GetAsync(candidate.Id, ct);
            if (stored is null || stored.Item.State != ItemState.ReadyToPublish) continue;
            var item = stored.Item;
            var now = time.GetUtcNow();
            // A correction keeps the item's 发布日期: the item keeps its place in lists, feeds and the 目录.
            var next = item with
            {
                State = ItemState.Published,
                PublishedOn = item.PublishedOn ?? today,
                PublishedVersion = item.Version,
                UpdatedAt = now,
            };
            var periodEnded = PublicPeriodEnded(item, today);
            // Approved only after its 公开时限 ended: recorded (it counts in the annual report), never put on the portal.
            var forThePublic = IsForThePublic(item) && !periodEnded;
            if (forThePublic)
            {
                // Its content must be readable before it is 已发布: one item whose body or attachment is missing must not
                // stop every later publication (state is recorded first, so it would fail each run again).
                try
                {
                    bodies[(item.Id, item.Version)] = await ReadBodyAsync(item, ct);
                    foreach (var attachment in item.Attachments)
                        await (await content.OpenAsync(item.Id, attachment.Id, ct)).DisposeAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    skipped.Add(new SkippedItem(item.Id, "正文或附件无法读取：" + e.Message));
                    continue;
                }
            }
            var audit = new AuditEntry
            {
                ItemId = item.Id,
                // Fixed by item and version: a retried run that stored the change before stopping writes the entry once.
                EventId = $"published-v{item.Version}",
                At = now,
                Actor = Actor(trigger, who),
                Action = AuditAction.Published,
                From = item.State,
                To = next.State,
                Version = item.Version,
                Details = new Dictionary<string, string>
                {
                    ["发布日期"] = next.PublishedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["公开方式"] = forThePublic ? "在政府信息公开平台公开"
                        : periodEnded && IsForThePublic(item) ? string.Create(CultureInfo.InvariantCulture, $"仅登记（公开时限已于 {item.PublicUntil:yyyy-MM-dd} 届满），不在平台公开")
                        : $"仅登记（{item.Attribute.ToChinese()}，{item.Scope.ToChinese()}），不在平台公开",
                },
            };
            try
            {
                await items.UpdateAsync(next, stored.ETag, ItemChange.Of(audit), ct);
            }
            catch (ItemChangedException)
            {
                // Changed while we looked (a correction arrived): it is published when it is 待发布 again.
                skipped.Add(new SkippedItem(item.Id, "发布时该信息被修改，下次发布时处理"));
                continue;
            }
            await items.TryDeliverPendingAsync(item.Id);
            current[item.Id] = next;
            if (forThePublic) published++;
            else recordedOnly++;
        }
        return (published, recordedOnly);
    }

    /// <summary>An item as the site is to show it: its page, or a notice when it was withdrawn or its 公开时限 ended.</summary>
    private sealed record SiteView(DisclosureItem Item, bool Withdrawn, bool Expired = false)
    {
        public bool OffSite => Withdrawn || Expired;
    }

    /// <summary>
    /// Per item, the version the public is to see (the published version, also while a correction or a withdrawal request
    /// is being checked) or its 已撤回 notice, or — from the day after its 公开时限 — the notice that its period ended.
    /// An item that was never on the site and is not to be stays off it. A correction that extends the period (or makes
    /// it 长期) brings the page back, because this is derived again on every run.
    /// </summary>
    private async Task<Dictionary<string, SiteView>> DesiredSiteAsync(
        Dictionary<string, DisclosureItem> current, SiteManifest manifest, DateOnly today, CancellationToken ct)
    {
        var views = new Dictionary<string, SiteView>(StringComparer.Ordinal);
        foreach (var item in current.Values)
        {
            if (item.PublishedVersion is not { } version || item.PublishedOn is not { } publishedOn) continue;
            var onSite = manifest.Items.ContainsKey(item.Id);
            var view = version == item.Version
                ? PublicView(item, publishedOn, version)
                : await VersionViewAsync(item.Id, version, publishedOn, ct);
            if (view is null) continue;
            if (item.State == ItemState.Withdrawn || !IsForThePublic(view))
            {
                // Only what was public gets a notice; the rest never reaches $web.
                if (onSite) views[item.Id] = new SiteView(view with { State = ItemState.Withdrawn }, true);
                continue;
            }
            if (PublicPeriodEnded(view, today))
            {
                if (onSite) views[item.Id] = new SiteView(view, Withdrawn: false, Expired: true);
                continue;
            }
            views[item.Id] = new SiteView(view, false);
        }
        // Items the store no longer lists keep what the site shows.
        return views;
    }

    /// <summary>
    /// The audit entry 公开时限届满 for an item this run took off the portal. The store writes audit entries only with a
    /// change of the item (transactional outbox), so the unchanged item is written back with it. The entry's EventId and
    /// time are fixed by the end date, so a repeated run stores it once; a new end date (a correction) gets its own entry.
    /// </summary>
    private async Task RecordPeriodEndedAsync(DisclosureItem shown, PublicationTrigger trigger, string? who, CancellationToken ct)
    {
        if (shown.PublicUntil is not { } until) return;
        var ended = new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await items.GetAsync(shown.Id, ct);
            if (stored is null || stored.Item.State == ItemState.Withdrawn) return;
            var audit = new AuditEntry
            {
                ItemId = shown.Id,
                EventId = string.Create(CultureInfo.InvariantCulture, $"public-until-ended-{until:yyyyMMdd}"),
                At = ended,
                Actor = Actor(trigger, who),
                Action = AuditAction.PublicUntilEnded,
                From = stored.Item.State,
                To = stored.Item.State,
                Version = shown.Version,
                Details = new Dictionary<string, string>
                {
                    ["公开时限"] = string.Create(CultureInfo.InvariantCulture, $"限时，至 {until:yyyy-MM-dd}"),
                    ["处理"] = "已从政府信息公开平台撤下（列表、目录、检索、订阅、网站地图、附件），原网址显示公开时限届满说明",
                    ["撤下时间"] = ChinaTime.Now(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                },
            };
            try
            {
                await items.UpdateAsync(stored.Item, stored.ETag, ItemChange.Of(audit), ct);
            }
            catch (ItemChangedException)
            {
                // Changed meanwhile, or the same entry is still waiting in the outbox (an earlier run's): read and try again.
                continue;
            }
            await items.TryDeliverPendingAsync(shown.Id);
            return;
        }
    }

    private async Task<DisclosureItem?> VersionViewAsync(string itemId, int version, DateOnly? publishedOn, CancellationToken ct)
    {
        var versions = await items.GetVersionsAsync(itemId, ct);
        var found = versions.FirstOrDefault(v => v.Version == version);
        return found is null ? null : PublicView(found, publishedOn ?? found.PublishedOn ?? ChinaTime.Today(time), version);
    }

    /// <summary>The item as the portal shows it: published on the item's 发布日期, whatever is happening to later versions.</summary>
    private static DisclosureItem PublicView(DisclosureItem version, DateOnly publishedOn, int publishedVersion) => version with
    {
        State = ItemState.Published,
        PublishedOn = publishedOn,
        PublishedVersion = publishedVersion,
        WithdrawalRequested = false,
        WithdrawalReason = null,
    };

    private const string LostBodyReason = "正文文件缺失：网站保留该信息原有页面，请恢复正文或由报送处室提交更正版本";

    /// <summary>Reads the bodies not read yet, in parallel; the ids of items whose body is no longer stored (their page is kept).</summary>
    private async Task<HashSet<string>> PrefetchBodiesAsync(IEnumerable<DisclosureItem> wanted, Dictionary<(string, int), string> bodies, CancellationToken ct)
    {
        var todo = wanted.Where(i => !bodies.ContainsKey((i.Id, i.Version))).DistinctBy(i => (i.Id, i.Version)).ToList();
        var results = new (string Id, int Version, string? Body)[todo.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, todo.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) =>
            {
                string? body;
                try { body = await ReadBodyAsync(todo[i], token); }
                catch (FileNotFoundException) { body = null; }
                results[i] = (todo[i].Id, todo[i].Version, body);
            });
        var lost = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, version, body) in results)
        {
            if (body is null) lost.Add(id);
            else bodies[(id, version)] = body;
        }
        return lost;
    }

    private async Task<string> BodyOfAsync(DisclosureItem item, Dictionary<(string, int), string> bodies, CancellationToken ct)
    {
        if (!bodies.TryGetValue((item.Id, item.Version), out var body)) bodies[(item.Id, item.Version)] = body = await ReadBodyAsync(item, ct);
        return body;
    }

    /// <summary>The stored body, sanitized again if it is HTML: intake sanitized it, and a page is the last line of defence.</summary>
    private async Task<string> ReadBodyAsync(DisclosureItem item, CancellationToken ct)
    {
        if (item.BodyId is null) return "";
        string body;
        await using (var stream = await content.OpenAsync(item.Id, item.BodyId, ct))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            body = await reader.ReadToEndAsync(ct);
        return item.BodyFormat == BodyFormat.Html ? BodySanitizer.Sanitize(body) : body;
    }

    private IEnumerable<string> SitemapPages()
    {
        yield return PortalPaths.Home;
        yield return PortalPaths.Guide;
        yield return PortalPaths.Rules;
        yield return PortalPaths.Catalogue;
        foreach (var column in catalogue.Columns)
        {
            yield return PortalPaths.ColumnIndex(column.Code);
            yield return PortalPaths.ColumnCatalogue(column.Code);
        }
    }

    private static bool SameManifest(SiteManifest a, SiteManifest b) =>
        a.Format == b.Format && a.Fingerprint == b.Fingerprint
        && a.Files.Count == b.Files.Count && a.Files.All(f => b.Files.TryGetValue(f.Key, out var hash) && hash == f.Value)
        && a.Items.Count == b.Items.Count && a.Items.All(i => b.Items.TryGetValue(i.Key, out var entry) && Same(i.Value, entry));

    private static bool Same(SiteItemEntry a, SiteItemEntry b) =>
        a.Version == b.Version && a.Withdrawn == b.Withdrawn && a.Expired == b.Expired && a.PublishedOn == b.PublishedOn && a.Files.SequenceEqual(b.Files, StringComparer.Ordinal);

    /// <summary>Everything pages depend on besides items: the embedded templates, styles and scripts, and the catalogue settings.</summary>
    private static string Fingerprint(PortalRenderer renderer, CatalogueSettings catalogue)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var assembly = typeof(PortalRenderer).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Disclosure.Publishing.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(copy.ToArray());
        }
        foreach (var asset in renderer.Assets.Files) hash.AppendData(Encoding.UTF8.GetBytes(asset.Path));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(catalogue, CatalogueLoader.Json));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes only what differs from the manifest's hashes, and keeps the new hashes for the next manifest.</summary>
    private sealed class SiteWriter(ISiteStore site, IReadOnlyDictionary<string, string> published)
    {
        private readonly List<SiteFile> _pending = [];

        public Dictionary<string, string> Files { get; } = new(published, StringComparer.Ordinal);
        public int Written { get; private set; }
        public int Deleted { get; private set; }

        public void Put(SiteFile file) => _pending.Add(file);

        public async Task FlushAsync(CancellationToken ct)
        {
            foreach (var file in _pending) await PutAsync(file, ct);
            _pending.Clear();
        }

        public async Task PutAsync(SiteFile file, CancellationToken ct)
        {
            var blob = SiteBlob.Of(file);
            if (Files.TryGetValue(blob.Path, out var known) && known == blob.Sha256) return;
            using var stream = new MemoryStream(file.Content, writable: false);
            await site.PutAsync(blob, stream, ct);
            Files[blob.Path] = blob.Sha256;
            Written++;
        }

        public async Task PutAttachmentAsync(IContentStore content, string itemId, Attachment attachment, CancellationToken ct)
        {
            var path = PortalPaths.FilePath(PortalPaths.Attachment(attachment));
            if (Files.TryGetValue(path, out var known) && string.Equals(known, attachment.Sha256, StringComparison.OrdinalIgnoreCase)) return;
            var blob = new SiteBlob(path, attachment.ContentType, AttachmentCacheControl, attachment.Sha256.ToLowerInvariant(),
                ContentDisposition(attachment.FileName));
            await using (var stream = await content.OpenAsync(itemId, attachment.Id, ct))
                await site.PutAsync(blob, stream, ct);
            Files[path] = blob.Sha256;
            Written++;
        }

        public async Task DeleteAsync(string path, CancellationToken ct)
        {
            if (!Files.Remove(path)) return;
            await site.DeleteAsync(path, ct);
            Deleted++;
        }
    }

    /// <summary>Attachments never change under their path (a new version gets new attachment ids), so they may be cached a day.</summary>
    public const string AttachmentCacheControl = "public, max-age=86400";

    /// <summary>
    /// <c>attachment</c> with an ASCII fallback name and the real one in RFC 5987 UTF-8 form (RFC 6266), which every current
    /// browser uses, so Chinese file names download as they were submitted.
    /// </summary>
    public static string ContentDisposition(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var fallback = new StringBuilder();
        foreach (var c in Path.GetFileNameWithoutExtension(fileName))
            fallback.Append(c is >= ' ' and < (char)127 and not ('"' or '\\' or ';' or '%') ? c : '_');
        var ascii = fallback.ToString().Trim('_', ' ');
        if (ascii.Length == 0) ascii = "attachment";
        var safeExtension = extension.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? extension : "";
        return $"attachment; filename=\"{ascii}{safeExtension}\"; filename*=UTF-8''{Rfc5987(fileName)}";
    }

    private static string Rfc5987(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            // attr-char of RFC 5987: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c))) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
