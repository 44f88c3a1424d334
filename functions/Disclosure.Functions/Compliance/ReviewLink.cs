using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// <c>GET /api/reviews/{id}</c>: the address a refused decision leaves in the browser (the form posts there). Opening or
/// reloading it goes to that item in the reviewers' queue instead of the portal's 页面不存在: to the queue's page that
/// begins with it, since the queue comes a page at a time.
/// </summary>
public class ReviewLink(HttpWorkbench web)
{
    [Function(nameof(ReviewLink))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews/{id}")] HttpRequest req, string id, CancellationToken ct)
        => web.RunForReviewers(req, ComplianceTexts.OnlyReviewers,
            _ => Task.FromResult(Responses.SeeOther(ReviewQueueRequest.PageStartingAt(id))));
}
