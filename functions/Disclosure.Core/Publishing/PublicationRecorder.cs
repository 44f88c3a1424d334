using Disclosure.Telemetry;
using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Lifecycle;
using static Disclosure.Publishing.PublicationService;

namespace Disclosure.Publishing;

/// <summary>
/// The state changes a publication records, each with its audit entry: 待发布 → 已发布 (with 发布日期 and the published
/// version) before anything is written to the site — only for an item whose content can be read and whose page, feed
/// entry and search entry <see cref="SiteEntryCheck"/> could make — and 公开时限届满 for an item the run took off the portal.
/// </summary>
internal sealed class PublicationRecorder(ItemLifecycle lifecycle, IContentStore content, SiteEntryCheck check, TimeProvider time, ItemMetrics? metrics = null)
{
    /// <summary>Why an item stays 待发布: it cannot be read or the site cannot show it (alerted).</summary>
    private sealed record Unpublishable(DisclosureItem Item, string Reason);

    public async Task<(int Published, int RecordedOnly)> RecordPublicationsAsync(
        Dictionary<string, DisclosureItem> current, PublicationTrigger trigger, string? who, ItemBodies bodies,
        PublicationFaults faults, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var publisher = Publisher(trigger, who);
        var published = 0;
        var recordedOnly = 0;
        foreach (var candidate in current.Values.Where(i => i.State == ItemState.ReadyToPublish).ToList())
        {
            var forThePublic = false;
            var outcome = await lifecycle.MoveAsync(candidate.Id, publisher, async (item, token) =>
            {
                if (item.State != ItemState.ReadyToPublish) return ItemLifecycle.Stop("no longer 待发布");
                var periodEnded = PublicPeriodEnded(item, today);
                // Approved only after its 公开时限 ended: recorded (it counts in the annual report), never put on the portal.
                forThePublic = IsForThePublic(item) && !periodEnded;
                if (forThePublic)
                {
                    // Its content must be readable before it is 已发布: one item whose body or attachment is missing must not
                    // stop every later publication (state is recorded first, so it would fail each run again).
                    try
                    {
                        await bodies.ReadAsync(item, token);
                        foreach (var attachment in item.Attachments)
                            await (await content.OpenAsync(item.Id, attachment.Id, token)).DisposeAsync();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return ItemLifecycle.Stop(new Unpublishable(item, "正文或附件无法读取：" + e.Message));
                    }
                }
                // A correction keeps the item's 发布日期: the item keeps its place in lists, feeds and the 目录.
                var publishedOn = item.PublishedOn ?? today;
                // Nor may 已发布 be recorded for an item whose page, feed entry or search entry cannot be made (a control
                // character in a title once stopped every later run here, with the item 已发布 and no page written).
                if (forThePublic && check.Failure(PublicCopy.Published(item, publishedOn, item.Version), bodies.Known(item)) is { } failure)
                    return ItemLifecycle.Stop(new Unpublishable(item, PublicationFaultTexts.NotRecorded + failure));
                return ItemLifecycle.Move(item with { PublishedOn = publishedOn, PublishedVersion = item.Version }, ItemState.Published, AuditAction.Published) with
                {
                    // Fixed by item and version: a retried run that stored the change before stopping writes the entry once.
                    EventId = $"published-v{item.Version}",
                    Details = new Dictionary<string, string>
                    {
                        ["发布日期"] = publishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["公开方式"] = forThePublic ? "在政府信息公开平台公开"
                            : periodEnded && IsForThePublic(item) ? string.Create(CultureInfo.InvariantCulture, $"仅登记（公开时限已于 {item.PublicUntil:yyyy-MM-dd} 届满），不在平台公开")
                            : $"仅登记（{item.Attribute.ToChinese()}，{item.Scope.ToChinese()}），不在平台公开",
                    },
                };
            }, ct);
            switch (outcome)
            {
                case LifecycleOutcome<DisclosureItem>.Moved moved:
                    current[moved.After.Id] = moved.After;
                    // The publication's step in this item's journey (its own trace), linked to the run that made it.
                    using (var step = DisclosureTelemetry.StartItemStep("item.publication", moved.After.Id, moved.After.IndexNumber))
                        step?.SetTag("publication.on_portal", forThePublic);
                    if (forThePublic) metrics?.Published();
                    if (forThePublic) published++;
                    else recordedOnly++;
                    break;
                case LifecycleOutcome<DisclosureItem>.Stopped { Answer: Unpublishable unpublishable }:
                    faults.Fault(unpublishable.Item, unpublishable.Reason);
                    break;
                case LifecycleOutcome<DisclosureItem>.Conflicted:
                    // Changed on every look (corrections arriving): it is published when it is 待发布 again.
                    faults.Skip(new SkippedItem(candidate.Id, "发布时该信息被修改，下次发布时处理"));
                    break;
                case LifecycleOutcome<DisclosureItem>.NotAllowed refused:
                    faults.Skip(new SkippedItem(candidate.Id, refused.Reason));
                    break;
            }
        }
        return (published, recordedOnly);
    }

    /// <summary>
    /// The audit entry 公开时限届满 for an item this run took off the portal. It changes no state: the store writes the
    /// unchanged item back with it (transactional outbox). The entry's EventId and time are fixed by the end date, so a
    /// repeated run stores it once; a new end date (a correction) gets its own entry.
    /// </summary>
    public async Task RecordPeriodEndedAsync(DisclosureItem shown, PublicationTrigger trigger, string? who, CancellationToken ct)
    {
        if (shown.PublicUntil is not { } until) return;
        var ended = new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);
        // A conflict is a change meanwhile, or the same entry still waiting in the outbox (an earlier run's): the
        // lifecycle reads and tries again; a withdrawn item's notice says nothing of its period.
        await lifecycle.MoveAsync(shown.Id, Publisher(trigger, who), item => item.State == ItemState.Withdrawn
            ? ItemLifecycle.Stop("withdrawn")
            : ItemLifecycle.Move(item, item.State, AuditAction.PublicUntilEnded) with
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"public-until-ended-{until:yyyyMMdd}"),
                At = ended,
                Revision = shown.Version,
                Details = new Dictionary<string, string>
                {
                    ["公开时限"] = string.Create(CultureInfo.InvariantCulture, $"限时，至 {until:yyyy-MM-dd}"),
                    ["处理"] = "已从政府信息公开平台撤下（列表、目录、检索、订阅、网站地图、附件），原网址显示公开时限届满说明",
                    ["撤下时间"] = ChinaTime.Now(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                },
            }, ct);
    }

    /// <summary>The publication acts as the system; a reviewer's 立即发布 is named in the entry as who started it.</summary>
    private static Principal Publisher(PublicationTrigger trigger, string? who) => Principal.System("publication", Actor(trigger, who));
}
