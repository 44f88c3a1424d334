using Disclosure.Applications;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Tests.Applications;

/// <summary>Table 三 from the register, and the 109号 fee by count.</summary>
public class RegisterFiguresTests
{
    private static int _serial;

    private static DisclosureApplication Application(ApplicantKind kind, string receivedOn, ApplicationState state = ApplicationState.InProgress,
        params ApplicationEvent[] events)
    {
        var received = DateOnly.Parse(receivedOn);
        return new DisclosureApplication
        {
            Id = Guid.NewGuid().ToString("N"), Number = new ApplicationNumber(received.Year, Interlocked.Increment(ref _serial)),
            Applicant = new Applicant(kind, "张三", "居民身份证", "110109199003071234", null, "a@example.com", null),
            InformationSought = "x", DeliveryForm = "纸质", Channel = ApplicationChannel.Letter, ReceivedOn = received, StatusToken = "t", State = state,
            Events = [new ApplicationEvent("r", ApplicationEventKind.Registered, received, "测试", DateTimeOffset.UnixEpoch), .. events],
        };
    }

    private static ApplicationEvent Reply(string on, ApplicationRow row)
        => new(Guid.NewGuid().ToString("N"), ApplicationEventKind.Replied, DateOnly.Parse(on), "测试", DateTimeOffset.UnixEpoch) { Outcome = row };

    [Fact]
    public void An_application_open_on_31_december_is_carried_forward_and_next_year_carried_over_then_counted_in_its_outcome_row()
    {
        var open = Application(ApplicantKind.Business, "2025-12-15");
        var repliedLater = open with { State = ApplicationState.Replied, Events = [.. open.Events, Reply("2026-01-12", ApplicationRow.PartlyDisclosed)] };
        var thisYear = Application(ApplicantKind.NaturalPerson, "2026-03-02", ApplicationState.Replied, Reply("2026-03-20", ApplicationRow.Disclosed));
        var stillOpen = Application(ApplicantKind.NaturalPerson, "2026-12-20");

        var y2025 = RegisterFigures.TableThree(2025, [open]);
        Assert.Equal(1, y2025[ApplicationRow.NewThisYear].Businesses);
        Assert.Equal(1, y2025[ApplicationRow.CarriedForward].Businesses);

        var y2026 = RegisterFigures.TableThree(2026, [repliedLater, thisYear, stillOpen]);
        Assert.Equal(1, y2026[ApplicationRow.CarriedOver].Businesses);
        Assert.Equal(1, y2026[ApplicationRow.PartlyDisclosed].Businesses);
        Assert.Equal(2, y2026[ApplicationRow.NewThisYear].NaturalPersons);
        Assert.Equal(1, y2026[ApplicationRow.Disclosed].NaturalPersons);
        Assert.Equal(1, y2026[ApplicationRow.CarriedForward].NaturalPersons);
        Assert.False(y2026.ContainsKey(ApplicationRow.CarriedForward) && y2026[ApplicationRow.CarriedForward].Businesses > 0);

        // 新收 + 上年结转 = 总计 + 结转下年度, per column.
        var table = new ApplicationTable(y2026);
        foreach (var column in ApplicationTable.Columns)
            Assert.Equal(table.Value(ApplicationRow.NewThisYear, column) + table.Value(ApplicationRow.CarriedOver, column),
                table.Value(ApplicationRow.ResultTotal, column) + table.Value(ApplicationRow.CarriedForward, column));
    }

    [Fact]
    public void Applications_concluded_without_a_reply_count_in_row_six()
    {
        var lapsed = Application(ApplicantKind.LegalServiceProvider, "2026-03-02", ApplicationState.Lapsed,
            new ApplicationEvent("c", ApplicationEventKind.ClarificationRequested, new DateOnly(2026, 3, 3), "测试", DateTimeOffset.UnixEpoch),
            new ApplicationEvent("l", ApplicationEventKind.ClarificationLapsed, new DateOnly(2026, 3, 30), "测试", DateTimeOffset.UnixEpoch));
        var withdrawn = Application(ApplicantKind.LegalServiceProvider, "2026-03-02", ApplicationState.Withdrawn,
            new ApplicationEvent("w", ApplicationEventKind.Withdrawn, new DateOnly(2026, 3, 5), "测试", DateTimeOffset.UnixEpoch));

        var figures = RegisterFigures.TableThree(2026, [lapsed, withdrawn]);

        Assert.Equal(1, figures[ApplicationRow.OtherNoClarification].LegalServiceProviders);
        Assert.Equal(1, figures[ApplicationRow.OtherOther].LegalServiceProviders);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 100)]
    [InlineData(30, 100)]
    [InlineData(31, 200)]
    [InlineData(40, 200)]
    [InlineData(41, 300)]
    [InlineData(51, 400)]
    public void The_fee_by_count_follows_the_bands_of_109(int nth, int yuan) => Assert.Equal(yuan, ProcessingFee.ByCountYuan(nth));

    [Fact]
    public void The_11th_application_of_one_applicant_in_a_calendar_month_costs_100_yuan()
    {
        var march = Enumerable.Range(1, 11).Select(d => Application(ApplicantKind.NaturalPerson, $"2026-03-{d + 1:D2}")).ToList();
        var february = Application(ApplicantKind.NaturalPerson, "2026-02-27");
        var register = march.Append(february).ToList();

        Assert.Equal(11, ProcessingFee.NthInMonth(march[10], register));
        Assert.Equal(100, ProcessingFee.ByCountYuan(ProcessingFee.NthInMonth(march[10], register)));
        Assert.Equal(0, ProcessingFee.ByCountYuan(ProcessingFee.NthInMonth(march[9], register)));
        Assert.Equal(1, ProcessingFee.NthInMonth(february, register));
    }
}

/// <summary>Which reminders an application's clock owes on a day: 5 and 1 working days before, and overdue.</summary>
public class ApplicationReminderRulesTests
{
    private static readonly Disclosure.Calendar.WorkingDayCalendar Calendar = Disclosure.Calendar.WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    private static DisclosureApplication Received(string on) => new()
    {
        Id = "a", Number = new ApplicationNumber(2026, 1), Applicant = new Applicant(ApplicantKind.NaturalPerson, "张三", "居民身份证", "1", null, null, null),
        InformationSought = "x", DeliveryForm = "纸质", Channel = ApplicationChannel.Letter, ReceivedOn = DateOnly.Parse(on), StatusToken = "t",
    };

    [Theory]
    // Due 2026-10-14: on 9/30 six working days remain (10/8, 10/9, Saturday 10/10 worked, 10/12–10/14), on 10/8 five.
    [InlineData("2026-09-30", null)]
    [InlineData("2026-10-08", "5")]
    [InlineData("2026-10-12", "5")]
    [InlineData("2026-10-13", "1")]
    [InlineData("2026-10-14", "1")]
    [InlineData("2026-10-15", "overdue")]
    public void The_due_date_is_reminded_at_5_and_1_working_days_and_when_passed(string today, string? threshold)
    {
        var application = Received("2026-09-10");
        var clock = new ApplicationClock(Calendar);
        var due = ApplicationReminders.Due(application, clock.Read(application), Calendar, DateOnly.Parse(today)).Where(r => r.What == "dueOn").ToList();

        Assert.Equal(threshold, due.SingleOrDefault()?.Threshold);
    }

    [Theory]
    // The same due date with lead times of 8 and 3 working days (Applications__FirstReminderWorkingDays, __Second…).
    [InlineData("2026-09-30", "8")]
    [InlineData("2026-10-09", "8")]
    [InlineData("2026-10-10", "3")]
    [InlineData("2026-10-14", "3")]
    [InlineData("2026-10-15", "overdue")]
    public void The_due_date_is_reminded_at_the_lead_times_the_settings_give(string today, string? threshold)
    {
        var application = Received("2026-09-10");
        var clock = new ApplicationClock(Calendar);
        var options = new ApplicationOptions { FirstReminderWorkingDays = 8, SecondReminderWorkingDays = 3 };
        var due = ApplicationReminders.Due(application, clock.Read(application), Calendar, DateOnly.Parse(today), options.ReminderWorkingDays)
            .Where(r => r.What == "dueOn").ToList();

        Assert.Equal(threshold, due.SingleOrDefault()?.Threshold);
    }

    [Fact]
    public void Without_settings_the_lead_times_are_the_ones_reminders_always_had()
        => Assert.Equal(ApplicationReminders.Thresholds, new ApplicationOptions().ReminderWorkingDays);
}
