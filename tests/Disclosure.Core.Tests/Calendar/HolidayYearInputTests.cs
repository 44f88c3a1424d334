using Disclosure.Calendar;

namespace Disclosure.Tests.Calendar;

/// <summary>
/// A year's arrangement as an administrator types it from the State Council's notice (holidays.md: data added each
/// year without a code change): what is accepted, what is refused and why, and that the packaged years win.
/// </summary>
public class HolidayYearInputTests
{
    private const string Statutory = "2027-01-01\n2027-05-01 至 2027-05-05\n2027-10-01 至 2027-10-07";

    [Fact]
    public void Dates_and_ranges_in_the_forms_a_notice_is_pasted_in_are_read_as_one_sorted_list()
    {
        var (year, errors) = HolidayYearInput.Parse(2027, "  国办发明电〔2026〕X号 ",
            "２０２７－１０－０１～２０２７－１０－０７\n\n2027年1月1日\r\n2027/5/1 到 2027/5/5\n2027-02-06—2027-02-13\n2027-01-01", "2027-02-20\n2027-10-09");

        Assert.Empty(errors);
        Assert.Equal("国办发明电〔2026〕X号", year!.Source);
        Assert.Equal(1 + 5 + 8 + 7, year.Holidays.Count); // 1 January given twice, kept once
        Assert.Equal(new DateOnly(2027, 1, 1), year.Holidays[0]);
        Assert.Equal([new DateOnly(2027, 2, 20), new DateOnly(2027, 10, 9)], year.Workdays);
        Assert.Equal("2027-01-01\n2027-02-06 至 2027-02-13\n2027-05-01 至 2027-05-05\n2027-10-01 至 2027-10-07", HolidayYearInput.Lines(year.Holidays));
    }

    public static TheoryData<string, string, string, string, string> Refusals() => new()
    {
        { "", Statutory, "", HolidayYearInput.SourceField, "请填写通知的文号" },
        { "国办\u202E发明电", Statutory, "", HolidayYearInput.SourceField, "控制字符（U+202E" },
        { "x", Statutory + "\n2027-02-30", "", HolidayYearInput.HolidaysField, "第 4 行“2027-02-30”不是日期" },
        { "x", Statutory + "\n2026-12-31", "", HolidayYearInput.HolidaysField, "第 4 行不在 2027 年内" },
        { "x", Statutory + "\n2027-02-13 至 2027-02-06", "", HolidayYearInput.HolidaysField, "应从早到晚" },
        { "x", Statutory + "\n2027-07-01 至 2027-07-31", "", HolidayYearInput.HolidaysField, "不超过 15 天" },
        { "x", "2027-05-01\n2027-10-01", "", HolidayYearInput.HolidaysField, "没有元旦（1月1日）" },
        { "x", "", "", HolidayYearInput.HolidaysField, "请填写放假日" },
        { "x", Statutory, "2027-02-08", HolidayYearInput.WorkdaysField, "2027年2月8日 是星期一" },
        { "x", Statutory + "\n2027-02-06", "2027-02-06", HolidayYearInput.WorkdaysField, "不能既是放假日又是调休上班日" },
        { "x", Statutory, "2027-02-06\u0007", HolidayYearInput.WorkdaysField, "控制字符（U+0007" },
        { "x", Statutory + "\n" + string.Join("\n", Enumerable.Range(1, 40).Select(d => new DateOnly(2027, 3, 1).AddDays(d).ToString("yyyy-MM-dd"))), "",
            HolidayYearInput.HolidaysField, "多于通知会有的 45 天" },
        { "x", Statutory + new string('\n', HolidayYearInput.MaxListLength), "", HolidayYearInput.HolidaysField, "不能超过 4000 个字符" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void What_no_notice_says_is_refused_naming_the_field(string source, string holidays, string workdays, string field, string message)
    {
        var (year, errors) = HolidayYearInput.Parse(2027, source, holidays, workdays);

        Assert.Null(year);
        Assert.Contains(errors, e => e.FieldId == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_year_outside_the_range_is_refused()
        => Assert.Null(HolidayYearInput.Parse(1999, "x", Statutory.Replace("2027", "1999"), "").Year);

    [Fact]
    public void An_added_year_is_used_at_once_and_a_packaged_year_is_never_replaced()
    {
        var calendar = WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"));
        var added = HolidayYearInput.Parse(2027, "测试用安排", "2027-01-01 至 2027-01-03\n2027-05-01\n2027-10-01", "").Year!;
        var counterfeit2026 = new HolidayYear(2026, "伪造", [], []); // would make 1 January 2026 a working day

        calendar.UseAddedYears([added, counterfeit2026]);

        Assert.True(calendar.HasDataFor(2027));
        Assert.Equal(CalendarAnswer<DateOnly>.Of(new DateOnly(2027, 1, 4)), calendar.AddWorkingDays(new DateOnly(2026, 12, 31), 1));
        Assert.Equal("国办发明电〔2025〕7号", calendar.DataFor(2026)!.Source);
        Assert.Equal(CalendarAnswer<bool>.Of(false), calendar.IsWorkingDay(new DateOnly(2026, 1, 1)));

        calendar.UseAddedYears([]); // the added year withdrawn: estimates again
        Assert.False(calendar.HasDataFor(2027));
    }
}
