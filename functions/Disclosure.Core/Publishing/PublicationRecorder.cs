using System.Globalization;
using Disclosure.Audit;
using Disclosure.Calendar;
using Disclosure.Items;
using static Disclosure.Publishing.PublicationService;

namespace Disclosure.Publishing;

/// <summary>
/// The state changes a publication records, each with its audit entry: 待发布 → 已发布 (with 发布日期 and the published
/// version) before anything is written to the site, and 公开时限届满 for an item the run took off the portal.
/// </summary>
internal sealed class PublicationRecorder(IItemStore items, IContentStore content, TimeProvider time)
{
    public async Task<(int Published, int RecordedOnly)> RecordPublicationsAsync(
        Dictionary<string, DisclosureItem> current, PublicationTrigger trigger, string? who, ItemBodies bodies,
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
                    await bodies.ReadAsync(item, ct);
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

    /// <summary>
    /// The audit entry 公开时限届满 for an item this run took off the portal. The store writes audit entries only with a
    /// change of the item (transactional outbox), so the unchanged item is written back with it. The entry's EventId and
    /// time are fixed by the end date, so a repeated run stores it once; a new end date (a correction) gets its own entry.
    /// </summary>
    public async Task RecordPeriodEndedAsync(DisclosureItem shown, PublicationTrigger trigger, string? who, CancellationToken ct)
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
}
