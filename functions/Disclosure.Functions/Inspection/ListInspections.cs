using Disclosure.Functions.Http;
using Disclosure.Inspection.SelfInspection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>The stored self-inspection reports, newest first: a page in the admin area, or JSON.</summary>
public class ListInspections(SelfInspectionService inspections, HttpWorkbench workbench)
{
    [Function(nameof(ListInspections))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inspections")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, InspectionHttp.InspectionRefusal, async who =>
        {
            var list = await inspections.ListAsync(ct);
            return Responses.WantsHtml(req)
                ? workbench.Page(who, "inspection-list", "政府信息公开自查报告", list)
                : new OkObjectResult(list.Rows);
        });
}
