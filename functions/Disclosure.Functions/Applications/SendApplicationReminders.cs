using Disclosure.Adapters.Notifications;
using Disclosure.Applications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Applications;

/// <summary>
/// Daily, with the plan's reminders (<c>ReminderSchedule</c>): the application clock's reminders, recorded in the outbox
/// and then delivered. Days off send nothing; a reminder already recorded is never repeated, so a doubled firing is harmless.
/// </summary>
public class SendApplicationReminders(ApplicationReminders reminders, OutboxDispatcher dispatcher, TimeProvider time, ILogger<SendApplicationReminders> log)
{
    [Function(nameof(SendApplicationReminders))]
    public async Task Run([TimerTrigger("%ReminderSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var recorded = await reminders.RunAsync(time.GetUtcNow(), ct);
        log.LogInformation("Application reminders: {Messages} new messages (past due: {PastDue})", recorded.Count, timer.IsPastDue);
        if (recorded.Count > 0) await dispatcher.DispatchAsync(ct);
    }
}
