using Disclosure.Adapters.Inspection;
using Disclosure.Calendar;
using Disclosure.Notifications;
using Disclosure.Plan;
using Disclosure.Publishing;
using Disclosure.Work;

namespace Disclosure.Functions.Health;

/// <summary>
/// What the work looks like, for administrators (<c>GET /api/health?details</c>): what failed out of sight (poison
/// messages, failed deliveries), what waits (the outbox backlog), the last publication, and whether this and next year
/// have the 调休 calendar and the plan that deadlines and reminders depend on. Reads only: asking never seeds a plan.
/// </summary>
public sealed class OperationsHealth(
    QueuePoisonCounter poison, IPublicationRunLog publications, IOutbox outbox, WorkingDayCalendar calendar, IPlanStore plans,
    TimeProvider time)
{
    /// <summary>Deliveries counted at most: past it the answer says "at least" (<c>limitReached</c>) rather than read on.</summary>
    public const int OutboxCountLimit = 1000;

    public async Task<object> DescribeAsync(CancellationToken ct)
    {
        var poisonCounts = await poison.CountEachAsync(WorkQueues.All, ct);
        var last = await publications.LastAsync(ct);
        var backlog = await outbox.CountBacklogAsync(OutboxCountLimit, ct);
        var thisYear = ChinaTime.Today(time).Year;
        var coverage = new List<object>();
        foreach (var year in new[] { thisYear, thisYear + 1 })
        {
            var plan = await plans.GetAsync(year, ct) is not null || File.Exists(PlanLoader.FileFor(year));
            // Which notice the year's working days come from, and whether it shipped or an administrator entered it (/api/calendar/{year}).
            var arrangement = calendar.DataFor(year);
            coverage.Add(new
            {
                year, calendar = arrangement is not null, plan,
                calendarSource = arrangement?.Source,
                calendarEntered = arrangement is not null && !calendar.IsPackaged(year),
            });
        }
        return new
        {
            poisonQueues = poisonCounts.Select(p => new { queue = p.Queue, messages = p.Messages }),
            lastPublication = last is null ? null : new
            {
                startedAt = last.StartedAt,
                finishedAt = last.FinishedAt,
                trigger = last.Trigger.ToString(),
                result = last.Outcome.ToString(),
                itemsPublished = last.ItemsPublished,
                blobsWritten = last.BlobsWritten,
                blobsDeleted = last.BlobsDeleted,
                itemsLeftOut = last.ItemsLeftOut,
                error = last.Error,
            },
            outbox = new
            {
                undelivered = backlog.Undelivered,
                failed = backlog.Failed,
                limitReached = backlog.LimitReached,
            },
            coverage,
        };
    }
}
