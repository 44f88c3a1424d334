using Disclosure.Calendar;

namespace Disclosure.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));

    [Theory]
    [InlineData(2024, 251)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Working_days_per_year_match_the_State_Council_notices(int year, int expected)
        => Assert.Equal(expected, Calendar.WorkingDaysInYear(year));

    [Fact]
    public void Weekend_working_day_counts_and_National_Day_does_not()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));   // Saturday, 调休上班
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 10, 5)));   // Monday, 国庆
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, 16)));   // 春节
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));    // Saturday, 调休上班
    }

    [Fact]
    public void Twentieth_working_day_after_a_Friday_before_National_Day_counts_the_Sunday_working_day()
    {
        // holidays.md's prose example skips Sunday 2026-09-20, but its own 2026 data (国办发明电〔2025〕7号)
        // makes that Sunday a working day (调休 for 中秋). The data wins.
        var formed = new DateOnly(2026, 9, 18);
        Assert.Equal(new DateOnly(2026, 9, 20), Calendar.AddWorkingDays(formed, 1));
        Assert.Equal(new DateOnly(2026, 9, 24), Calendar.AddWorkingDays(formed, 5));
        Assert.Equal(new DateOnly(2026, 9, 30), Calendar.AddWorkingDays(formed, 8));
        Assert.Equal(new DateOnly(2026, 10, 8), Calendar.AddWorkingDays(formed, 9));
        Assert.Equal(new DateOnly(2026, 10, 10), Calendar.AddWorkingDays(formed, 11));
        Assert.Equal(new DateOnly(2026, 10, 22), Calendar.AddWorkingDays(formed, 20));
        Assert.Equal(20, Calendar.WorkingDaysBetween(formed, new DateOnly(2026, 10, 22)));
    }

    [Fact]
    public void A_year_without_data_is_reported_and_counted_Monday_to_Friday()
    {
        Assert.False(Calendar.HasDataFor(2027));
        Assert.Equal([2027], Calendar.YearsWithoutData(new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 10)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));     // a Friday; 元旦 unknown until the notice is loaded
        Assert.Equal(261, Calendar.WorkingDaysInYear(2027));
    }

    [Fact]
    public void A_new_year_is_loaded_from_data_without_code_change()
    {
        var dir = Directory.CreateTempSubdirectory();
        File.WriteAllText(Path.Combine(dir.FullName, "2027.json"), """{"year":2027,"source":"测试","holidays":["2027-01-01"],"workdays":["2027-01-02"]}""");
        var calendar = WorkingDayCalendar.LoadFromDirectory(dir.FullName);
        Assert.True(calendar.HasDataFor(2027));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void A_data_file_with_a_date_of_another_year_is_refused()
        => Assert.Throws<FormatException>(() => HolidayYear.Parse("""{"year":2027,"source":"x","holidays":["2026-01-01"],"workdays":[]}"""));
}
