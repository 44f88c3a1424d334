using System.Text.Json.Serialization;
using Disclosure.Calendar;

namespace Disclosure.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt at <see cref="OutboxDelivery.NextAttemptAt"/>.</summary>
    Pending,
    /// <summary>Claimed by a dispatcher until <see cref="OutboxDelivery.NextAttemptAt"/>; claimed again after that if the dispatcher died.</summary>
    Sending,
    Delivered,
    /// <summary>Gave up after the last attempt: stays on the admin page until someone requeues it.</summary>
    Failed,
    /// <summary>
    /// Not attempted: its channel is not configured on this installation (no SMTP host, no robot URL). Kept in the
    /// outbox and shown on the admin page; an administrator requeues it once the channel is configured. Not a
    /// failure: "no SMTP host" is how the outbox is chosen as the only channel.
    /// </summary>
    Held,
}

/// <summary>A notification on one channel: attempts and status are per channel, so a working e-mail is not resent because a robot failed.</summary>
public sealed record OutboxDelivery
{
    public required string RecipientCode { get; init; }
    /// <summary>Notification id + "~" + channel index.</summary>
    public required string DeliveryId { get; init; }
    public required string NotificationId { get; init; }
    public required string RecipientName { get; init; }
    public required ChannelKind Channel { get; init; }
    public required string Address { get; init; }
    public required string Subject { get; init; }
    public required string Text { get; init; }
    public required string Html { get; init; }
    public required string Markdown { get; init; }
    public required DeliveryStatus Status { get; init; }
    public int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public string? LastError { get; init; }
    /// <summary>Opaque concurrency token (the Table ETag): an update with a stale version changes nothing.</summary>
    public string Version { get; init; } = "";

    public static string IdFor(string notificationId, int channelIndex) => $"{notificationId}~{channelIndex}";
}

public sealed record OutboxFilter
{
    public DeliveryStatus? Status { get; init; }
    public string? RecipientCode { get; init; }
    public ChannelKind? Channel { get; init; }
    /// <summary>China date the message was recorded on or after (生成日期起).</summary>
    public DateOnly? CreatedFrom { get; init; }
    /// <summary>China date the message was recorded on or before (生成日期止).</summary>
    public DateOnly? CreatedTo { get; init; }
    public int Max { get; init; } = 200;

    public DateTimeOffset? CreatedSince => CreatedFrom is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) : null;

    /// <summary>The first instant after <see cref="CreatedTo"/> in China time (an exclusive upper bound a store can query).</summary>
    public DateTimeOffset? CreatedBefore => CreatedTo is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) : null;

    public bool Matches(OutboxDelivery d)
        => (Status is null || d.Status == Status)
            && (RecipientCode is null || d.RecipientCode == RecipientCode)
            && (Channel is null || d.Channel == Channel)
            && (CreatedSince is not { } since || d.CreatedAt >= since)
            && (CreatedBefore is not { } before || d.CreatedAt < before);
}

/// <summary>
/// One page of the outbox in the store's key order (recipient, then delivery id), which stays stable while deliveries
/// are added and change status: <see cref="Next"/> is the <see cref="OutboxListRequest.KeyOf"/> the following page
/// starts after, null on the last page.
/// </summary>
public sealed record OutboxDeliveryPage(IReadOnlyList<OutboxDelivery> Deliveries, string? Next);

/// <summary>
/// Every message whatever its channel. Recording is the dedupe: a message id or reminder key can be recorded once;
/// the second attempt (a second timer run, a second host) gets false and sends nothing. Updates are
/// version-checked so two dispatchers never both send one delivery in the same lease.
/// </summary>
/// <summary>Which reminders were already sent: the outbox's own record of claimed keys.</summary>
public interface IReminderLedger
{
    /// <summary>Which of these reminder keys of this recipient are already claimed by a recorded message.</summary>
    Task<IReadOnlySet<string>> FindRecordedKeysAsync(string recipientCode, IReadOnlyCollection<string> reminderKeys, CancellationToken ct = default);
}

public interface IOutbox : IReminderLedger
{
    /// <summary>
    /// Atomically records one delivery per channel of the notification (an <see cref="ChannelKind.Outbox"/> channel,
    /// or none at all, is recorded as delivered) and claims its reminder keys. False — and nothing written — when the
    /// id or any reminder key is already recorded.
    /// </summary>
    Task<bool> TryRecordAsync(Notification notification, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Pending deliveries, and sending ones whose lease ran out, with NextAttemptAt ≤ now; oldest first.</summary>
    Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>Marks the delivery as being sent until now + lease and counts the attempt; null when someone else changed it first.</summary>
    Task<OutboxDelivery?> TryClaimAsync(OutboxDelivery delivery, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    Task<bool> MarkDeliveredAsync(OutboxDelivery claimed, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records the failure; <paramref name="retryAt"/> null means give up (status Failed, still listed).</summary>
    Task<bool> MarkFailedAsync(OutboxDelivery claimed, string error, DateTimeOffset? retryAt, CancellationToken ct = default);

    /// <summary>Records that the delivery's channel is not configured: status Held, no further attempt, the claim's attempt not counted.</summary>
    Task<bool> MarkHeldAsync(OutboxDelivery claimed, string reason, CancellationToken ct = default);

    /// <summary>Puts a failed or held delivery back in the queue (admin action); attempts are kept for the record.</summary>
    Task<bool> RequeueAsync(string recipientCode, string deliveryId, DateTimeOffset now, CancellationToken ct = default);

    Task<IReadOnlyList<OutboxDelivery>> ListAsync(OutboxFilter filter, CancellationToken ct = default);

    /// <summary>
    /// One page of the deliveries the filter matches (its <see cref="OutboxFilter.Max"/> is ignored), continuing after
    /// <paramref name="after"/> (a page's <see cref="OutboxDeliveryPage.Next"/>, or null for the first page) without
    /// reading the rows before it. The rows are for a list: their bodies (text, HTML, Markdown) are empty.
    /// </summary>
    Task<OutboxDeliveryPage> ListPageAsync(OutboxFilter filter, int pageSize, string? after, CancellationToken ct = default);

    /// <summary>
    /// How many deliveries wait (pending, sending, held) and how many failed for good, reading at most
    /// <paramref name="limit"/> deliveries and only their status: the health details and the metrics ask often, and the
    /// outbox keeps every delivered message with its bodies.
    /// </summary>
    Task<OutboxBacklog> CountBacklogAsync(int limit, CancellationToken ct = default);
}

/// <summary>The outbox's open deliveries; <see cref="LimitReached"/>: counting stopped at the limit, so there are at least this many.</summary>
public sealed record OutboxBacklog(int Undelivered, int Failed, bool LimitReached)
{
    public static OutboxBacklog Count(IEnumerable<DeliveryStatus> open, int limit)
    {
        int undelivered = 0, failed = 0, seen = 0;
        foreach (var status in open)
        {
            if (seen == limit) return new OutboxBacklog(undelivered, failed, LimitReached: true);
            seen++;
            if (status == DeliveryStatus.Failed) failed++;
            else if (status is DeliveryStatus.Pending or DeliveryStatus.Sending or DeliveryStatus.Held) undelivered++;
        }
        return new OutboxBacklog(undelivered, failed, LimitReached: false);
    }
}

/// <summary>The notifier the application uses: accepting a notification means recording it in the outbox; the dispatcher delivers.</summary>
public sealed class OutboxNotifier(IOutbox outbox, TimeProvider time) : INotifier
{
    public Task<bool> SendAsync(Notification notification, CancellationToken ct = default)
        => outbox.TryRecordAsync(notification, time.GetUtcNow(), ct);
}
