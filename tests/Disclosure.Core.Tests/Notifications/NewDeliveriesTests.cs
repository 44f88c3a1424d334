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
        Markdown = "请于3月10日前公开部门预算。",
        ReminderKeys = ["czzj-budget|2026|due"],
    };

    [Fact]
    public void Each_channel_gets_its_own_pending_delivery_due_now_in_channel_order()
    {
        var deliveries = NewDeliveries.For(To(
            new ChannelAddress { Kind = ChannelKind.Email, Address = "cwc@kjj.example.gov.cn" },
            new ChannelAddress { Kind = ChannelKind.WeCom, Address = "WECOM_CWC" }), Now);

        Assert.Equal(["reminder-2026-03-03~0", "reminder-2026-03-03~1"], deliveries.Select(d => d.DeliveryId));
        Assert.Equal([ChannelKind.Email, ChannelKind.WeCom], deliveries.Select(d => d.Channel));
        Assert.Equal(["cwc@kjj.example.gov.cn", "WECOM_CWC"], deliveries.Select(d => d.Address));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Equal(Now, d.NextAttemptAt);
            Assert.Null(d.DeliveredAt);
            Assert.Equal(0, d.Attempts);
            Assert.Equal(Now, d.CreatedAt);
            Assert.Equal("reminder-2026-03-03", d.NotificationId);
            Assert.Equal("cwc", d.RecipientCode);
            Assert.Equal("财务处", d.RecipientName);
            Assert.Equal("公开提醒", d.Subject);
            Assert.Equal("请于3月10日前公开部门预算。", d.Text);
            Assert.Equal("<p>请于3月10日前公开部门预算。</p>", d.Html);
            Assert.Equal("请于3月10日前公开部门预算。", d.Markdown);
        });
    }

    [Fact]
    public void A_notification_without_channels_is_one_outbox_delivery_delivered_at_once()
    {
        var delivery = Assert.Single(NewDeliveries.For(To(), Now));

        Assert.Equal(ChannelKind.Outbox, delivery.Channel);
        Assert.Equal("reminder-2026-03-03~0", delivery.DeliveryId);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(Now, delivery.DeliveredAt);
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public void The_outbox_channel_counts_as_delivered_beside_channels_that_still_wait()
    {
        var deliveries = NewDeliveries.For(To(
            new ChannelAddress { Kind = ChannelKind.Outbox },
            new ChannelAddress { Kind = ChannelKind.DingTalk, Address = "DINGTALK_CWC" }), Now);

        Assert.Equal([DeliveryStatus.Delivered, DeliveryStatus.Pending], deliveries.Select(d => d.Status));
        Assert.Equal([Now, null], deliveries.Select(d => d.DeliveredAt));
        Assert.Equal([null, Now], deliveries.Select(d => d.NextAttemptAt));
    }
}
