using Disclosure.Adapters.Notifications;
using Disclosure.Plan;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Plan;

/// <summary>
/// Daily (<c>ReminderSchedule</c>, 06:30 China time): one digest per department with obligations, escalations to the
/// leadership group, recorded in the outbox; then a first delivery attempt. The run itself skips days off and
/// never repeats a reminder, so a late or doubled firing is harmless.
/// </summary>
public class SendReminders(ReminderRun reminders, OutboxDispatcher dispatcher, TimeProvider time, ILogger<SendReminders> log)
{
    [Function(nameof(SendReminders))]
    public async Task Run([TimerTrigger("%ReminderSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var run = await reminders.RunAsync(time.GetUtcNow(), ct);
        if (run.Skipped)
        {
            log.LogInformation("Reminders for {Day} skipped: {Reason}", run.Day, run.SkipReason);
            return;
        }
        if (run.Warning is not null) log.LogWarning("Reminders for {Day}: {Warning}", run.Day, run.Warning);
        log.LogInformation("Reminders for {Day}: {Obligations} obligations, {Messages} new messages (past due: {PastDue})",
            run.Day, run.Obligations, run.Recorded.Count, timer.IsPastDue);
        var sent = await dispatcher.DispatchAsync(ct);
        log.LogInformation("Dispatch after reminders: {Delivered} delivered, {Failed} failed, {Held} held, {Skipped} skipped",
            sent.Delivered, sent.Failed, sent.Held, sent.Skipped);
    }
}

/// <summary>Every few minutes (<c>OutboxDispatchSchedule</c>): delivers what is due in the outbox, retrying failures with backoff.</summary>
public class DispatchNotifications(OutboxDispatcher dispatcher, ILogger<DispatchNotifications> log)
{
    [Function(nameof(DispatchNotifications))]
    public async Task Run([TimerTrigger("%OutboxDispatchSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var sent = await dispatcher.DispatchAsync(ct);
        if (sent != new DispatchResult(0, 0, 0))
            log.LogInformation("Outbox dispatch: {Delivered} delivered, {Failed} failed, {Held} held, {Skipped} skipped",
                sent.Delivered, sent.Failed, sent.Held, sent.Skipped);
    }
}
