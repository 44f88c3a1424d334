using Disclosure.Calendar;

namespace Disclosure.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    private static CalendarAnswer<T> Known<T>(T value) => CalendarAnswer<T>.Of(value);

    [Theory]
    [InlineData(2024, 251)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Working_days_per_year_match_the_State_Council_notices(int year, int expected)
        => Assert.Equal(Known(expected), Calendar.WorkingDaysInYear(year));

    [Fact]
    public void Weekend_working_day_counts_and_National_Day_does_not()
    {
        Assert.Equal(Known(true), Calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));   // Saturday, 调休上班
        Assert.Equal(Known(false), Calendar.IsWorkingDay(new DateOnly(2026, 10, 5)));   // Monday, 国庆
        Assert.Equal(Known(false), Calendar.IsWorkingDay(new DateOnly(2026, 2, 16)));   // 春节
        Assert.Equal(Known(true), Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));    // Saturday, 调休上班
    }

    [Fact]
    public void Twentieth_working_day_after_a_Friday_before_National_Day_counts_the_Sunday_working_day()
    {
        // holidays.md's prose example skips Sunday 2026-09-20, but its own 2026 data (国办发明电〔2025〕7号)
        // makes that Sunday a working day (调休 for 中秋). The data wins.
        var formed = new DateOnly(2026, 9, 18);
        Assert.Equal(Known(new DateOnly(2026, 9, 20)), Calendar.AddWorkingDays(formed, 1));
        Assert.Equal(Known(new DateOnly(2026, 9, 24)), Calendar.AddWorkingDays(formed, 5));
        Assert.Equal(Known(new DateOnly(2026, 9, 30)), Calendar.AddWorkingDays(formed, 8));
        Assert.Equal(Known(new DateOnly(2026, 10, 8)), Calendar.AddWorkingDays(formed, 9));
        Assert.Equal(Known(new DateOnly(2026, 10, 10)), Calendar.AddWorkingDays(formed, 11));
        Assert.Equal(Known(new DateOnly(2026, 10, 22)), Calendar.AddWorkingDays(formed, 20));
        Assert.Equal(Known(20), Calendar.WorkingDaysBetween(formed, new DateOnly(2026, 10, 22)));
    }

    [Fact]
    public void A_year_without_data_is_reported_and_its_Monday_to_Friday_estimate_said_apart()
    {
        // holidays.md: a year with no State Council notice must be reported (fall back to Monday–Friday and say so), never
        // silently assumed. Every count into 2027 answers Unknown naming 2027, the estimate beside it, never as a value.
        Assert.False(Calendar.HasDataFor(2027));
        Assert.Equal([2027], Calendar.YearsWithoutData(new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 10)));
        Assert.Equal(CalendarAnswer<bool>.Missing([2027], true), Calendar.IsWorkingDay(new DateOnly(2027, 1, 1))); // 元旦, a Friday
        Assert.Equal(CalendarAnswer<bool>.Missing([2027], false), Calendar.IsWorkingDay(new DateOnly(2027, 1, 2)));
        Assert.Equal(CalendarAnswer<int>.Missing([2027], 261), Calendar.WorkingDaysInYear(2027));
        // 9 working days left in December 2026 (known), then 1, 4–8 and 11–15 January 2027 by the estimate.
        Assert.Equal(CalendarAnswer<DateOnly>.Missing([2027], new DateOnly(2027, 1, 15)), Calendar.AddWorkingDays(new DateOnly(2026, 12, 20), 20));
        Assert.Equal(CalendarAnswer<int>.Missing([2027], 11), Calendar.WorkingDaysBetween(new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 4)));
        Assert.False(Calendar.AddWorkingDays(new DateOnly(2026, 12, 20), 20).TryGetValue(out _, out var missing));
        Assert.Equal([2027], missing);
        Assert.Equal(new DateOnly(2027, 1, 15), Calendar.AddWorkingDays(new DateOnly(2026, 12, 20), 20).ValueOrEstimate(out var estimated));
        Assert.Equal([2027], estimated);
    }

    [Fact]
    public void A_year_added_replaces_the_estimate_with_its_arrangement()
    {
        // A made-up arrangement for 2027 (this test's, not the State Council's): 1 January off, Saturday 9 January worked.
        var withYear = new WorkingDayCalendar([.. Calendar.Years.Select(y => Calendar.DataFor(y)!),
            new HolidayYear(2027, "测试用安排", [new DateOnly(2027, 1, 1)], [new DateOnly(2027, 1, 9)])]);
        Assert.Equal(CalendarAnswer<DateOnly>.Missing([2027], new DateOnly(2027, 1, 1)), Calendar.AddWorkingDays(new DateOnly(2026, 12, 20), 10));
        Assert.Equal(CalendarAnswer<DateOnly>.Of(new DateOnly(2027, 1, 4)), withYear.AddWorkingDays(new DateOnly(2026, 12, 20), 10));
        Assert.Equal(CalendarAnswer<int>.Of(6), withYear.WorkingDaysBetween(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 10)));
    }

    [Fact]
    public void A_count_that_stays_inside_known_years_is_given_even_near_a_missing_year()
    {
        Assert.Equal(Known(new DateOnly(2026, 12, 31)), Calendar.AddWorkingDays(new DateOnly(2026, 12, 30), 1));
        Assert.Equal(Known(2), Calendar.WorkingDaysBetween(new DateOnly(2026, 12, 29), new DateOnly(2026, 12, 31)));
        Assert.Equal(Known(0), Calendar.WorkingDaysBetween(new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 5)));
    }

    [Fact]
    public void The_answer_for_a_missing_year_says_what_to_add()
    {
        var text = Calendar.AddWorkingDays(new DateOnly(2026, 12, 20), 20)
            .Match(d => d.ToString(), years => CalendarTexts.Incalculable(years) + "。" + CalendarTexts.WhatToAdd(years));
        Assert.StartsWith("无法计算：缺少2027年节假日安排", text);
        Assert.Contains("Data/calendar/", text);
        Assert.Contains("2027.json", text);
    }

    [Fact]
    public void A_new_year_is_loaded_from_data_without_code_change()
    {
        var dir = Directory.CreateTempSubdirectory();
        File.WriteAllText(Path.Combine(dir.FullName, "2027.json"), """{"year":2027,"source":"测试","holidays":["2027-01-01"],"workdays":["2027-01-02"]}""");
        var calendar = WorkingDayCalendar.LoadFromDirectory(dir.FullName);
        Assert.True(calendar.HasDataFor(2027));
        Assert.Equal(Known(false), calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.Equal(Known(true), calendar.IsWorkingDay(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void A_data_file_with_a_date_of_another_year_is_refused()
        => Assert.Throws<FormatException>(() => HolidayYear.Parse("""{"year":2027,"source":"x","holidays":["2026-01-01"],"workdays":[]}"""));
}
