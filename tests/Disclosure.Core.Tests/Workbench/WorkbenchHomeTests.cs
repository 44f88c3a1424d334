using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Identity;
using Disclosure.Items;
using Disclosure.Tests.Compliance;
using Disclosure.Tests.Applications;
using Disclosure.Tests.Compliance.Flow;
using Disclosure.Workbench;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Workbench;

/// <summary>
/// The home page's counts come from the stores and follow the same rules as the pages they link to: a department's
/// 已退回 and 检查失败 items, the queue entries this person could sign now (not their own, not a step of another role),
/// the applications on their clock that are overdue or due within five working days.
/// </summary>
public class WorkbenchHomeTests
{
    // Friday 2026-11-20, 10:00 China time.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly WorkingDayCalendar _calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
    private readonly FlowHarness _flow = new();
    private readonly ApplicationService _register;
    private readonly WorkbenchHomeService _home;

    private static readonly Principal XmcClerk = new("王科员", "xmc", new HashSet<string> { Role.Submitter }) { Id = "oid-clerk" };
    private static readonly Principal Reviewer = new("李审核", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-reviewer" };
    private static readonly Principal Leader = new("王局长", "bgs", new HashSet<string> { Role.Leader }) { Id = "oid-leader" };

    public WorkbenchHomeTests()
    {
        var store = new InMemoryApplicationStore();
        _register = new ApplicationService(store, new ApplicationLifecycle(store, _time), new ApplicationClock(_calendar), new InMemoryIdempotencyStore(), RuleTestKit.Settings, new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), _time);
        _home = new WorkbenchHomeService(_flow.Items, _flow.Reviews, _register, _calendar, new ApplicationOptions(), _time);
    }

    private void Store(string id, string department, ItemState state, Func<DisclosureItem, DisclosureItem>? change = null)
    {
        var item = RuleTestKit.Item(i => i with { Id = id, DepartmentCode = department, State = state, SubmittedById = "oid-someone", SubmittedBy = "某人" });
        _flow.Items.Replace(change is null ? item : change(item));
    }

    [Fact]
    public async Task A_department_user_sees_its_own_returned_and_check_failed_items_and_no_review_or_application_counts()
    {
        Store("r1", "xmc", ItemState.Returned);
        Store("r2", "xmc", ItemState.Returned);
        Store("f1", "xmc", ItemState.CheckFailed);
        Store("other", "cgc", ItemState.Returned);
        Store("fine", "xmc", ItemState.Published);

        var tasks = await _home.CountAsync(XmcClerk, default);

        Assert.Equal(2, tasks.ReturnedToDepartment);
        Assert.Equal(1, tasks.CheckFailedInDepartment);
        Assert.Null(tasks.WaitingForMyStep);
        Assert.Null(tasks.OpenApplications);
    }

    [Fact]
    public async Task The_review_count_is_the_steps_this_person_may_sign_now_not_the_whole_queue()
    {
        // 公开办复审 waits: a reviewer's step.
        Store("notice", "xmc", ItemState.AwaitingReview);
        // The reviewer's own submission: nobody approves what they submitted (条例第十七条).
        Store("own", "bgs", ItemState.AwaitingReview, i => i with { SubmittedById = Reviewer.Id, SubmittedBy = Reviewer.Name });
        // A 行政规范性文件 the reviewer already signed: it waits for the 分管领导.
        Store("normative", "zcfgc", ItemState.AwaitingReview, i => i with
        {
            Genre = "行政规范性文件",
            ReviewSignatures = [new ReviewSignature("公开办复审", Reviewer.Id, Reviewer.Name, RuleTestKit.Now)],
        });
        // A withdrawal request: any reviewer decides it.
        Store("withdrawal", "xmc", ItemState.AwaitingReview, i => i with { WithdrawalRequested = true, WithdrawalRequestedById = "oid-clerk" });

        Assert.Equal(2, (await _home.CountAsync(Reviewer, default)).WaitingForMyStep);
        Assert.Equal(1, (await _home.CountAsync(Leader, default)).WaitingForMyStep);
    }

    private async Task<DisclosureApplication> LetterAsync(string receivedOn, string? department = null)
    {
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三丰", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            Phone = "13800000000", InformationSought = "2025年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = receivedOn,
        };
        var a = Assert.IsType<RegistrationResult.Registered>(await _register.RegisterAsync(Reviewer, true, draft, null, default)).Application;
        if (department is not null)
        {
            var assigned = new EventRequest { Id = Guid.NewGuid().ToString("N"), Kind = "assigned", On = DateOnly.Parse(receivedOn), Department = department };
            Assert.IsType<EventResult.Recorded>(await _register.RecordAsync(a.Id, Reviewer, assigned, default));
        }
        return a;
    }

    [Fact]
    public async Task Applications_are_counted_open_due_within_five_working_days_and_overdue_by_the_calendar()
    {
        var overdue = await LetterAsync("2026-09-01", "xmc");
        var soon = await LetterAsync("2026-10-26");
        var later = await LetterAsync("2026-11-16");
        var today = ChinaTime.Today(_time);
        // The dates as the register's clock gives them (the 调休 calendar), so the test says which is which.
        Assert.True(_register.Clock.Read(overdue).DueOn < today);
        var soonLeft = _calendar.WorkingDaysBetween(today, _register.Clock.Read(soon).DueOn!.Value);
        Assert.True(soonLeft.TryGetValue(out var left, out _) && left <= 5, $"{soon.Number} 剩余 {left} 个工作日");
        var laterLeft = _calendar.WorkingDaysBetween(today, _register.Clock.Read(later).DueOn!.Value);
        Assert.True(laterLeft.TryGetValue(out var left2, out _) && left2 > 5);

        var office = await _home.CountAsync(Reviewer, default);
        Assert.Equal((3, 1, 1), (office.OpenApplications, office.ApplicationsDueSoon, office.ApplicationsOverdue));

        // The handling department sees the one assigned to it; a department with none sees no applications task.
        var xmc = await _home.CountAsync(XmcClerk, default);
        Assert.Equal((1, 0, 1), (xmc.OpenApplications, xmc.ApplicationsDueSoon, xmc.ApplicationsOverdue));
        var cgc = await _home.CountAsync(XmcClerk with { DepartmentCode = "cgc" }, default);
        Assert.Null(cgc.OpenApplications);
        Assert.Equal(5, office.DueSoonWorkingDays);

        // With the first reminder configured at the later one's remaining working days, it is due soon too, and the
        // page says so: the count follows the lead time the reminders use, not the default.
        var configured = new WorkbenchHomeService(_flow.Items, _flow.Reviews, _register, _calendar,
            new ApplicationOptions { FirstReminderWorkingDays = left2 }, _time);
        var earlier = await configured.CountAsync(Reviewer, default);
        Assert.Equal((3, 2, 1, left2), (earlier.OpenApplications, earlier.ApplicationsDueSoon, earlier.ApplicationsOverdue, earlier.DueSoonWorkingDays));
    }

    /// <summary>
    /// Issue 17's untested edge: an application whose reply is due in a year the calendar has no State Council arrangement
    /// for is due on a Monday–Friday estimate (holidays.md). The home page counts it by that estimate (due soon when the
    /// estimate is near) and counts the estimates apart with the missing year, so staff see the date needs the calendar.
    /// </summary>
    [Fact]
    public async Task An_application_due_in_a_year_without_a_calendar_is_counted_by_its_estimate_and_counted_apart_with_the_missing_year()
    {
        // Monday 2026-12-21, 10:00 China time: 20 working days from 14 December end in 2027, which has no calendar file.
        var december = new FakeTimeProvider(new DateTimeOffset(2026, 12, 21, 2, 0, 0, TimeSpan.Zero));
        var store = new InMemoryApplicationStore();
        var register = new ApplicationService(store, new ApplicationLifecycle(store, december), new ApplicationClock(_calendar), new InMemoryIdempotencyStore(),
            RuleTestKit.Settings, new InMemoryIdentityProofStore(), ApplicantNoticeParts.Notices(), december);
        var home = new WorkbenchHomeService(_flow.Items, _flow.Reviews, register, _calendar, new ApplicationOptions(), december);
        var draft = new ApplicationDraft
        {
            ApplicantKind = "natural-person", Name = "张三丰", IdDocumentType = "居民身份证", IdDocumentNumber = "110109199003071234",
            Phone = "13800000000", InformationSought = "2026年度市级科技计划项目立项清单", DeliveryForm = "电子邮件",
            Channel = "letter", ReceivedOn = "2026-12-14",
        };
        var a = Assert.IsType<RegistrationResult.Registered>(await register.RegisterAsync(Reviewer, true, draft, null, default)).Application;
        Assert.Equal(new DateOnly(2027, 1, 11), register.Clock.Read(a).DueOn); // the register's own estimate
        Assert.True(register.Clock.Read(a).IsEstimate(register.Clock.Read(a).DueOn));

        var tasks = await home.CountAsync(Reviewer, default);

        Assert.Equal((1, 0, 0, 1), (tasks.OpenApplications, tasks.ApplicationsDueSoon, tasks.ApplicationsOverdue, tasks.ApplicationsDueEstimated));
        var page = new WorkbenchPages().Render(WorkbenchHomeModel.Template, WorkbenchHomeModel.Title, WorkbenchHomeModel.Build(Reviewer, tasks, 2026, "token-1"),
            new PageChrome("市科学技术局", Reviewer.Name, "", true) { TakesReviewSteps = true });
        Assert.Contains("到期日为估算的 1 件（估算：缺少2027年节假日安排，按周一至周五计算）", page);
        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["home-estimated.html"] = page }));

        // Tuesday 5 January 2027: 4 working days to the estimated date, within the first reminder's 5: due soon.
        december.SetUtcNow(new DateTimeOffset(2027, 1, 5, 2, 0, 0, TimeSpan.Zero));
        var january = await home.CountAsync(Reviewer, default);
        Assert.Equal((1, 1, 0, 1), (january.OpenApplications, january.ApplicationsDueSoon, january.ApplicationsOverdue, january.ApplicationsDueEstimated));
    }

    [Fact]
    public async Task The_home_page_shows_the_tasks_of_the_persons_roles_only_and_is_valid_html()
    {
        Store("r1", "xmc", ItemState.Returned);
        var pages = new WorkbenchPages();
        string Render(Principal who, WorkbenchTasks tasks) => pages.Render(WorkbenchHomeModel.Template, WorkbenchHomeModel.Title,
            WorkbenchHomeModel.Build(who, tasks, 2026, "token-1"), new PageChrome("市科学技术局", who.Name, "", who.IsReviewer) { IsAdministrator = who.IsAdministrator, TakesReviewSteps = who.TakesReviewSteps });

        var clerk = Render(XmcClerk, await _home.CountAsync(XmcClerk, default));
        Assert.Contains("已退回 1 条", clerk);
        Assert.DoesNotContain("/api/reviews\"", clerk[clerk.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("立即发布", clerk);

        var admin = new Principal("赵管理", "bgs", new HashSet<string> { Role.Administrator }) { Id = "oid-admin" };
        var adminPage = Render(admin, await _home.CountAsync(admin, default));
        Assert.Contains("<input type=\"hidden\" name=\"formToken\" value=\"token-1\">", adminPage);
        Assert.Contains("<button type=\"submit\">立即发布</button>", adminPage);
        Assert.Contains("待您签署 0 条", adminPage);
        // Every part of the plan that takes new entries has its form, linked from the administrator's home page and never
        // from a clerk's (栏目 come from the catalogue: the plan page links each one's form).
        foreach (var part in Disclosure.Plan.PlanPart.All.Where(p => p.CanAdd))
        {
            Assert.Contains($"href=\"/api/plan/2026/edit/{part.Name}\"", adminPage);
            Assert.DoesNotContain($"/api/plan/2026/edit/{part.Name}", clerk);
        }

        Assert.Empty(await NuHtmlChecker.CheckAsync(new Dictionary<string, string> { ["clerk.html"] = clerk, ["admin.html"] = adminPage }));
    }
}
