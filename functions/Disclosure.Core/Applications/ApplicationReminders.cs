using Disclosure.Calendar;
using Disclosure.Notifications;
using Disclosure.Plan;

namespace Disclosure.Applications;

/// <summary>One reminder the register owes today: about which application, which date, how near (5, 1, overdue).</summary>
public sealed record ApplicationReminder(DisclosureApplication Application, string What, DateOnly Date, string Threshold)
{
    /// <summary>Claimed in the outbox with its message, so a second run (or host) never repeats it.</summary>
    public string Key => $"application|{Application.Id}|{What}|{Date:yyyyMMdd}|{Threshold}";

    /// <summary>The years without a holiday arrangement <see cref="Date"/> was counted across Monday to Friday; empty when exact.</summary>
    public IReadOnlyList<int> EstimatedYears { get; init; } = [];
}

/// <summary>
/// Reminders of the legal clock through the existing outbox: to the handling department and the disclosure office
/// when <c>clarifyBy</c> or <c>dueOn</c> is 5 and then 1 working day away, and to the leadership group as well once
/// <c>dueOn</c> has passed. A notice names the application by its number and what is due; never the applicant (their
/// name and identity number are for the office alone).
/// </summary>
public sealed class ApplicationReminders(
    ApplicationService applications, ApplicationClock clock, PlanService plans, IReminderLedger ledger, INotifier notifier,
    ApplicationOptions options)
{
    /// <summary>The lead times when none are set (<see cref="ApplicationOptions.ReminderWorkingDays"/>).</summary>
    public static readonly int[] Thresholds = [ApplicationOptions.DefaultFirstReminderWorkingDays, ApplicationOptions.DefaultSecondReminderWorkingDays];

    /// <summary>What is owed on <paramref name="today"/> for one application (pure: the clock and the calendar).</summary>
    public static IEnumerable<ApplicationReminder> Due(DisclosureApplication a, ClockReading reading, WorkingDayCalendar calendar, DateOnly today,
        IReadOnlyList<int>? leadTimes = null)
    {
        leadTimes ??= Thresholds;
        if (a.IsConcluded) yield break;
        var asked = a.Events.Any(e => e.Kind == ApplicationEventKind.ClarificationRequested);
        if (!asked && reading.ClarifyBy is { } clarifyBy && clarifyBy >= today && Threshold(calendar.WorkingDaysBetween(today, clarifyBy), leadTimes) is { } t1)
            yield return new ApplicationReminder(a, "clarifyBy", clarifyBy, t1) { EstimatedYears = reading.EstimatedYearsOf(clarifyBy) };
        if (reading.DueOn is { } due)
        {
            var estimated = reading.EstimatedYearsOf(due);
            if (due < today) yield return new ApplicationReminder(a, "dueOn", due, "overdue") { EstimatedYears = estimated };
            else if (Threshold(calendar.WorkingDaysBetween(today, due), leadTimes) is { } t2)
                yield return new ApplicationReminder(a, "dueOn", due, t2) { EstimatedYears = estimated };
        }
    }

    // A count across a year without a calendar reminds by its Monday–Friday estimate (said in the message): a missed
    // legal deadline costs more than a reminder a day or two early.
    private static string? Threshold(CalendarAnswer<int> workingDaysLeft, IReadOnlyList<int> leadTimes)
    {
        var left = workingDaysLeft.ValueOrEstimate(out _);
        return leadTimes.Where(t => left <= t).Select(t => t.ToString()).LastOrDefault();
    }

    /// <summary>Records today's reminders in the outbox; returns the ids of the messages recorded now.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        // As the plan's reminders do: a known rest day sends nothing; a day in a year without a calendar still reminds.
        if (clock.Calendar.IsWorkingDay(today).TryGetValue(out var working, out _) && !working) return [];
        var plan = await plans.GetPlanAsync(today.Year, ct);
        var office = plan?.Departments.FirstOrDefault(d => d.Code == options.OfficeDepartment);
        var recorded = new List<string>();
        foreach (var a in await applications.OpenAsync(ct))
        {
            foreach (var reminder in Due(a, clock.Read(a), clock.Calendar, today, options.ReminderWorkingDays))
            {
                var recipients = new List<(string Code, string Name, IReadOnlyList<ChannelAddress> Channels)>();
                if (office is not null) recipients.Add((office.Code, office.Name, office.Channels));
                if (plan?.Departments.FirstOrDefault(d => d.Code == a.Department && d.Code != office?.Code) is { } handling)
                    recipients.Add((handling.Code, handling.Name, handling.Channels));
                if (reminder.Threshold == "overdue" && plan is not null)
                    recipients.Add((LeadershipGroup.RecipientCode, plan.LeadershipGroup.Name, plan.LeadershipGroup.Channels));
                if (recipients.Count == 0) recipients.Add((options.OfficeDepartment, "政府信息公开工作机构", []));
                foreach (var (code, name, channels) in recipients)
                {
                    var key = reminder.Key;
                    if ((await ledger.FindRecordedKeysAsync(code, [key], ct)).Contains(key)) continue;
                    var message = Compose(reminder, today).Build($"{key}|{code}", code, name, channels, [key]);
                    if (await notifier.SendAsync(message, ct)) recorded.Add(message.Id);
                }
            }
        }
        return recorded;
    }

    internal static NotificationBuilder Compose(ApplicationReminder r, DateOnly today)
    {
        var what = r.What == "clarifyBy" ? "补正告知期限" : "答复期限";
        var subject = r.Threshold == "overdue"
            ? $"依申请公开 {r.Application.Number} 已超过答复期限（{r.Date:yyyy-MM-dd}）"
            : $"依申请公开 {r.Application.Number} 的{what}还剩 {r.Threshold} 个工作日以内（{r.Date:yyyy-MM-dd}）";
        var builder = new NotificationBuilder(subject);
        builder.Paragraph(r.Threshold == "overdue"
            ? $"申请 {r.Application.Number}（{r.Application.ReceivedOn:yyyy-MM-dd} 收到）的答复期限 {r.Date:yyyy-MM-dd} 已过，截至 {today:yyyy-MM-dd} 仍未办结。逾期答复是行政复议和行政诉讼中最常见的败诉理由，请立即办理。"
            : $"申请 {r.Application.Number}（{r.Application.ReceivedOn:yyyy-MM-dd} 收到）的{what}为 {r.Date:yyyy-MM-dd}。请在期限内办理并在登记簿中登记。");
        if (r.EstimatedYears.Count > 0)
            builder.Paragraph($"该日期为{CalendarTexts.Estimated(r.EstimatedYears)}，{CalendarTexts.ToBeFixed(r.EstimatedYears)}。{CalendarTexts.WhatToAdd(r.EstimatedYears)}");
        builder.Link("查看登记簿", $"/api/applications/{r.Application.Id}");
        return builder;
    }
}
