using Disclosure.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Http;

/// <summary>
/// The answers HTTP functions give: RFC 9457 problem details (in Chinese) for APIs, HTML pages for people.
/// </summary>
public static class Responses
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>A list's next page for a program (RFC 8288 <c>Link: &lt;…&gt;; rel="next"</c>), so the JSON body keeps its shape; nothing on the last page.</summary>
    public static void LinkNext(HttpRequest request, string? next)
    {
        if (next is not null) request.HttpContext.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
    }

    public static IActionResult Problem(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = "about:blank" };
        foreach (var (k, v) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[k] = v;
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { ProblemJson } };
    }

    /// <summary>400 listing each invalid field with its Chinese message (<c>errors: {field: [message]}</c>).</summary>
    public static IActionResult ValidationProblem(IReadOnlyList<FieldError> errors)
        => Problem(StatusCodes.Status400BadRequest, "提交的内容有误", "请按各字段的提示修改后重新提交。",
            new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });

    public static IActionResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "需要登录", "请通过统一身份认证登录后再访问。");

    public static IActionResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "无权访问", detail);

    public static IActionResult NotFound(string detail = "找不到该信息。") => Problem(StatusCodes.Status404NotFound, "不存在", detail);

    /// <summary>
    /// 303 See Other: after a form post the browser fetches <paramref name="location"/> with GET, so a refresh never posts
    /// again (RedirectResult only knows 301/302/307/308).
    /// </summary>
    public static IActionResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.HttpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <param name="contentSecurityPolicy">The page's own policy; the workbench's (no script) when null.</param>
    public static IActionResult Html(string html, int status = StatusCodes.Status200OK, string? contentSecurityPolicy = null)
        => new HtmlPage(new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = status },
            contentSecurityPolicy ?? Disclosure.Workbench.WorkbenchPages.ContentSecurityPolicy);

    /// <summary>The headers every answer of the workbench carries: never sniffed into another type, never framed, no referrer to other sites.</summary>
    public static void Harden(HttpResponse response)
    {
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers["X-Frame-Options"] = "DENY"; // for browsers older than frame-ancestors
        response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
    }

    /// <summary>A workbench page: the hardening headers with the pages' own Content-Security-Policy.</summary>
    private sealed class HtmlPage(ContentResult content, string policy) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            Harden(context.HttpContext.Response);
            context.HttpContext.Response.Headers.ContentSecurityPolicy = policy;
            return content.ExecuteResultAsync(context);
        }
    }

    /// <summary>A browser asks for HTML first; API clients ask for JSON or nothing in particular.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return false;
        var best = accept.OrderByDescending(a => a.Quality ?? 1).First();
        return best.MediaType.Value is "text/html" or "application/xhtml+xml";
    }
}
