using System.Diagnostics;
using Disclosure.Compliance;
using Disclosure.Telemetry;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;
using Disclosure.Notifications;

namespace Disclosure.Publishing;

/// <summary>
/// Makes approved items public on the static portal (Regulation Art. 12, 24; issue 5) and takes withdrawn ones down.
/// <para>A publication runs under a lock, so two never interleave. It first records the state changes (待发布 → 已发布
/// with 发布日期 and the published version, each with its audit entry), then derives what the site must show from the
/// items' state, compares that with the manifest of what it shows, and writes the difference: attachments, item pages
/// and assets first, then list pages, the 目录, the search index and the feeds, the manifest last. Because the
/// difference is recomputed from state every run, a run that stopped part-way is completed by the next one.</para>
/// <para>Only changed blobs are written (SHA-256 per file in the manifest); a run with nothing new writes nothing.</para>
/// <para>What it reads follows the change too (issue 19): a run started for a change (立即发布, an approved withdrawal)
/// reads the items 待发布 and 已撤回 (those the <see cref="IPublicationInbox"/> noted) and takes every other item from the
/// copies the manifest keeps; the nightly run reads every item and reconciles the site with the record (<see cref="SiteDelta"/>).</para>
/// <para>One item that cannot be read, rendered, fed or indexed never stops the run (issue 14): it is left out of what it
/// would break, named in <see cref="PublicationResult.Skipped"/> and alerted once (<see cref="PublicationFaults"/>).</para>
/// <para>The parts: <see cref="PublicationRecorder"/> (state and audit), <see cref="SitePlan"/> (what the site is to
/// show, pure), <see cref="SitePages"/> and <see cref="SiteUpdate"/> (rendering and writing the site), <see cref="RenderCheck"/>
/// (the render queue's early check).</para>
/// </summary>
public sealed class PublicationService(
    IItemStore items,
    ItemLifecycle lifecycle,
    IContentStore content,
    ISiteStore site,
    PortalRenderer renderer,
    CatalogueSettings catalogue,
    OperatorAlerts operators,
    TimeProvider time,
    IPublicationRunLog? runs = null,
    Redirects.RedirectPublisher? redirects = null,
    IComplianceRecords? checks = null,
    PublicationMetrics? metrics = null,
    ItemMetrics? itemMetrics = null,
    IPublicationInbox? inbox = null)
{
    private readonly Lazy<string> _fingerprint = new(() => SiteFingerprint.Of(renderer, catalogue));
    private readonly PublicationRecorder _recorder = new(lifecycle, content, new SiteEntryCheck(renderer, catalogue), time, itemMetrics);
    private readonly RenderCheck _check = new(items, content, renderer, catalogue, time);
    private LastRun? _last;

    /// <summary>
    /// What the last run left in memory (issue 19). Its snapshot is a hint for the order of the next one made from every
    /// item (see PortalSnapshot's previous). With the ETag of the manifest it stored (null when it stored none, or left
    /// anything out), a run for a change that reads that very manifest knows every other item shows what its entry says:
    /// it plans only the items it read and those <see cref="Dates"/> makes due, changes this snapshot by them, and works
    /// out only the parts of the <see cref="Sitemap"/> they touch. The three are set together, with the ETag.
    /// </summary>
    private sealed record LastRun(PortalSnapshot Snapshot, string? ManifestETag = null, DatedViews? Dates = null,
        Feeds.SitemapState? Sitemap = null);

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
    /// The render queue's work. An approved item's page is rendered in memory (<see cref="RenderCheck"/>) and waits for
    /// the next publication. An approved withdrawal is also published at once: a page taken down because it should never
    /// have been public (personal data, a wrong attribute) must not stay up until the night. That run publishes nothing
    /// new; approved items wait for their run. When another publication holds the lock this throws, so the message is retried
    /// and the withdrawal is certain to be applied by a run that read it (a repeated run with nothing new writes nothing).
    /// </summary>
    public async Task<RenderResult> RenderAsync(string itemId, int version, CancellationToken ct)
    {
        var checkedPage = await _check.CheckAsync(itemId, version, ct);
        if (checkedPage.Outcome != RenderOutcome.WithdrawalPending) return checkedPage;
        var run = await PublishAsync(PublicationTrigger.Withdrawal, null, ct);
        if (run.AlreadyRunning) throw new PublicationBusyException();
        return new RenderResult(RenderOutcome.Withdrawn, $"{checkedPage.Detail}; published now: {run.ItemsWithdrawn} withdrawn, {run.BlobsWritten} blobs written");
    }

    /// <summary>The nightly publication, and the one a reviewer or administrator starts for urgent items.</summary>
    public async Task<PublicationResult> PublishAsync(PublicationTrigger trigger, string? who, CancellationToken ct)
    {
        await using var held = await site.TryLockAsync(ct);
        if (held is null) return PublicationResult.Busy;

        // Recorded under the lock, so the record is the last run's (administrators see it in the health details).
        var startedAt = time.GetUtcNow();
        using var activity = DisclosureTelemetry.Source.StartActivity("publication");
        activity?.SetTag("publication.trigger", trigger.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        PublicationResult result;
        try
        {
            result = await PublishLockedAsync(trigger, who, ct);
        }
        catch (Exception e) when (runs is not null)
        {
            try
            {
                await runs.RecordAsync(new PublicationRun(startedAt, time.GetUtcNow(), trigger, PublicationRunOutcome.Failed, 0, 0, 0, 0,
                    e.GetType().Name), CancellationToken.None);
            }
            catch (Exception recording) when (recording is not OperationCanceledException)
            {
                // The run's own error is the one to surface; storage that fails here failed the run too.
            }
            throw;
        }
        metrics?.Completed(trigger, watch.Elapsed, result.BlobsWritten);
        activity?.SetTag("publication.blobs_written", result.BlobsWritten);
        if (runs is not null)
        {
            var leftOut = result.Skipped.Count + (result.PagesKept?.Count ?? 0);
            await runs.RecordAsync(new PublicationRun(startedAt, time.GetUtcNow(), trigger,
                leftOut == 0 ? PublicationRunOutcome.Completed : PublicationRunOutcome.CompletedWithItemsLeftOut,
                result.ItemsPublished, result.BlobsWritten, result.BlobsDeleted, leftOut), ct);
        }
        return result;
    }

    /// <summary>
    /// Ends the previous phase of a run and starts the next (<c>publication.read</c>, <c>.plan</c>, <c>.render</c>,
    /// <c>.search-index</c>…), so a trace, and the benchmark's breakdown of a full build (docs/benchmarks.md), shows
    /// where a run spends its time. Without a listener there is no activity and this costs nothing.
    /// </summary>
    private static Activity? Phase(string name, Activity? previous = null)
    {
        previous?.Dispose();
        return DisclosureTelemetry.Source.StartActivity("publication." + name);
    }

    private async Task<PublicationResult> PublishLockedAsync(PublicationTrigger trigger, string? who, CancellationToken ct)
    {
        var manifest = await site.ReadManifestAsync(ct) ?? new SiteManifest();
        var (entriesRead, startedFrom) = (manifest.Items, manifest.ETag);
        var faults = new PublicationFaults();
        var bodies = new ItemBodies(content);

        // 1. State first: once an item is 已发布 it is published by this run or, if it stops, by the next one. Only an item
        // whose page, feed entry and search entry could be made is recorded (the rest stay 待发布, named and alerted).
        // The nightly run reads every item (it is the reconciler); a run for a change reads only what can have changed.
        var phase = Phase("read");
        // The manifest the last run stored (with a copy of every item, nothing left out): what it shows is known.
        var last = _last is { ManifestETag: { } stored } known && stored == manifest.ETag ? known : null;
        var delta = SiteDelta.Applies(trigger, manifest, _fingerprint.Value, copiesKnown: last is not null);
        var baseline = delta ? last : null;
        var notes = inbox is null ? PublicationNotes.None : await inbox.ListNotesAsync(ct);
        var noted = await SiteDelta.ReadNotedAsync(notes, items, byId: delta && SiteDelta.ReadsNotedById(notes, manifest), ct);
        var (current, read) = delta ? await SiteDelta.CurrentAsync(items, noted, manifest, ct) : await SiteDelta.EveryItemAsync(items, ct);
        // Judged by what was read, before anything is recorded into current.
        var uncommitted = noted.Uncommitted(read);
        Activity.Current?.SetTag("publication.delta", delta);
        // A run for a withdrawal only takes things down: approved items keep waiting for the nightly or on-demand run.
        // Before 已发布 is recorded the manifest names the items, so a run for a change finds them if this one stops.
        var pending = trigger == PublicationTrigger.Withdrawal
            ? (Manifest: manifest, Written: 0, Noted: manifest.Pending.ToHashSet(StringComparer.Ordinal))
            : await SiteDelta.NotePendingAsync(site, manifest, read.Values, ct);
        // The note is the stored manifest now: the run's own is written over it (its ETag).
        manifest = pending.Manifest;
        var (published, recordedOnly) = trigger == PublicationTrigger.Withdrawal
            ? (0, 0)
            : await _recorder.RecordPublicationsAsync(read, trigger, who, bodies, faults, ct);

        phase = Phase("plan", phase);
        // 2. What the site must show, from state (and today's date, for 公开时限) alone, and 3. the difference from what it shows.
        var versions = new Dictionary<string, IReadOnlyList<DisclosureItem>>(StringComparer.Ordinal);
        // A copy from the manifest shows the version its entry names, so only the items read can need other versions.
        var mayNeedVersions = delta ? read.Values : current.Values;
        foreach (var id in SitePlan.VersionsNeeded(mayNeedVersions, manifest)) versions[id] = await items.GetVersionsAsync(id, ct);
        var today = ChinaTime.Today(time);
        // After the last run, only the items read and those whose date has come can show otherwise than their entry.
        var planned = baseline?.Dates is { } dates ? SiteDelta.Candidates(read, dates.Due(today), current) : null;
        var plan = planned is null ? SitePlan.Decide(current, versions, manifest, today) : SitePlan.DecideFor(planned, versions, manifest, today);
        var full = manifest.Fingerprint != _fingerprint.Value;

        // 4. The writes in an order that keeps the site whole if the run stops: attachments of what is newly on the site,
        // then item pages and assets, so that no page links to a missing file; then the other pages. Every item is behind
        // a bulkhead (see PublicationFaults): one that cannot be copied, read or rendered is kept out of the pages and the
        // lists, and the site keeps what it showed of it.
        var update = new SiteUpdate(site, content, catalogue, manifest, plan, checks);
        phase = Phase("attachments", phase);
        var attachmentsFailed = await update.WriteAttachmentsAsync(full, fromTheChange: delta, faults, ct);
        // The last run's snapshot is this manifest's: only what this run read or changes can differ from it (the other
        // items are the manifest's copies), so it is changed by those instead of made again.
        PortalSnapshot SnapshotWithout(IReadOnlySet<string> keptOut) => baseline is not null
            ? baseline.Snapshot.With(plan.SnapshotChanges(read.Keys, keptOut, manifest), bodies.Known, today)
            : new(catalogue,
                plan.Published.Where(i => !keptOut.Contains(i.Id)), plan.Withdrawn, bodies.Known, plan.Expired,
                plan.Published.Where(i => keptOut.Contains(i.Id) && SitePlan.HasSlot(manifest, i.Id)),
                today, previous: _last?.Snapshot);
        phase = Phase("render", phase);
        phase?.SetTag("publication.snapshot", baseline is null ? "every-item" : "last-run");
        var pages = await SitePages.RenderAsync(renderer, SnapshotWithout, plan.Changes, full, bodies, attachmentsFailed, faults, ct);
        _last = new LastRun(pages.Snapshot);
        await update.KeepAsBeforeAsync(pages.KeptOut.Except(attachmentsFailed), ct);
        phase = Phase("write-pages", phase);
        await update.WritePagesAsync(pages.Files, ct);
        update.NotePagesGone(pages.Snapshot);
        // 5. Deletions of the files of withdrawn and expired items and of replaced versions, now that no page links to them:
        // before the search index and the feeds, so that nothing those might meet keeps a withdrawn attachment online.
        await update.DeleteObsoleteFilesAsync(ct);

        // The audit trail learns of an ended period before the manifest is written: a run that stops in between does the
        // change again next time and writes the same entry (fixed EventId and time), which the store keeps once.
        var expiredNow = plan.Changes.Where(c => c.View.Expired).ToList();
        foreach (var change in expiredNow) await _recorder.RecordPeriodEndedAsync(change.View.Item, trigger, who, ct);

        // 6. Search index. 7. Feeds, sitemap and robots.txt, then the sitemap parts no longer needed.
        phase = Phase("search-index", phase);
        await update.UpdateSearchIndexAsync(pages.Lost, pages.KeptOut, bodies, faults, ct);
        phase = Phase("feeds", phase);
        var sitemap = await update.WriteFeedsAndSitemapsAsync(pages.Snapshot, fromTheChange: delta && !full, lookedAt: planned?.Keys ?? read.Keys,
            baseline?.Sitemap, faults, ct);
        await update.DeleteObsoleteFilesAsync(ct);

        // 8. The manifest last: it is what the next run compares with. 9. Then the operators learn of what was left out
        // (once per item and version: a run that stops before this alerts next time).
        phase = Phase("manifest", phase);
        var (shown, manifestWrites) = await update.WriteManifestAsync(_fingerprint.Value, SiteDelta.StillPending(pending.Noted, current), ct);
        // A run that left something out stored entries the snapshot does not show (kept as before, tried again): the
        // next run plans every item and makes its snapshot from them. The entries of a run for a change all have copies.
        if (faults.Skipped.Count == 0 && faults.Pages.Count == 0 && pages.KeptOut.Count == 0 && pages.Lost.Count == 0
            && (delta || SiteDelta.HasCopies(shown)))
        {
            var datedNow = planned is not null && baseline?.Dates is { } datedBefore
                ? datedBefore.With(planned.Keys, entriesRead, shown.Items)
                : DatedViews.Of(shown.Items);
            _last = new LastRun(pages.Snapshot, shown.ETag, datedNow, sitemap);
        }
        if (inbox is not null) await SiteDelta.SettleNotesAsync(inbox, notes, uncommitted, readEveryItem: !delta, current, time.GetUtcNow(), ct);
        var written = pending.Written + manifestWrites;
        var deleted = update.Deleted;
        phase?.Dispose();
        // 8a. Old addresses of the previous site (issue 18): after the manifest, because a redirect goes only to a page the
        // site now has; from the address book and that manifest alone, so the next run finishes what a stopped one began.
        if (redirects is not null)
        {
            var redirected = await redirects.PublishAsync(current.Values, shown, delta ? new Redirects.RedirectChange(read.Values, entriesRead, startedFrom) : null, ct);
            written += redirected.Written;
            deleted += redirected.Deleted;
        }
        await faults.AlertAsync(operators, ct);
        return new PublicationResult(false, published, recordedOnly, plan.Changes.Count(c => c.View.Withdrawn), plan.Changes.Count, full,
            written, deleted, faults.Skipped, expiredNow.Count, faults.Pages);
    }
}
