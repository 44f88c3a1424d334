using Azure;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Http;

/// <summary>What every authenticated HTTP function needs: who is asking, HTML pages in the workbench layout, and storage outages turned into 503.</summary>
public sealed class HttpWorkbench(RequestPrincipal principals, WorkbenchPages pages, CatalogueSettings catalogue)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public Principal? Caller(HttpRequest request) => principals.Resolve(request);

    /// <param name="contentSecurityPolicy">The page's own policy when it is not the workbench's (the one page with a script).</param>
    public IActionResult Page(Principal who, string template, string title, object model, int status = StatusCodes.Status200OK,
        string? contentSecurityPolicy = null)
    {
        var chrome = new PageChrome(catalogue.Agency.Name, who.Name, catalogue.FindDepartment(who.DepartmentCode)?.Name ?? "", who.IsReviewer)
        {
            IsAdministrator = who.IsAdministrator,
            TakesReviewSteps = who.TakesReviewSteps,
        };
        return Responses.Html(pages.Render(template, title, model, chrome), status, contentSecurityPolicy);
    }

    /// <summary>A page for the public, who are signed in to nothing: the workbench layout without its navigation.</summary>
    public IActionResult PublicPage(string template, string title, object model, int status = StatusCodes.Status200OK)
        => Responses.Html(pages.Render(template, title, model, new PageChrome(catalogue.Agency.Name, "", "", false) { IsPublic = true }), status);

    public IActionResult Message(Principal who, HttpRequest request, int status, string title, string text, string link = "", string linkText = "")
        => Responses.WantsHtml(request)
            ? Page(who, "message", title, new MessageModel(text, link, linkText), status)
            : Responses.Problem(status, title, text);

    /// <summary>
    /// A list's query string was wrong: 400, a Chinese page with a link that clears the filters for a browser,
    /// problem+json with each message (each names its field) in <c>problems</c> for a program.
    /// </summary>
    public IActionResult WrongFilter(Principal who, HttpRequest request, IReadOnlyList<string> problems, string clearLink)
        => Responses.WantsHtml(request)
            ? Page(who, "message", FilterProblemTitle, new MessageModel(string.Join(" ", problems), clearLink, "清除筛选条件"), StatusCodes.Status400BadRequest)
            : Responses.Problem(StatusCodes.Status400BadRequest, FilterProblemTitle, string.Join(" ", problems),
                new Dictionary<string, object?> { ["problems"] = problems.ToArray() });

    private const string FilterProblemTitle = "筛选条件有误";

    /// <summary>
    /// Runs an authenticated request; a storage service that does not answer becomes 503 with Retry-After (nothing was
    /// half-written: the services below are all-or-nothing), never a 500.
    /// </summary>
    public async Task<IActionResult> Run(HttpRequest request, Func<Principal, Task<IActionResult>> handle)
    {
        Responses.Harden(request.HttpContext.Response);
        var who = Caller(request);
        if (who is null) return Responses.Unauthorized();
        if (IsCrossSiteWrite(request))
            return Responses.Forbidden(HttpTexts.CrossSiteWrite);
        return await Guarded(request, () => handle(who));
    }

    /// <summary>
    /// <see cref="Run"/> for what the public may use without signing in (the application form): the caller, if any, is
    /// passed on (null for none) and the handler decides what needs one; storage outages are 503 all the same.
    /// </summary>
    public Task<IActionResult> RunOpen(HttpRequest request, Func<Principal?, Task<IActionResult>> handle)
    {
        Responses.Harden(request.HttpContext.Response);
        return Guarded(request, () => handle(Caller(request)));
    }

    private static async Task<IActionResult> Guarded(HttpRequest request, Func<Task<IActionResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (Exception e) when (IsStorageOutage(e) && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
            return Responses.Problem(StatusCodes.Status503ServiceUnavailable, "存储服务暂不可用", "请稍后重试；本次提交未保存任何内容。");
        }
    }

    /// <summary><see cref="Run"/> for reviewers and administrators (IsReviewer includes administrators); anyone else gets 403 saying why.</summary>
    public Task<IActionResult> RunForReviewers(HttpRequest request, string refusal, Func<Principal, Task<IActionResult>> handle)
        => Run(request, who => who.IsReviewer ? handle(who) : Task.FromResult(Refuse(who, request, refusal)));

    /// <summary><see cref="Run"/> for the people who sign review-chain steps (reviewers, administrators, 分管领导); anyone else gets 403.</summary>
    public Task<IActionResult> RunForReviewSteps(HttpRequest request, string refusal, Func<Principal, Task<IActionResult>> handle)
        => Run(request, who => who.TakesReviewSteps ? handle(who) : Task.FromResult(Refuse(who, request, refusal)));

    /// <summary><see cref="Run"/> for people who may submit (<see cref="Principal.MaySubmit"/>); anyone else gets 403 saying why.</summary>
    public Task<IActionResult> RunForSubmitters(HttpRequest request, Func<Principal, Task<IActionResult>> handle)
        => Run(request, who => who.MaySubmit ? handle(who) : Task.FromResult(Refuse(who, request, HttpTexts.OnlySubmitters)));

    /// <summary><see cref="Run"/> for administrators; anyone else gets 403 saying why.</summary>
    public Task<IActionResult> RunForAdministrators(HttpRequest request, string refusal, Func<Principal, Task<IActionResult>> handle)
        => Run(request, who => who.IsAdministrator ? handle(who) : Task.FromResult(Refuse(who, request, refusal)));

    private IActionResult Refuse(Principal who, HttpRequest request, string refusal)
        => Message(who, request, StatusCodes.Status403Forbidden, "无权访问", refusal);

    /// <summary>
    /// Browsers sign in with App Service Authentication's session cookie, so a page on another site could make a signed-in
    /// reviewer's browser post a decision. Browsers say where a request comes from (Sec-Fetch-Site, Origin); programs
    /// calling the API send neither and are unaffected. Only this origin's own pages may write: "same-site" would trust
    /// every other app under the same registrable domain (another *.azurewebsites.net app, another bureau's subdomain).
    /// </summary>
    public static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site != "same-origin";
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsStorageOutage(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or >= 500,
        HttpRequestException or TimeoutException => true,
        AggregateException a => a.InnerExceptions.All(IsStorageOutage),
        OperationCanceledException => true,
        _ => e.InnerException is not null && IsStorageOutage(e.InnerException),
    };
}
