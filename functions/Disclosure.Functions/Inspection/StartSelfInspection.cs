using Disclosure.Functions.Http;
using Disclosure.Inspection.SelfInspection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Inspection;

/// <summary>An inspection on demand; it runs while the caller waits and answers 201 with where the report is (a browser is sent there).</summary>
public class StartSelfInspection(SelfInspectionService inspections, HttpWorkbench workbench)
{
    [Function(nameof(StartSelfInspection))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inspections")] HttpRequest req, CancellationToken ct)
        => workbench.RunForReviewers(req, InspectionHttp.InspectionRefusal, async who =>
        {
            var run = await inspections.RunAsync(ct);
            // The admin page's button posts a form: a person is taken to the report itself.
            if (Responses.WantsHtml(req))
                return Responses.SeeOther(run.Files[0]);
            return new CreatedResult(run.Files[0], new
            {
                date = run.DateText,
                vetoRisks = run.Report.VetoRisks,
                risks = run.Report.Risks,
                brokenLinks = run.Report.BrokenLinks.Count,
                files = run.Files,
                notified = run.Notified,
            });
        });
}
