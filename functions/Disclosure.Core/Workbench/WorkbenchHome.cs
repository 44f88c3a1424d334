using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Items;

namespace Disclosure.Workbench;

/// <summary>
/// What waits for one signed-in person, by their roles, counted from the stores when the page is opened: the
/// department's items that came back (已退回, 检查失败), the review steps this person may sign, the applications on their
/// clock. Null counts are tasks the person's roles do not include. <see cref="DueSoonWorkingDays"/> says what "due soon"
/// meant for <see cref="ApplicationsDueSoon"/>: the first reminder's lead time as configured.
/// <see cref="ApplicationsDueEstimated"/> are open applications whose due date, or the working days left until it, was
/// counted Monday to Friday across a year the calendar has no arrangement for (they are in the other counts by that
/// estimate); <see cref="EstimatedBecause"/> says which year, in the register's words.
/// </summary>
public sealed record WorkbenchTasks(
    int? ReturnedToDepartment,
    int? CheckFailedInDepartment,
    int? WaitingForMyStep,
    int? OpenApplications,
    int? ApplicationsDueSoon,
    int? ApplicationsOverdue,
    int? DueSoonWorkingDays = null,
    int? ApplicationsDueEstimated = null,
    string EstimatedBecause = "")
{
    /// <summary>For administrators: this year and the next with whether their holiday arrangement is in the calendar.</summary>
    public IReadOnlyList<CalendarYearLink> CalendarYears { get; init; } = [];
}

/// <summary>A year's holiday arrangement on the administrators' home page: where to enter it, and whether it is missing.</summary>
[PageModel]
public sealed record CalendarYearLink(int Year, string Url, bool Missing);

/// <summary>Counts the home page's tasks for a person (<see cref="WorkbenchTasks"/>).</summary>
public sealed class WorkbenchHomeService(
    IItemStore items, ReviewService reviews, ApplicationService applications, WorkingDayCalendar calendar, ApplicationOptions options, TimeProvider time)
{
    /// <summary>
    /// An application is "due soon" when its reply is due within the first reminder's lead time as configured
    /// (<c>Applications__FirstReminderWorkingDays</c>), so the count and the reminders staff receive agree.
    /// </summary>
    public int DueSoonWorkingDays => options.ReminderWorkingDays.Max();

    public async Task<WorkbenchTasks> CountAsync(Principal who, CancellationToken ct)
    {
        int? returned = null, checkFailed = null, waiting = null, open = null, dueSoon = null, overdue = null, estimated = null;
        var because = new SortedSet<string>(StringComparer.Ordinal);
        if (who.MaySubmit && who.DepartmentCode is { } department)
        {
            returned = await CountAsync(new ItemQuery(department, ItemState.Returned), ct);
            checkFailed = await CountAsync(new ItemQuery(department, ItemState.CheckFailed), ct);
        }
        if (who.TakesReviewSteps)
            waiting = await reviews.CountWaitingForAsync(who, ct);

        // The office handles every application; a department those assigned to it (the register's own rule).
        var mine = (await applications.ListAsync(who, new ApplicationFilter(), ct)).Where(a => !a.IsConcluded).ToList();
        if (who.IsReviewer || mine.Count > 0)
        {
            var today = ChinaTime.Today(time);
            open = mine.Count;
            overdue = 0;
            dueSoon = 0;
            estimated = 0;
            foreach (var a in mine)
            {
                var reading = applications.Clock.Read(a);
                // A date (or the working days left until it) that needs a year without the State Council's arrangement is
                // counted by its Monday–Friday estimate, and the estimates are counted apart with the register's reason.
                if (Estimated(reading, today) is { Count: > 0 } years)
                {
                    estimated++;
                    because.Add(CalendarTexts.Estimated(years));
                }
                if (reading.DueOn is { } due && due < today) overdue++;
                // Due soon exactly when the reminders owe a notice of the reply's due date today: one rule, not two.
                else if (ApplicationReminders.Due(a, reading, calendar, today, options.ReminderWorkingDays).Any(r => r.What == "dueOn")) dueSoon++;
            }
        }
        var thisYear = ChinaTime.Today(time).Year;
        return new WorkbenchTasks(returned, checkFailed, waiting, open, dueSoon, overdue, open is null ? null : DueSoonWorkingDays,
            estimated, string.Join("；", because))
        {
            CalendarYears = who.IsAdministrator
                ? [.. new[] { thisYear, thisYear + 1 }.Select(y => new CalendarYearLink(y, CalendarTexts.PagePath(y), !calendar.HasDataFor(y)))]
                : [],
        };
    }

    /// <summary>
    /// The years without an arrangement that the reply's due date, or the working days from today to it, was counted
    /// across; empty when both are exact. A clock stopped for 补正 or a pause has no date for a lawful reason.
    /// </summary>
    private IReadOnlyList<int> Estimated(ClockReading reading, DateOnly today)
    {
        if (reading.DueOn is not { } due) return [];
        calendar.WorkingDaysBetween(today, due).ValueOrEstimate(out var ahead);
        return [.. reading.EstimatedYearsOf(due).Union(ahead).Order()];
    }

    private async Task<int> CountAsync(ItemQuery query, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in items.ListAsync(query, ct)) count++;
        return count;
    }
}

/// <summary>The staff home page: the tasks of the person's roles with their counts, and the 立即发布 button's form token.</summary>
[PageModel]
public sealed record WorkbenchHomeModel(
    bool IsSubmitter, bool TakesReviewSteps, bool IsReviewer, bool IsAdministrator, bool SeesApplications,
    int ReturnedToDepartment, int CheckFailedInDepartment, int WaitingForMyStep,
    int OpenApplications, int ApplicationsDueSoon, int ApplicationsOverdue, int DueSoonWorkingDays,
    int ApplicationsDueEstimated, string EstimatedBecause, IReadOnlyList<CalendarYearLink> CalendarYears,
    int Year, string FormToken)
{
    public const string Template = "workbench-home";
    public const string Title = "工作台首页";

    public static WorkbenchHomeModel Build(Principal who, WorkbenchTasks tasks, int year, string formToken) => new(
        who.MaySubmit, who.TakesReviewSteps, who.IsReviewer, who.IsAdministrator, tasks.OpenApplications is not null,
        tasks.ReturnedToDepartment ?? 0, tasks.CheckFailedInDepartment ?? 0, tasks.WaitingForMyStep ?? 0,
        tasks.OpenApplications ?? 0, tasks.ApplicationsDueSoon ?? 0, tasks.ApplicationsOverdue ?? 0, tasks.DueSoonWorkingDays ?? 0,
        tasks.ApplicationsDueEstimated ?? 0, tasks.EstimatedBecause, tasks.CalendarYears,
        year, formToken);
}
