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
        => workbench.Run(req, async who =>
        {
            if (!who.IsReviewer) return workbench.Message(who, req, StatusCodes.Status403Forbidden, "无权访问", "自查报告仅限管理员和审核人员查看。");
            var list = await inspections.ListAsync(ct);
            return Responses.WantsHtml(req)
                ? workbench.Page(who, "inspection-list", "政府信息公开自查报告", list)
                : new OkObjectResult(list.Rows);
        });
}
