using Disclosure.Applications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Applications;

/// <summary>
/// Daily, with the reminders (<c>ReminderSchedule</c>): deletes applicants' personal data whose retention period
/// (<c>Applications__RetentionYears</c>, <c>Applications__RetentionDays</c>) has run since the application was concluded.
/// A doubled firing deletes nothing twice. The log names how many, never whom.
/// </summary>
public class DeleteExpiredApplicantData(ApplicationRetention retention, ILogger<DeleteExpiredApplicantData> log)
{
    [Function(nameof(DeleteExpiredApplicantData))]
    public async Task Run([TimerTrigger("%ReminderSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var erased = await retention.RunAsync(ct);
        log.LogInformation("Applicant data retention: {Erased} applications erased (past due: {PastDue})", erased.Count, timer.IsPastDue);
    }
}
