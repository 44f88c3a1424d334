using Disclosure.Functions.Http;
using Disclosure.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>POST /api/publications</c>: reviewers and administrators publish now (urgent items such as emergency notices).
/// 200 with the run's summary; 409 when a publication is already running.
/// </summary>
public class PublishNow(HttpWorkbench workbench, PublicationService publication)
{
    [Function(nameof(PublishNow))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "publications")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, "只有审核人员和管理员可以立即发布。", async who =>
        {
            var result = await publication.PublishAsync(PublicationTrigger.OnDemand, who.Name, ct);
            if (result.AlreadyRunning)
                return Responses.Problem(StatusCodes.Status409Conflict, "发布正在进行", "另一次发布正在进行，请稍后再试；该次发布完成后，待发布的信息即已公开。");
            return new OkObjectResult(new
            {
                itemsPublished = result.ItemsPublished,
                itemsRecordedOnly = result.ItemsRecordedOnly,
                itemsWithdrawn = result.ItemsWithdrawn,
                itemsExpired = result.ItemsExpired,
                itemsChangedOnSite = result.ItemsChangedOnSite,
                fullRender = result.FullRender,
                blobsWritten = result.BlobsWritten,
                blobsDeleted = result.BlobsDeleted,
                skipped = result.Skipped.Select(s => new { itemId = s.ItemId, reason = s.Reason }),
                pagesKept = (result.PagesKept ?? []).Select(p => new { path = p.Path, reason = p.Reason }),
            });
        });
}
