using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Plan;

// Routes are /api/outbox…, not /api/admin/…: Azure Functions refuses any HTTP route that begins with "admin"
// (reserved for the host's own admin API), whatever the route prefix.

/// <summary><c>GET /api/outbox?status=&amp;recipient=</c> (administrators): every message and its deliveries, HTML or JSON.</summary>
public class GetOutbox(OutboxAdministration outbox, HttpWorkbench workbench)
{
    [Function(nameof(GetOutbox))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "outbox")] HttpRequest req, CancellationToken ct)
        => workbench.RunForAdministrators(req, "只有管理员可以查看消息发件箱。", async principal =>
        {
            DeliveryStatus? status = null;
            if (req.Query["status"].ToString() is { Length: > 0 } s)
            {
                if (!Enum.TryParse<DeliveryStatus>(s, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    return PlanHttp.Problems("查询条件有误", [$"状态应为 {string.Join("、", Enum.GetNames<DeliveryStatus>())} 之一"]);
                status = parsed;
            }
            var recipient = req.Query["recipient"].ToString() is { Length: > 0 } r ? r : null;
            if (recipient is not null && !ObligationIds.IsSafe(recipient)) return PlanHttp.Problems("查询条件有误", ["收件方代码无效"]);

            var deliveries = await outbox.ListAsync(new OutboxFilter { Status = status, RecipientCode = recipient }, ct);
            if (Responses.WantsHtml(req))
                return workbench.Page(principal, PlanPages.OutboxTemplate, "消息发件箱", PlanPages.Outbox(deliveries));
            return PlanHttp.Ok(deliveries.Select(d => new
            {
                d.RecipientCode, d.RecipientName, d.DeliveryId, d.NotificationId, d.Channel, d.Address, d.Subject,
                d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.LastError,
            }));
        });
}

/// <summary>
/// <c>POST /api/outbox/{recipient}/{deliveryId}/retry</c> (administrators): puts a failed delivery, or one held
/// because its channel was not configured, back in the queue; the dispatch timer sends it.
/// </summary>
public class RetryDelivery(OutboxAdministration outbox, HttpWorkbench workbench)
{
    [Function(nameof(RetryDelivery))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "outbox/{recipient}/{deliveryId}/retry")] HttpRequest req,
        string recipient, string deliveryId, CancellationToken ct)
        => workbench.RunForAdministrators(req, "只有管理员可以重新发送消息。", async principal =>
        {
            if (!ObligationIds.IsSafe(recipient) || deliveryId.Length is 0 or > 400 || deliveryId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
                return Responses.NotFound("找不到该消息。");

            if (!await outbox.RequeueAsync(recipient, deliveryId, ct))
                return Responses.Problem(StatusCodes.Status409Conflict, "无法重新发送", "找不到该消息，或它不是“发送失败”或“未发送”状态。");
            // The page's form posts here: send the browser back to the list.
            if (Responses.WantsHtml(req)) return Responses.SeeOther("/api/outbox");
            return PlanHttp.Ok(new { recipient, deliveryId, status = nameof(DeliveryStatus.Pending) }, StatusCodes.Status202Accepted);
        });
}
