using System.Globalization;
using Disclosure.Audit;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Lifecycle;
using Disclosure.Notifications;

namespace Disclosure.Publishing;

/// <summary>
/// The 发布失败 items the review page shows: at most <see cref="PublicationFailures.ShownOnQueue"/>, oldest failure first,
/// and whether there are more (then the page links the paged list of all of them, <see cref="PublicationFailures.AllPath"/>).
/// </summary>
public sealed record PublishFailedSlice(IReadOnlyList<DisclosureItem> Items, bool More);

/// <summary>What the poison handler did with one failed render message.</summary>
public sealed record PublishFailedOutcome(bool Marked, string Detail);

/// <summary>What became of a 重新发布 request.</summary>
public abstract record RetryPublicationResult
{
    private RetryPublicationResult() { }

    public sealed record Retried(DisclosureItem Item) : RetryPublicationResult;
    public sealed record NotFound : RetryPublicationResult;
    public sealed record Forbidden(string Reason) : RetryPublicationResult;
    public sealed record Conflict(string Reason) : RetryPublicationResult;
}

/// <summary>
/// 发布失败: an approved version whose page could not be rendered on any attempt (its body or an attachment is missing or
/// unreadable, storage is down for good). The host moves the render message to the poison queue; the item leaves 待发布
/// for 发布失败, so no publication tries it, and the operators are alerted once. A published version the item had
/// stays on the site (the publication shows <see cref="DisclosureItem.PublishedVersion"/>). Once the fault is fixed, a
/// reviewer or administrator 重新发布: the item is 待发布 again with a new render message in the same commit.
/// </summary>
public sealed class PublicationFailures(IItemStore items, ItemLifecycle lifecycle, IAuditTrail audit, OperatorAlerts operators)
{
    /// <summary>The actor of the audit entry the poison handler writes.</summary>
    public const string SystemActor = "系统（页面生成）";
    private static readonly Principal Renderer = Principal.System("render-pages", SystemActor);

    /// <summary>One alert per failed version and 重新发布, whatever the number of deliveries of the poisoned message.</summary>
    public static string AlertId(string itemId, int version, int retry = 0)
        => retry == 0 ? $"publish-failed-{itemId}-v{version}" : $"publish-failed-{itemId}-v{version}-retry{retry}";

    /// <summary>How many 发布失败 items the review page lists before linking the paged list.</summary>
    public const int ShownOnQueue = 20;

    /// <summary>The paged list of every 发布失败 item (the submissions list, filtered by state).</summary>
    public const string AllPath = "/api/submissions?state=PublishFailed";

    /// <summary>
    /// Items a reviewer may 重新发布: the first <see cref="ShownOnQueue"/> read at the store (one page, however many
    /// failed), oldest failure first, and whether more wait.
    /// </summary>
    public async Task<PublishFailedSlice> ListFailedAsync(CancellationToken ct)
    {
        IReadOnlyList<DisclosureItem> failed;
        bool more;
        if (items is IItemListing listing)
        {
            var page = await listing.ListPageAsync(ItemFilter.InState(ItemState.PublishFailed), ShownOnQueue, null, ct);
            (failed, more) = (page.Items, page.Next is not null);
        }
        else
        {
            var read = new List<DisclosureItem>();
            await foreach (var item in items.ListAsync(new ItemQuery(State: ItemState.PublishFailed), ct))
                if (read.Count <= ShownOnQueue) read.Add(item);
            (failed, more) = (read.Take(ShownOnQueue).ToList(), read.Count > ShownOnQueue);
        }
        return new PublishFailedSlice([.. failed.OrderBy(i => i.UpdatedAt)], more);
    }

    /// <summary>
    /// The render message failed on every attempt: the version it names becomes 发布失败 if it is still the item's current
    /// version and 待发布 (an approved withdrawal, a newer version or an item already published is left alone). Safe to repeat.
    /// </summary>
    public async Task<PublishFailedOutcome> MarkPublishFailedAsync(RenderRequest request, string queue, CancellationToken ct)
    {
        var outcome = await lifecycle.MoveAsync(request.ItemId, Renderer, async (item, token) =>
        {
            if (item is not { State: ItemState.ReadyToPublish } || item.Version != request.Version
                || await RetriesAsync(item.Id, item.Version, token) != request.Retry)
                return ItemLifecycle.Stop($"item is {item.State} at version {item.Version}");
            var details = new Dictionary<string, string>
            {
                ["原因"] = string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.Reason, queue),
            };
            if (item.PublishedVersion is { } shown) details["网站"] = string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.StillShown, shown);
            return ItemLifecycle.Move(item, ItemState.PublishFailed, AuditAction.PublishFailed) with { Details = details };
        }, ct);
        var item = outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved moved => moved.After,
            LifecycleOutcome<DisclosureItem>.Stopped stopped => stopped.Current,
            _ => null,
        };
        // Alert when this version failed (again on a repeat, where the id keeps it to one alert); a message for a
        // version that was since replaced, withdrawn or published needs nobody's attention.
        if (item is null || (item.Version == request.Version && item.State == ItemState.PublishFailed))
            await AlertAsync(request, item, queue, ct);
        return outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved => new PublishFailedOutcome(true, "marked 发布失败"),
            LifecycleOutcome<DisclosureItem>.Stopped stopped => new PublishFailedOutcome(false, (string)stopped.Answer),
            LifecycleOutcome<DisclosureItem>.NotFound => new PublishFailedOutcome(false, "no such item"),
            var other => throw new InvalidOperationException($"发布失败 could not be recorded for {request.ItemId}: {other}"),
        };
    }

    /// <summary>
    /// 重新发布 after the fault was fixed: 发布失败 → 待发布 with the audit entry and a new render message in one commit,
    /// so the page is rendered again and the next publication (nightly or 立即发布) makes it public.
    /// </summary>
    /// <param name="expectedVersion">The version the reviewer looked at, if the request says.</param>
    public async Task<RetryPublicationResult> RetryAsync(Principal who, string itemId, int? expectedVersion, CancellationToken ct)
    {
        if (!who.IsReviewer) return new RetryPublicationResult.Forbidden(PublicationFailureTexts.OnlyReviewers);
        var outcome = await lifecycle.MoveAsync(itemId, who, async (item, token) =>
        {
            if (item.State != ItemState.PublishFailed)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.NotFailed, item.State.ToChinese()));
            if (expectedVersion is { } v && v != item.Version)
                return ItemLifecycle.Stop(string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.VersionChanged, item.Version));
            var retry = await RetriesAsync(item.Id, item.Version, token) + 1;
            // The audit entry is delivered before the message (one event, in order), so the message's retry number is
            // always counted in the trail by the time it could be poisoned.
            return ItemLifecycle.Move(item, ItemState.ReadyToPublish, AuditAction.PublicationRetried) with
            {
                Details = new Dictionary<string, string> { ["说明"] = string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.RetryDetail, retry) },
                Messages = [new RenderRequest(item.Id, item.Version) { Retry = retry }.ToMessage()],
            };
        }, ct);
        return outcome switch
        {
            LifecycleOutcome<DisclosureItem>.Moved moved => new RetryPublicationResult.Retried(moved.After),
            LifecycleOutcome<DisclosureItem>.NotFound => new RetryPublicationResult.NotFound(),
            LifecycleOutcome<DisclosureItem>.Stopped stopped => new RetryPublicationResult.Conflict((string)stopped.Answer),
            LifecycleOutcome<DisclosureItem>.NotAllowed refused => new RetryPublicationResult.Forbidden(refused.Reason),
            _ => new RetryPublicationResult.Conflict(PublicationFailureTexts.ChangedByOthers),
        };
    }

    private async Task<int> RetriesAsync(string itemId, int version, CancellationToken ct)
        => (await audit.ListAsync(itemId, ct)).Count(e => e.Action == AuditAction.PublicationRetried && e.Version == version);

    private Task<bool> AlertAsync(RenderRequest request, DisclosureItem? item, string queue, CancellationToken ct)
    {
        var facts = new List<string>();
        if (item is not null)
        {
            facts.Add(item.PublishedVersion is { } shown
                ? string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.StillShownFact, shown)
                : PublicationFailureTexts.NeverShownFact);
        }
        return operators.SendAsync(AlertId(request.ItemId, request.Version, request.Retry),
            string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.Subject, item?.Title ?? request.ItemId),
            string.Format(CultureInfo.InvariantCulture, PublicationFailureTexts.Intro, queue),
            request.ItemId, request.Version, item, facts,
            [PublicationFailureTexts.WhatToCheck(request.ItemId, item?.BodyId), PublicationFailureTexts.WhatToDo(request.ItemId)], ct);
    }

}

/// <summary>Every sentence about 发布失败 and 重新发布, in one place.</summary>
public static class PublicationFailureTexts
{
    public const string Subject = "【发布失败】《{0}》的公开页面多次生成失败";
    public const string Intro = "以下信息已审核同意公开，但生成公开页面时多次处理失败，页面生成消息已转入 {0} 队列，信息状态已置为“发布失败”，夜间发布和立即发布都不会发布它：";
    public const string StillShownFact = "网站上继续显示此前发布的第{0}版，未受影响。";
    public const string NeverShownFact = "该信息此前未公开，网站上没有它的页面。";
    public const string Reason = "生成公开页面多次失败，消息已转入 {0} 队列";
    public const string StillShown = "继续显示此前发布的第{0}版";
    public const string RetryDetail = "排除故障后重新生成页面（第{0}次重新发布）";

    public static string WhatToCheck(string itemId, string? bodyId) =>
        $"请检查：运行日志中 RenderItem 对该信息的报错；内容存储中正文（items/{itemId}/{bodyId ?? "无正文"}）和各附件文件是否存在、能否读取；存储服务是否可用。";

    public static string WhatToDo(string itemId) =>
        $"下一步：排除故障后，请审核人员或管理员在信息状态页（/api/submissions/{itemId}）或审核队列页点击“重新发布”"
        + $"（接口：POST /api/submissions/{itemId}/retry-publication），信息回到“待发布”，页面重新生成，并在下一次发布时公开。"
        + "如正文或附件本身有误或已无法恢复，请报送处室提交更正版本。";

    // The item's status page.
    public const string StatusNote = "本版本已审核同意公开，但生成公开页面时多次失败，暂未公开。平台运维人员已收到告警，正在排查；故障排除后由审核人员重新发布，无需重新报送。如正文或附件有误，也可以提交更正版本。";
    public const string StatusNoteStillShown = "网站上继续显示此前发布的第{0}版。";

    // 重新发布 refused or done.
    public const string OnlyReviewers = "只有保密审查人员或管理员可以重新发布。";
    public const string NotFailed = "该信息当前状态为“{0}”，只有“发布失败”的信息可以重新发布。";
    public const string VersionChanged = "该信息已有新的版本（第{0}版），请刷新页面后再操作。";
    public const string ChangedByOthers = "该信息已被他人处理，请刷新页面。";
    public const string Retried = "已重新发布：信息回到“待发布”，公开页面正在重新生成，将在下一次发布时公开。";
}
