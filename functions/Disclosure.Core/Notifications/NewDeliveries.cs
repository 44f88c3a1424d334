namespace Disclosure.Notifications;

/// <summary>
/// What recording a notification in the outbox creates, whichever store keeps it: one delivery per channel, in the
/// notification's channel order (the index is part of the delivery id). A notification without channels still gets
/// one, on the <see cref="ChannelKind.Outbox"/> channel, so every message is on the admin page. An outbox delivery
/// counts as delivered at once: being recorded is all that channel does, so the dispatcher never picks it up.
/// </summary>
public static class NewDeliveries
{
    public static IReadOnlyList<OutboxDelivery> For(Notification notification, DateTimeOffset now)
    {
        var channels = notification.Channels.Count > 0 ? notification.Channels : [new ChannelAddress { Kind = ChannelKind.Outbox }];
        return channels.Select((channel, index) =>
        {
            var onlyRecorded = channel.Kind == ChannelKind.Outbox;
            return new OutboxDelivery
            {
                RecipientCode = notification.RecipientCode,
                DeliveryId = OutboxDelivery.IdFor(notification.Id, index),
                NotificationId = notification.Id,
                RecipientName = notification.RecipientName,
                Channel = channel.Kind,
                Address = channel.Address,
                Subject = notification.Subject,
                Text = notification.Text,
                Html = notification.Html,
                Markdown = notification.Markdown,
                Status = onlyRecorded ? DeliveryStatus.Delivered : DeliveryStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = onlyRecorded ? null : now,
                DeliveredAt = onlyRecorded ? now : null,
            };
        }).ToList();
    }
}
