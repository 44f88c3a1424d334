using Disclosure.Calendar;
using Disclosure.Functions.Http;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Home;

/// <summary>
/// <c>GET /api/workbench</c>: the staff home page, the tasks of the signed-in person's roles with their counts (HTML), or
/// the counts alone (JSON; a task the person's roles do not include is null).
/// </summary>
public class WorkbenchHome(HttpWorkbench workbench, WorkbenchHomeService home, FormTokens tokens, TimeProvider time)
{
    [Function(nameof(WorkbenchHome))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workbench")] HttpRequest req, CancellationToken ct)
        => workbench.Run(req, async who =>
        {
            var tasks = await home.CountAsync(who, ct);
            if (!Responses.WantsHtml(req)) return new OkObjectResult(tasks);
            var model = WorkbenchHomeModel.Build(who, tasks, ChinaTime.Today(time).Year, tokens.Issue(who));
            return workbench.Page(who, WorkbenchHomeModel.Template, WorkbenchHomeModel.Title, model);
        });
}
