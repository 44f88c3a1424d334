using Disclosure.Inspection.SelfInspection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Inspection;

/// <summary>The scheduled self-inspection (monthly by default, <c>SelfInspectionSchedule</c>).</summary>
public class RunSelfInspection(SelfInspectionService inspections, ILogger<RunSelfInspection> log)
{
    [Function(nameof(RunSelfInspection))]
    public async Task Run([TimerTrigger("%SelfInspectionSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var run = await inspections.RunAsync(ct);
        log.LogInformation("Self-inspection {Date}: {Veto} veto risks, {Risks} risks, {Broken} broken links; leadership notified: {Notified}",
            run.DateText, run.Report.VetoRisks, run.Report.Risks.Count, run.Report.BrokenLinks.Count, run.Notified);
    }
}
