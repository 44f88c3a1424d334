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
/// <see cref="ApplicationsDueIncalculable"/> are open applications whose due date, or the working days left until it,
/// needs a year the calendar has no arrangement for; <see cref="IncalculableBecause"/> says which year, in the register's words.
/// </summary>
public sealed record WorkbenchTasks(
    int? ReturnedToDepartment,
    int? CheckFailedInDepartment,
    int? WaitingForMyStep,
    int? OpenApplications,
    int? ApplicationsDueSoon,
    int? ApplicationsOverdue,
    int? DueSoonWorkingDays = null,
    int? ApplicationsDueIncalculable = null,
    string IncalculableBecause = "");

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
        int? returned = null, checkFailed = null, waiting = null, open = null, dueSoon = null, overdue = null, incalculable = null;
        var because = new SortedSet<string>(StringComparer.Ordinal);
        if (who.MaySubmit && who.DepartmentCode is { } department)
        {
            returned = await CountAsync(new ItemQuery(department, ItemState.Returned), ct);
            checkFailed = await CountAsync(new ItemQuery(department, ItemState.CheckFailed), ct);
        }
        if (who.TakesReviewSteps)
            waiting = (await reviews.ListQueueAsync(ct)).Count(e => ReviewService.WaitsFor(e, who));

        // The office handles every application; a department those assigned to it (the register's own rule).
        var mine = (await applications.ListAsync(who, new ApplicationFilter(), ct)).Where(a => !a.IsConcluded).ToList();
        if (who.IsReviewer || mine.Count > 0)
        {
            var today = ChinaTime.Today(time);
            open = mine.Count;
            overdue = 0;
            dueSoon = 0;
            incalculable = 0;
            foreach (var a in mine)
            {
                var reading = applications.Clock.Read(a);
                if (reading.DueOn is { } due && due < today) overdue++;
                // A date (or the working days left until it) that needs a year without the State Council's arrangement is
                // neither "due soon" nor "not due": it is unknown, and counted as such with the register's reason.
                else if (Incalculable(reading, today) is { } reason)
                {
                    incalculable++;
                    because.Add(reason);
                }
                // Due soon exactly when the reminders owe a notice of the reply's due date today: one rule, not two.
                else if (ApplicationReminders.Due(a, reading, calendar, today, options.ReminderWorkingDays).Any(r => r.What == "dueOn")) dueSoon++;
            }
        }
        return new WorkbenchTasks(returned, checkFailed, waiting, open, dueSoon, overdue, open is null ? null : DueSoonWorkingDays,
            incalculable, string.Join("；", because));
    }

    /// <summary>
    /// Why the reply's due date cannot be told for a running clock, or null: the clock's own problem (no date without the
    /// missing year's arrangement), or the working days from today to the date crossing such a year. A clock stopped for
    /// 补正 or a pause has no date for a lawful reason and is not counted here.
    /// </summary>
    private string? Incalculable(ClockReading reading, DateOnly today)
    {
        if (reading.DueOn is { } due)
            return calendar.WorkingDaysBetween(today, due).TryGetValue(out _, out var missing) ? null : CalendarTexts.Incalculable(missing);
        if (reading.AwaitingClarification || reading.PausedSince is not null) return null;
        return reading.Problems.Count > 0 ? string.Join("；", reading.Problems) : null;
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
    int ApplicationsDueIncalculable, string IncalculableBecause,
    int Year, string FormToken)
{
    public const string Template = "workbench-home";
    public const string Title = "工作台首页";

    public static WorkbenchHomeModel Build(Principal who, WorkbenchTasks tasks, int year, string formToken) => new(
        who.MaySubmit, who.TakesReviewSteps, who.IsReviewer, who.IsAdministrator, tasks.OpenApplications is not null,
        tasks.ReturnedToDepartment ?? 0, tasks.CheckFailedInDepartment ?? 0, tasks.WaitingForMyStep ?? 0,
        tasks.OpenApplications ?? 0, tasks.ApplicationsDueSoon ?? 0, tasks.ApplicationsOverdue ?? 0, tasks.DueSoonWorkingDays ?? 0,
        tasks.ApplicationsDueIncalculable ?? 0, tasks.IncalculableBecause,
        year, formToken);
}
