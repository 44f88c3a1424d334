using Disclosure.Notifications;

namespace Disclosure.Tests.Notifications;

public class NewDeliveriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 22, 30, 0, TimeSpan.Zero);

    private static Notification To(params ChannelAddress[] channels) => new()
    {
        Id = "reminder-2026-03-03",
        RecipientCode = "cwc",
        RecipientName = "财务处",
        Channels = channels,
        Subject = "公开提醒",
        Text = "请于3月10日前公开部门预算。",
        Html = "<p>请于3月10日前公开部门预算。</p>",
        Markdown = "**请于3月10日前公开部门预算。**",
        ReminderKeys = ["czzj-budget|2026|due"],
    };

    /// <summary>A delivery of <see cref="To"/> as the rule says it must be, spelled out field by field.</summary>
    private static OutboxDelivery Expected(int index, ChannelKind channel, string address, DeliveryStatus status) => new()
    {
        RecipientCode = "cwc",
        DeliveryId = $"reminder-2026-03-03~{index}",
        NotificationId = "reminder-2026-03-03",
        RecipientName = "财务处",
        Channel = channel,
        Address = address,
        Subject = "公开提醒",
        Text = "请于3月10日前公开部门预算。",
        Html = "<p>请于3月10日前公开部门预算。</p>",
        Markdown = "**请于3月10日前公开部门预算。**",
        Status = status,
        CreatedAt = Now,
        NextAttemptAt = status == DeliveryStatus.Pending ? Now : null,
        DeliveredAt = status == DeliveryStatus.Delivered ? Now : null,
    };

    [Fact]
    public void Each_channel_gets_its_own_pending_delivery_due_now_in_channel_order()
    {
        var deliveries = NewDeliveries.For(To(
            new ChannelAddress { Kind = ChannelKind.Email, Address = "cwc@kjj.example.gov.cn" },
            new ChannelAddress { Kind = ChannelKind.WeCom, Address = "WECOM_CWC" }), Now);

        Assert.Equal(
            [
                Expected(0, ChannelKind.Email, "cwc@kjj.example.gov.cn", DeliveryStatus.Pending),
                Expected(1, ChannelKind.WeCom, "WECOM_CWC", DeliveryStatus.Pending),
            ],
            deliveries);
    }

    [Fact]
    public void A_notification_without_channels_is_one_outbox_delivery_delivered_at_once()
    {
        var delivery = Assert.Single(NewDeliveries.For(To(), Now));

        Assert.Equal(Expected(0, ChannelKind.Outbox, "", DeliveryStatus.Delivered), delivery);
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public void The_outbox_channel_counts_as_delivered_beside_channels_that_still_wait()
    {
        var deliveries = NewDeliveries.For(To(
            new ChannelAddress { Kind = ChannelKind.Outbox },
            new ChannelAddress { Kind = ChannelKind.DingTalk, Address = "DINGTALK_CWC" }), Now);

        Assert.Equal(
            [
                Expected(0, ChannelKind.Outbox, "", DeliveryStatus.Delivered),
                Expected(1, ChannelKind.DingTalk, "DINGTALK_CWC", DeliveryStatus.Pending),
            ],
            deliveries);
    }
}
