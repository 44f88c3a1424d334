using Disclosure.Functions.Http;
using Disclosure.Publishing.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Publishing;

/// <summary>
/// <c>GET /api/search?q=…&amp;p=…</c> (anyone: the portal's search page asks it first): one page of results as JSON, the
/// same as the page would compute from the static index, in one response (<see cref="SearchQueries"/>). Public data only:
/// what the published index holds. Cached by the edge for a minute per query. A query it will not run gets 400 with the
/// reason in Chinese; an instance at its limit 503 with Retry-After, and the page then reads the static index itself.
/// </summary>
public class SearchPortal(SearchQueries queries)
{
    public const string CacheControl = "public, max-age=60";

    [Function(nameof(SearchPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest req, CancellationToken ct)
    {
        var outcome = await queries.RunAsync(Single(req, "q"), Single(req, "p"), ct);
        var response = req.HttpContext.Response;
        Responses.Harden(response);
        if (outcome.Answer is { } answer)
        {
            response.Headers.CacheControl = CacheControl;
            return new OkObjectResult(answer);
        }
        if (outcome.IsBusy)
        {
            response.Headers.RetryAfter = "5";
            return Responses.Problem(StatusCodes.Status503ServiceUnavailable, "检索服务繁忙", "请稍后再试。");
        }
        return Responses.Problem(StatusCodes.Status400BadRequest, "检索词有误", outcome.Refusal);
    }

    /// <summary>A parameter given twice is refused as empty rather than one of them picked.</summary>
    private static string? Single(HttpRequest req, string name) =>
        req.Query.TryGetValue(name, out var values) ? values.Count == 1 ? values[0] : "" : null;
}
