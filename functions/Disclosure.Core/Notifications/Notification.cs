using System.Text.Json.Serialization;

namespace Disclosure.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter<ChannelKind>))]
public enum ChannelKind
{
    /// <summary>E-mail over SMTP; the address is a mailbox.</summary>
    Email,
    /// <summary>企业微信群机器人; the address is the webhook URL or the name of a setting that holds it.</summary>
    WeCom,
    /// <summary>钉钉群机器人; the address is the webhook URL or the name of a setting that holds it.</summary>
    DingTalk,
    /// <summary>Only recorded: read on the outbox admin page.</summary>
    Outbox,
}

public sealed record ChannelAddress
{
    public required ChannelKind Kind { get; init; }
    public string Address { get; init; } = "";
}

/// <summary>
/// A message to a department or the leadership group. <see cref="Id"/> is the dedupe key: recording the same id
/// twice is a no-op. <see cref="ReminderKeys"/> are the (obligation, period, kind[, threshold]) keys this message
/// reminds of; the outbox claims them together with the message so no other message repeats them.
/// </summary>
public sealed record Notification
{
    public required string Id { get; init; }
    /// <summary>A department code, or <c>leadership</c> for the leadership group.</summary>
    public required string RecipientCode { get; init; }
    public required string RecipientName { get; init; }
    public required IReadOnlyList<ChannelAddress> Channels { get; init; }
    public required string Subject { get; init; }
    public required string Text { get; init; }
    public required string Html { get; init; }
    public required string Markdown { get; init; }
    public IReadOnlyList<string> ReminderKeys { get; init; } = [];
}

public interface INotifier
{
    /// <summary>Accepts the notification for delivery; false when one with the same id (or any of its reminder keys) was already accepted.</summary>
    Task<bool> SendAsync(Notification notification, CancellationToken ct = default);
}

/// <summary>One way out (SMTP, a group robot). Throws on failure; the dispatcher records the failure and retries.</summary>
public interface INotificationChannel
{
    bool Handles(ChannelKind kind);
    Task SendAsync(OutboxDelivery delivery, CancellationToken ct);
}

/// <summary>
/// Thrown by a channel that has no configuration for a delivery (no SMTP host, no robot URL for the target): the
/// dispatcher holds the delivery in the outbox instead of retrying it as a failure.
/// </summary>
public sealed class ChannelNotConfiguredException(string message) : InvalidOperationException(message);
