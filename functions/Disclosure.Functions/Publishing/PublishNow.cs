using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Publishing;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>POST /api/publications</c>: reviewers and administrators publish now (urgent items such as emergency notices).
/// 200 with the run's summary; 409 when a publication is already running. The home page's 立即发布 button posts a form
/// with its anti-forgery token and gets the run's result as a page.
/// </summary>
public class PublishNow(HttpWorkbench workbench, PublicationService publication, FormTokens tokens, TimeProvider time)
{
    private const string Refusal = "只有审核人员和管理员可以立即发布。";
    private const string BusyTitle = "发布正在进行";
    private const string BusyText = "另一次发布正在进行，请稍后再试；该次发布完成后，待发布的信息即已公开。";

    [Function(nameof(PublishNow))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "publications")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, Refusal, who => req.HasFormContentType ? FromFormAsync(req, who, ct) : FromApiAsync(who, ct));

    private async Task<IActionResult> FromApiAsync(Principal who, CancellationToken ct)
    {
        var result = await publication.PublishAsync(PublicationTrigger.OnDemand, who.Name, ct);
        if (result.AlreadyRunning)
            return Responses.Problem(StatusCodes.Status409Conflict, BusyTitle, BusyText);
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
    }

    /// <summary>The button's form: only with the token drawn for this person (a page elsewhere cannot make their browser publish).</summary>
    private async Task<IActionResult> FromFormAsync(HttpRequest req, Principal who, CancellationToken ct)
    {
        var form = await req.ReadFormAsync(ct);
        if (!tokens.IsValid(form[FormTokens.Field].ToString(), who))
            return workbench.Message(who, req, StatusCodes.Status403Forbidden, "未发布", HttpTexts.FormTokenInvalid, "/api/workbench", "返回工作台首页");
        var started = time.GetUtcNow();
        var result = await publication.PublishAsync(PublicationTrigger.OnDemand, who.Name, ct);
        if (result.AlreadyRunning)
            return workbench.Message(who, req, StatusCodes.Status409Conflict, BusyTitle, BusyText, "/api/workbench", "返回工作台首页");
        return workbench.Page(who, PublicationResultModel.Template, PublicationResultModel.Title, PublicationResultModel.Build(result, started, time.GetUtcNow()));
    }
}
