using Disclosure.Calendar;
using Disclosure.Intake;
namespace Disclosure.Plan;

/// <summary>
/// What administrators and departments record against the plan: events that start a working-day deadline
/// (预算批复, 行政许可决定 …) and completed phase tasks. Stored per year of the event or task.
/// </summary>
public interface IPlanRecords
{
    /// <summary>Inserts; false when an event with this id is already recorded (a resubmitted form).</summary>
    Task<bool> RecordEventAsync(int year, RecordedEvent recorded, CancellationToken ct = default);

    /// <summary>Sets the disclosure date of a recorded event; false when there is no such event.</summary>
    Task<bool> MarkEventDisclosedAsync(int year, string eventId, DateOnly disclosedOn, CancellationToken ct = default);

    /// <summary>Idempotent: the first completion date recorded is kept.</summary>
    Task CompleteTaskAsync(int year, string taskId, DateOnly completedOn, CancellationToken ct = default);

    Task<IReadOnlyList<RecordedEvent>> ListEventsAsync(int year, CancellationToken ct = default);

    Task<IReadOnlyDictionary<string, DateOnly>> ListCompletedTasksAsync(int year, CancellationToken ct = default);
}

/// <summary>The latest publication per column, as of a day; the lead implements it over the items table.</summary>
public interface ILatestPublications
{
    Task<IReadOnlyDictionary<string, DateOnly>> LatestByColumnAsync(DateOnly asOf, CancellationToken ct = default);
}

/// <summary>The facts the obligation calculator needs, put together from published items and plan records.</summary>
public sealed class PlanFacts(ILatestPublications publications, IPlanRecords records) : IPublicationFacts
{
    public async Task<PublicationFacts> LoadAsync(int year, DateOnly today, CancellationToken ct)
    {
        // Last year's events still count: a decision of 12-30 has its 双公示 deadline in January.
        var events = (await records.ListEventsAsync(year - 1, ct)).Concat(await records.ListEventsAsync(year, ct)).ToList();
        return new PublicationFacts
        {
            LatestPublishedOn = await publications.LatestByColumnAsync(today, ct),
            Events = events,
            CompletedTasks = await records.ListCompletedTasksAsync(year, ct),
        };
    }
}

public abstract record PlanRecordResult
{
    public sealed record Recorded : PlanRecordResult;
    public sealed record AlreadyRecorded : PlanRecordResult;
    public sealed record NotFound(string Message) : PlanRecordResult;
    public sealed record Invalid(IReadOnlyList<string> Problems) : PlanRecordResult;
}

/// <summary>
/// For <c>POST /api/plan/{year}/events</c>, <c>POST /api/plan/{year}/events/{id}/disclosed</c> and
/// <c>POST /api/plan/{year}/tasks/{id}/complete</c>: checks the request against the plan before recording it.
/// </summary>
public sealed class PlanRecordsService(PlanService plans, IPlanRecords records, TimeProvider time)
{
    /// <summary>An event kind is a word of the plan (部门预算批复 …).</summary>
    public const int MaxEventKindLength = 64;
    /// <summary>The title of the decision or event: a line, like an item's 标题.</summary>
    public const int MaxEventTitleLength = SubmissionValidator.MaxTitleLength;

    public async Task<PlanRecordResult> RecordEventAsync(int year, RecordedEvent recorded, CancellationToken ct = default)
    {
        var plan = await plans.GetPlanAsync(year, ct);
        if (plan is null) return new PlanRecordResult.NotFound($"没有 {year} 年度计划");
        var problems = new List<string>();
        if (!ObligationIds.IsSafe(recorded.Id)) problems.Add("事件编号只能包含英文字母、数字、“-”“_”和“.”");
        // Kind is echoed in the answer and title is stored in the event's row: both are bounded and free of control characters.
        if (InputText.Problem("事件类型", recorded.Kind, MaxEventKindLength) is { } kindProblem) return new PlanRecordResult.Invalid([kindProblem]);
        if (InputText.Problem("事件标题", recorded.Title, MaxEventTitleLength) is { } titleProblem) problems.Add(titleProblem);
        var kinds = plan.Columns.SelectMany(c => c.Rules).OfType<WithinWorkingDaysOfEvent>().SelectMany(r => r.EventKinds).ToHashSet();
        if (!kinds.Contains(recorded.Kind)) problems.Add($"事件类型“{recorded.Kind}”不在计划中，可选：{string.Join("、", kinds.Order(StringComparer.Ordinal))}");
        if (recorded.OccurredOn.Year != year) problems.Add($"事件日期 {recorded.OccurredOn:yyyy-MM-dd} 不在 {year} 年");
        if (recorded.OccurredOn > ChinaTime.Today(time)) problems.Add("事件日期不能晚于今天");
        if (problems.Count > 0) return new PlanRecordResult.Invalid(problems);
        return await records.RecordEventAsync(year, recorded, ct) ? new PlanRecordResult.Recorded() : new PlanRecordResult.AlreadyRecorded();
    }

    public async Task<PlanRecordResult> MarkEventDisclosedAsync(int year, string eventId, DateOnly disclosedOn, CancellationToken ct = default)
        => await records.MarkEventDisclosedAsync(year, eventId, disclosedOn, ct)
            ? new PlanRecordResult.Recorded()
            : new PlanRecordResult.NotFound($"{year} 年没有编号为 {eventId} 的事件");

    public async Task<PlanRecordResult> CompleteTaskAsync(int year, string taskId, CancellationToken ct = default)
    {
        var plan = await plans.GetPlanAsync(year, ct);
        if (plan?.Phases.SelectMany(p => p.Tasks).Any(t => t.Id == taskId) != true)
            return new PlanRecordResult.NotFound($"{year} 年度计划中没有编号为 {taskId} 的任务");
        await records.CompleteTaskAsync(year, taskId, ChinaTime.Today(time), ct);
        return new PlanRecordResult.Recorded();
    }
}
