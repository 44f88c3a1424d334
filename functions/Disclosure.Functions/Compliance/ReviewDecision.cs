using System.Globalization;
using System.Text.Json;
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
/// A reviewer's decision on one item: a form from the queue page (answered with 303 back to the queue) or JSON
/// <c>{"decision":"approve"|"reject","reason":"…","version":n}</c>. The version the reviewer looked at is required (428
/// without it); a newer one gets 409 with the item as it is now.
/// </summary>
public class ReviewDecision(ReviewService reviews, PublicationFailures failures, HttpWorkbench web, CatalogueSettings catalogue)
{
    private sealed record Body(string? Decision, string? Reason, int? Version, string? Step = null);

    [Function(nameof(ReviewDecision))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reviews/{id}")] HttpRequest req, string id, CancellationToken ct)
        => web.RunForReviewSteps(req, ComplianceTexts.OnlyReviewers, who => DecideAsync(req, who, id, ct));

    private async Task<IActionResult> DecideAsync(HttpRequest req, Identity.Principal who, string id, CancellationToken ct)
    {
        var isForm = ReviewHttp.IsForm(req);

        Body body;
        if (isForm)
        {
            var form = await req.ReadFormAsync(ct);
            body = new Body(form["decision"].ToString(), form["reason"].ToString(),
                int.TryParse(form["version"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null, form["step"].ToString());
        }
        else
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<Body>(req.Body, JsonSerializerOptions.Web, ct) ?? new Body(null, null, null);
            }
            catch (JsonException)
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "请求格式有误", "请求正文应为 JSON：{\"decision\":\"approve\"或\"reject\",\"reason\":\"…\",\"version\":版本号}。");
            }
        }
        bool approve;
        switch (body.Decision)
        {
            case "approve": approve = true; break;
            case "reject": approve = false; break;
            default:
                return Responses.ValidationProblem([new Disclosure.Intake.FieldError("decision", "请选择“同意”或“不予公开”。")]);
        }

        var result = await reviews.DecideAsync(who, id, approve, body.Reason, body.Version, ct, body.Step);
        var html = isForm || Responses.WantsHtml(req);
        return result switch
        {
            ReviewResult.Decided when html => Responses.SeeOther($"/api/reviews?{ReviewQueue.DecidedParameter}={body.Decision}"),
            ReviewResult.Decided d => new OkObjectResult(new
            {
                id = d.Item.Id, version = d.Item.Version, state = d.Item.State.ToString(), stateName = d.Item.State.ToChinese(),
                // While the item is still 待审核, the step of its chain that waits for the next person.
                pendingStep = d.Item.State == ItemState.AwaitingReview ? ReviewService.PendingStep(d.Item, reviews.ChainOf(d.Item))?.Name : null,
            }),
            ReviewResult.NotFound => Responses.NotFound(),
            ReviewResult.Forbidden f when html => await QueueWithErrorAsync(who, f.Reason, StatusCodes.Status403Forbidden, ct),
            ReviewResult.Forbidden f => Responses.Forbidden(f.Reason),
            ReviewResult.Invalid i when html => await QueueWithErrorAsync(who, i.Reason, StatusCodes.Status400BadRequest, ct),
            ReviewResult.Invalid i => Responses.ValidationProblem([new Disclosure.Intake.FieldError(i.Field, i.Reason)]),
            ReviewResult.Conflict c when html => await QueueWithErrorAsync(who, c.Reason, StatusCodes.Status409Conflict, ct),
            ReviewResult.Conflict c => Responses.Problem(StatusCodes.Status409Conflict, "无法审核", c.Reason,
                c.Current is null ? null : new Dictionary<string, object?> { ["current"] = Intake.SubmissionAnswers.Summary(c.Current) }),
            ReviewResult.PreconditionRequired when html => await QueueWithErrorAsync(who, ComplianceTexts.VersionRequired, StatusCodes.Status428PreconditionRequired, ct),
            ReviewResult.PreconditionRequired => Responses.Problem(StatusCodes.Status428PreconditionRequired, "需要提供所依据的版本", ComplianceTexts.VersionRequired),
            _ => throw new InvalidOperationException(result.ToString()),
        };
    }

    private async Task<IActionResult> QueueWithErrorAsync(Identity.Principal who, string error, int status, CancellationToken ct)
    {
        var first = ReviewQueueRequest.Everything;
        var model = ReviewPages.Queue(await reviews.ListQueuePageAsync(first, ct), first, catalogue, error: error, publishFailed: await failures.ListFailedAsync(ct));
        return web.Page(who, ReviewPages.QueueTemplate, ReviewPages.QueueTitle, model, status);
    }
}
