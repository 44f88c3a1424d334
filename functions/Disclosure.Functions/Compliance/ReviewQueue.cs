using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Http;
using Disclosure.Items;
using Disclosure.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Compliance;

/// <summary>The reviewers' queue: HTML with each item's findings in context and a decision form, or JSON.</summary>
public class ReviewQueue(ReviewService reviews, PublicationFailures failures, HttpWorkbench web, CatalogueSettings catalogue)
{
    public const string DecidedParameter = "decided";

    [Function(nameof(ReviewQueue))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews")] HttpRequest req, CancellationToken ct)
        => web.RunForReviewSteps(req, ComplianceTexts.OnlyReviewers, who => ListAsync(req, who, ct));

    private async Task<IActionResult> ListAsync(HttpRequest req, Identity.Principal who, CancellationToken ct)
    {
        var entries = await reviews.ListQueueAsync(ct);
        var failed = await failures.ListFailedAsync(ct);
        if (!Responses.WantsHtml(req))
        {
            return new OkObjectResult(new
            {
                items = entries.Select(e => new
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
                publishFailed = failed.Select(i => new
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
            });
        }
        var notice = req.Query[DecidedParameter].ToString() switch
        {
            "approve" => "已记录审核结论：同意。",
            "reject" => "已记录审核结论：不予公开，已通知报送处室。",
            _ => "",
        };
        var model = ReviewPages.Queue(entries, catalogue, notice, publishFailed: failed);
        return web.Page(who, ReviewPages.QueueTemplate, ReviewPages.QueueTitle, model);
    }
}
