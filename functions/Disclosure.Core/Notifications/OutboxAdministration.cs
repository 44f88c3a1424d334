using System.Text;
using Disclosure.Plan;

namespace Disclosure.Notifications;

/// <summary>For the outbox admin page (<c>GET /api/admin/outbox</c>) and its requeue action: nothing fails out of sight.</summary>
public sealed class OutboxAdministration(IOutbox outbox, TimeProvider time)
{
    public Task<IReadOnlyList<OutboxDelivery>> ListAsync(OutboxFilter filter, CancellationToken ct = default) => outbox.ListAsync(filter, ct);

    public Task<OutboxDeliveryPage> ListPageAsync(OutboxFilter filter, int pageSize, string? after, CancellationToken ct = default)
        => outbox.ListPageAsync(filter, pageSize, after, ct);

    public Task<bool> RequeueAsync(string recipientCode, string deliveryId, CancellationToken ct = default)
        => outbox.RequeueAsync(recipientCode, deliveryId, time.GetUtcNow(), ct);

    public static string StatusText(DeliveryStatus s) => s switch
    {
        DeliveryStatus.Pending => "待发送",
        DeliveryStatus.Sending => "发送中",
        DeliveryStatus.Delivered => "已送达",
        DeliveryStatus.Held => "未发送（发送渠道未配置，保留在发件箱）",
        _ => "发送失败",
    };

    public static string ChannelText(ChannelKind k) => k switch
    {
        ChannelKind.Email => "电子邮件",
        ChannelKind.WeCom => "企业微信群机器人",
        ChannelKind.DingTalk => "钉钉群机器人",
        _ => "仅站内记录",
    };
}
