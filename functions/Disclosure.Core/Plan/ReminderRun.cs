using Disclosure.Calendar;
using Disclosure.Notifications;

namespace Disclosure.Plan;

public sealed record ReminderRunResult
{
    public required DateOnly Day { get; init; }
    public bool Skipped { get; init; }
    public string? SkipReason { get; init; }
    public IReadOnlyList<string> Recorded { get; init; } = [];
    public int Obligations { get; init; }
    public string? Warning { get; init; }
}

/// <summary>
/// The daily reminders (timer). Idempotent and at-least-once safe: a reminder key is claimed together with the
/// message that carries it, so a second run, a late run or a second host finds it claimed and sends nothing new.
/// </summary>
public sealed class ReminderRun(
    PlanService plans,
    IPublicationFacts published,
    WorkingDayCalendar calendar,
    IReminderLedger ledger,
    INotifier notifier,
    ReminderOptions options,
    Catalogue.CatalogueSettings? catalogue = null)
{
    private readonly ObligationCalculator _calculator = new(calendar, catalogue is null ? null : new Deadlines.ItemDeadlines(catalogue, calendar));
    private readonly DigestComposer _composer = new(options);

    public async Task<ReminderRunResult> RunAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var today = ChinaTime.DateOf(now);
        // Days off (weekends not made working days, 法定节假日) get no reminders; 调休 weekend working days do.
        // Without the year's State Council notice nobody knows whether today is a day off: run anyway — a missed reminder
        // is worse than one on a holiday nobody has entered yet — and say so in the result.
        if (calendar.IsWorkingDay(today).TryGetValue(out var working, out var missing) && !working)
            return new ReminderRunResult { Day = today, Skipped = true, SkipReason = "休息日" };
        var warning = missing.Count == 0 ? null : $"{CalendarTexts.Incalculable(missing)}：今天是否为工作日未知。{CalendarTexts.WhatToAdd(missing)}";
        var plan = await plans.GetPlanAsync(today.Year, ct);
        if (plan is null)
            return new ReminderRunResult { Day = today, Skipped = true, SkipReason = $"没有 {today.Year} 年度计划" };

        var facts = await published.LoadAsync(today.Year, today, ct);
        var obligations = _calculator.Calculate(plan, facts, today, options.LeadWorkingDays);
        var recorded = new List<string>();

        foreach (var department in plan.Departments)
        {
            var open = obligations.Where(o => o.Department == department.Code).ToList();
            if (open.Count == 0) continue;
            var keys = open.Select(o => Reminder.ForDepartment(o).Key).ToList();
            var id = await RecordFreshAsync(department.Code, keys,
                fresh => _composer.ForDepartment(plan, department, today, open, fresh), ct);
            if (id is not null) recorded.Add(id);
        }

        var escalations = obligations.Select(o => Reminder.Escalation(o, options.Thresholds)).OfType<Reminder>().ToList();
        if (escalations.Count > 0)
        {
            var id = await RecordFreshAsync(LeadershipGroup.RecipientCode, escalations.Select(e => e.Key).ToList(),
                fresh => _composer.ForLeadership(plan, today, escalations.Where(e => fresh.Contains(e.Key)).ToList()), ct);
            if (id is not null) recorded.Add(id);
        }

        return new ReminderRunResult { Day = today, Recorded = recorded, Obligations = obligations.Count, Warning = warning };
    }

    /// <summary>
    /// Composes from the keys not yet claimed and records. When another run claimed some keys in between, the
    /// record is refused as a whole; look again and compose from what is still unclaimed.
    /// </summary>
    private async Task<string?> RecordFreshAsync(string recipient, IReadOnlyList<string> keys,
        Func<IReadOnlySet<string>, Notification> compose, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claimed = await ledger.FindRecordedKeysAsync(recipient, keys, ct);
            var fresh = keys.Where(k => !claimed.Contains(k)).ToHashSet();
            if (fresh.Count == 0) return null;
            var notification = compose(fresh);
            if (await notifier.SendAsync(notification, ct)) return notification.Id;
        }
        throw new InvalidOperationException($"提醒记录连续冲突（{recipient}），本次运行放弃，下次运行将重试");
    }
}
