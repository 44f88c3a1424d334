using System.Text;
using Disclosure.Plan;

namespace Disclosure.Notifications;

/// <summary>For the outbox admin page (<c>GET /api/admin/outbox</c>) and its requeue action: nothing fails out of sight.</summary>
public sealed class OutboxAdministration(IOutbox outbox, TimeProvider time)
{
    public Task<IReadOnlyList<OutboxDelivery>> ListAsync(OutboxFilter filter, CancellationToken ct = default) => outbox.ListAsync(filter, ct);

    public Task<bool> RequeueAsync(string recipientCode, string deliveryId, CancellationToken ct = default)
        => outbox.RequeueAsync(recipientCode, deliveryId, time.GetUtcNow(), ct);

    public async Task<string> GetHtmlAsync(OutboxFilter filter, CancellationToken ct = default)
        => RenderHtml(await outbox.ListAsync(filter, ct));

    public static string RenderHtml(IReadOnlyList<OutboxDelivery> deliveries)
    {
        var h = DigestComposer.Html;
        const string title = "消息发件箱";
        var sb = new StringBuilder(AdminPage.Head(title));
        var failed = deliveries.Count(d => d.Status == DeliveryStatus.Failed);
        var waiting = deliveries.Count(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Sending);
        sb.Append("<p>共").Append(deliveries.Count).Append("条；待发送").Append(waiting).Append("条；发送失败").Append(failed).Append("条。</p>\n");
        sb.Append("<table>\n<caption>").Append(title).Append("</caption>\n<thead><tr><th scope=\"col\">状态</th><th scope=\"col\">收件方</th><th scope=\"col\">渠道</th><th scope=\"col\">主题</th><th scope=\"col\">生成时间（北京时间）</th><th scope=\"col\">尝试次数</th><th scope=\"col\">下次尝试</th><th scope=\"col\">最近错误</th></tr></thead>\n<tbody>\n");
        foreach (var d in deliveries)
        {
            sb.Append("<tr><td>").Append(h.Encode(StatusText(d.Status)))
                .Append("</td><td>").Append(h.Encode(d.RecipientName))
                .Append("</td><td>").Append(h.Encode(ChannelText(d.Channel)))
                .Append("</td><td>").Append(h.Encode(d.Subject))
                .Append("</td><td>").Append(h.Encode(Beijing(d.CreatedAt)))
                .Append("</td><td>").Append(d.Attempts)
                .Append("</td><td>").Append(h.Encode(d.Status is DeliveryStatus.Pending or DeliveryStatus.Sending && d.NextAttemptAt is { } next ? Beijing(next) : ""))
                .Append("</td><td>").Append(h.Encode(d.LastError ?? ""))
                .Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n").Append(AdminPage.Tail);
        return sb.ToString();
    }

    private static string Beijing(DateTimeOffset t) => t.ToOffset(ChinaDate.Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

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
