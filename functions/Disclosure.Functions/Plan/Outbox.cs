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

/// <summary>
/// <c>GET /api/outbox</c> (administrators): messages and their deliveries, HTML or JSON, filtered by <c>status</c>,
/// <c>channel</c>, <c>recipient</c> and <c>from</c>/<c>to</c> (the China date a message was recorded), in pages of
/// <c>size</c> continued by <c>after</c>. JSON is the page's array with a <c>Link: rel="next"</c> header; the page has
/// the filter form and a 下一页 link that keeps the filters.
/// </summary>
public class GetOutbox(OutboxAdministration outbox, HttpWorkbench workbench)
{
    [Function(nameof(GetOutbox))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "outbox")] HttpRequest req, CancellationToken ct)
        => workbench.RunForAdministrators(req, "只有管理员可以查看消息发件箱。", async principal =>
        {
            var (request, problems) = OutboxListRequest.Read(name => req.Query[name].FirstOrDefault());
            if (request is null) return workbench.WrongFilter(principal, req, problems, OutboxListRequest.Path);

            var page = await outbox.ListPageAsync(request.Filter, request.PageSize, request.After, ct);
            var next = page.Next is null ? null : OutboxListRequest.Path + request.QueryString(page.Next);
            // The store's order is by recipient; within a page the newest comes first, as the page has always shown.
            var deliveries = page.Deliveries.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.DeliveryId, StringComparer.Ordinal).ToList();
            if (Responses.WantsHtml(req))
                return workbench.Page(principal, PlanPages.OutboxTemplate, "消息发件箱", PlanPages.Outbox(deliveries, OutboxListFilters.Build(request, next)));
            Responses.LinkNext(req, next);
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
