using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Items;
using Disclosure.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>
/// The reviewers' queue: HTML with each item's findings in context and a decision form, or JSON. Filters (department,
/// column, title) and pages of <c>size</c> continued by <c>after</c>, read at the store; the JSON body keeps its shape
/// with the next page in <c>Link: rel="next"</c>, the page has the filter form and a 下一页 link. 发布失败 items are listed
/// on the first page.
/// </summary>
public class ReviewQueue(ReviewService reviews, PublicationFailures failures, HttpWorkbench web, CatalogueSettings catalogue)
{
    public const string DecidedParameter = "decided";

    [Function(nameof(ReviewQueue))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews")] HttpRequest req, CancellationToken ct)
        => web.RunForReviewSteps(req, ComplianceTexts.OnlyReviewers, who => ListAsync(req, who, ct));

    private async Task<IActionResult> ListAsync(HttpRequest req, Identity.Principal who, CancellationToken ct)
    {
        var (request, problems) = ReviewQueueRequest.Read(name => req.Query[name].FirstOrDefault(), catalogue);
        if (request is null) return web.WrongFilter(who, req, problems, ReviewQueueRequest.Path);
        var page = await reviews.ListQueuePageAsync(request, ct);
        var failed = request.After is null ? await failures.ListFailedAsync(ct) : new PublishFailedSlice([], false);
        if (!Responses.WantsHtml(req))
        {
            Responses.LinkNext(req, page.Next is null ? null : ReviewQueueRequest.Path + request.QueryString(page.Next));
            return new OkObjectResult(new
            {
                items = page.Entries.Select(e => new
                {
                    id = e.Item.Id,
                    version = e.Item.Version,
                    title = e.Item.Title,
                    indexNumber = e.Item.IndexNumber.ToString(),
                    columnCode = e.Item.ColumnCode,
                    departmentCode = e.Item.DepartmentCode,
                    state = e.Item.State.ToString(),
                    stateName = e.Item.State.ToChinese(),
                    isWithdrawal = e.Item.WithdrawalRequested,
                    withdrawalReason = e.Item.WithdrawalReason,
                    decision = e.Record.Decision.ToString(),
                    checkedAt = e.Record.CheckedAt,
                    findings = e.Record.Findings.Select(ReviewHttp.Finding),
                    // Every attachment and the pictures found in it, to open before deciding (staff only, never on the portal).
                    attachments = e.Item.Attachments.Select(a => ReviewHttp.File(e.Item.Id, a, e.Record)),
                    // 条例第十七条: the step the next approval signs, and the chain as signed so far.
                    pendingStep = e.PendingStep?.Name,
                    chain = e.Chain.Select(step => new
                    {
                        name = step.Name,
                        signedBy = e.Item.ReviewSignatures.FirstOrDefault(s => s.Step == step.Name)?.Signer,
                        signedById = e.Item.ReviewSignatures.FirstOrDefault(s => s.Step == step.Name)?.SignerId,
                        attestedAtSubmission = step.AttestedAtSubmission,
                    }),
                }),
                // 发布失败: approved, but the page could not be generated; POST retryPublication once the fault is fixed.
                publishFailed = failed.Items.Select(i => new
                {
                    id = i.Id,
                    version = i.Version,
                    title = i.Title,
                    indexNumber = i.IndexNumber.ToString(),
                    departmentCode = i.DepartmentCode,
                    failedAt = i.UpdatedAt,
                    publishedVersion = i.PublishedVersion,
                    retryPublication = $"/api/submissions/{Uri.EscapeDataString(i.Id)}/retry-publication",
                }),
                // More failed than listed here: every one of them, a page at a time.
                publishFailedAll = failed.More ? PublicationFailures.AllPath : null,
            });
        }
        var notice = req.Query[DecidedParameter].ToString() switch
        {
            "approve" => "已记录审核结论：同意。",
            "reject" => "已记录审核结论：不予公开，已通知报送处室。",
            _ => "",
        };
        var model = ReviewPages.Queue(page, request, catalogue, notice, publishFailed: failed);
        return web.Page(who, ReviewPages.QueueTemplate, ReviewPages.QueueTitle, model);
    }
}
