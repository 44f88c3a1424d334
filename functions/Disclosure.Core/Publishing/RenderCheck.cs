using System.Globalization;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Publishing;

public enum RenderOutcome
{
    /// <summary>The message is for an older version, or the item is no longer waiting for publication.</summary>
    Ignored,
    /// <summary>The page rendered (its body was read); it waits for the next publication, which renders it again.</summary>
    Ready,
    /// <summary>依申请公开 or not 面向社会: the publication records it but never puts it on the portal.</summary>
    RecordOnly,
    /// <summary>An approved withdrawal: the next publication replaces its page by the 已撤回 notice.</summary>
    WithdrawalPending,
    /// <summary>An approved withdrawal, published at once: the page shows the 已撤回 notice and the item left every list.</summary>
    Withdrawn,
}

public sealed record RenderResult(RenderOutcome Outcome, string Detail);

/// <summary>
/// The render queue's check of an approved version: its page is rendered in memory, so a body that cannot be read or
/// rendered fails the message now, while the reviewer's approval is fresh (the poison queue then marks it 发布失败),
/// not at night. Nothing is kept: the publication renders the page again, because its 发布日期 and related items are
/// only known then.
/// </summary>
internal sealed class RenderCheck(IItemStore items, IContentStore content, PortalRenderer renderer, CatalogueSettings catalogue, TimeProvider time)
{
    /// <summary>Stale and repeated messages change nothing.</summary>
    public async Task<RenderResult> CheckAsync(string itemId, int version, CancellationToken ct)
    {
        var stored = await items.GetAsync(itemId, ct);
        if (stored is null) return new RenderResult(RenderOutcome.Ignored, "no such item");
        var item = stored.Item;
        if (item.Version != version)
            return new RenderResult(RenderOutcome.Ignored, $"message for version {version}, item is at version {item.Version}");
        if (item.State == ItemState.Withdrawn)
        {
            // The 已撤回 notice shows no body: there is nothing to read beforehand.
            if (item.PublishedOn is null) return new RenderResult(RenderOutcome.Ignored, "withdrawn before it was published");
            return new RenderResult(RenderOutcome.WithdrawalPending, "the next publication shows the 已撤回 notice");
        }
        if (item.State != ItemState.ReadyToPublish)
            return new RenderResult(RenderOutcome.Ignored, $"item is {item.State}");
        if (!PublicationService.IsForThePublic(item))
            return new RenderResult(RenderOutcome.RecordOnly, $"{item.Attribute.ToChinese()}, {item.Scope.ToChinese()}: recorded, not put on the portal");
        if (PublicationService.PublicPeriodEnded(item, ChinaTime.Today(time)))
            return new RenderResult(RenderOutcome.RecordOnly, string.Create(CultureInfo.InvariantCulture, $"公开时限 ended {item.PublicUntil:yyyy-MM-dd}: recorded, not put on the portal"));

        var preview = PublicCopy.Published(item, item.PublishedOn ?? ChinaTime.Today(time), item.Version);
        var published = new List<DisclosureItem> { preview };
        if (preview.RelatedItemId is { } relatedId && await items.GetAsync(relatedId, ct) is { Item: var related }
            && related.State == ItemState.Published && related.PublishedVersion == related.Version && PublicationService.IsForThePublic(related))
            published.Add(PublicCopy.Published(related, related.PublishedOn!.Value, related.Version));
        var body = await ItemBodies.ReadAsync(content, preview, ct);
        var snapshot = new PortalSnapshot(catalogue, published, [], i => i.Id == preview.Id ? body : "");
        _ = renderer.RenderItemPages(snapshot, [preview.Id]).Single();
        // Its feed entry and search entry too: an item the publication would have to leave 待发布 every night fails its
        // message now, and the poison queue makes it 发布失败 with an alert, while the reviewer's approval is fresh.
        if (new SiteEntryCheck(renderer, catalogue).Failure(preview, body) is { } failure) throw new InvalidOperationException(failure);
        return new RenderResult(RenderOutcome.Ready, "rendered; waits for the next publication");
    }
}
