using Disclosure.Functions.Http;
using Disclosure.Inspection.SelfInspection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// The stored self-inspection reports, newest first, in pages of <c>size</c> continued by <c>after</c> (the oldest day of
/// the page before): a page in the admin area with a 下一页 link, or the page's rows as JSON with a <c>Link: rel="next"</c> header.
/// </summary>
public class ListInspections(SelfInspectionService inspections, HttpWorkbench workbench)
{
    [Function(nameof(ListInspections))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inspections")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, InspectionHttp.InspectionRefusal, async who =>
        {
            var (request, problems) = InspectionListRequest.Read(name => req.Query[name].FirstOrDefault());
            if (request is null) return workbench.WrongFilter(who, req, problems, InspectionListRequest.Path);
            var list = await inspections.ListPageAsync(request, ct);
            if (Responses.WantsHtml(req)) return workbench.Page(who, "inspection-list", "政府信息公开自查报告", list);
            Responses.LinkNext(req, list.Paging?.NextPage);
            return new OkObjectResult(list.Rows);
        });
}
