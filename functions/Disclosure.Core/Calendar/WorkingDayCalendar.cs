using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Disclosure.Calendar;

/// <summary>
/// Chinese working days (holidays.md): Monday–Friday, minus the days off of the State Council's yearly notice,
/// plus the weekend days it makes working days (调休). Each year is data. A year without data is never silently assumed:
/// every count that reaches into it answers <see cref="CalendarAnswer{T}.Unknown"/> naming the missing years, with the
/// Monday–Friday estimate beside them (holidays.md), and the caller must say which it shows (<see cref="CalendarTexts"/>).
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>The years known at one moment; replaced whole, so a count never mixes two versions.</summary>
    private sealed record Known(FrozenDictionary<int, HolidayYear> Years, FrozenSet<DateOnly> Holidays, FrozenSet<DateOnly> Workdays)
    {
        public static Known Of(IReadOnlyCollection<HolidayYear> years) => new(
            years.ToFrozenDictionary(y => y.Year), years.SelectMany(y => y.Holidays).ToFrozenSet(), years.SelectMany(y => y.Workdays).ToFrozenSet());
    }

    private readonly FrozenDictionary<int, HolidayYear> _packaged;
    private volatile Known _known;

    /// <param name="years">The years shipped with the program (<c>Data/calendar</c>); see <see cref="UseAddedYears"/> for the others.</param>
    public WorkingDayCalendar(IEnumerable<HolidayYear> years)
    {
        _packaged = years.ToFrozenDictionary(y => y.Year);
        _known = Known.Of(_packaged.Values);
    }

    public IReadOnlyCollection<int> Years => _known.Years.Keys;

    public bool HasDataFor(int year) => _known.Years.ContainsKey(year);

    public HolidayYear? DataFor(int year) => _known.Years.GetValueOrDefault(year);

    /// <summary>Whether <paramref name="year"/> ships with the program: such a year is not replaced by an added one.</summary>
    public bool IsPackaged(int year) => _packaged.ContainsKey(year);

    /// <summary>
    /// The years an administrator added while the program runs (holidays.md: "added each year without a code change"),
    /// beside the packaged ones, which win for a year both have. Replaces the previous added years at once.
    /// </summary>
    public void UseAddedYears(IEnumerable<HolidayYear> added)
        => _known = Known.Of([.. _packaged.Values, .. added.Where(y => !IsPackaged(y.Year)).DistinctBy(y => y.Year)]);

    /// <summary>Whether <paramref name="day"/> is a working day; unknown in a year whose notice is not loaded (元旦 may fall on a Friday).</summary>
    public CalendarAnswer<bool> IsWorkingDay(DateOnly day)
    {
        var known = _known;
        var working = IsWorkingDayOrEstimate(known, day);
        return known.Years.ContainsKey(day.Year) ? CalendarAnswer<bool>.Of(working) : CalendarAnswer<bool>.Missing([day.Year], working);
    }

    /// <summary>The N-th working day after <paramref name="day"/>; the day itself is not counted (holidays.md).</summary>
    public CalendarAnswer<DateOnly> AddWorkingDays(DateOnly day, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var known = _known;
        var current = day;
        for (var counted = 0; counted < workingDays;)
        {
            current = current.AddDays(1);
            if (IsWorkingDayOrEstimate(known, current)) counted++;
        }
        // A count that walked into a year nobody has published the arrangement of gives an estimate, said as such.
        var missing = YearsWithoutData(known, day.AddDays(1), current);
        return missing.Count == 0 ? CalendarAnswer<DateOnly>.Of(current) : CalendarAnswer<DateOnly>.Missing(missing, current);
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public CalendarAnswer<int> WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to <= from) return CalendarAnswer<int>.Of(0);
        var known = _known;
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDayOrEstimate(known, d)) count++;
        }
        var missing = YearsWithoutData(known, from.AddDays(1), to);
        return missing.Count == 0 ? CalendarAnswer<int>.Of(count) : CalendarAnswer<int>.Missing(missing, count);
    }

    /// <summary>The years in [from, to] for which no holiday data is loaded: no working-day count over them can be given.</summary>
    public IReadOnlyList<int> YearsWithoutData(DateOnly from, DateOnly to) => YearsWithoutData(_known, from, to);

    private static List<int> YearsWithoutData(Known known, DateOnly from, DateOnly to)
        => Enumerable.Range(from.Year, Math.Max(0, to.Year - from.Year + 1)).Where(y => !known.Years.ContainsKey(y)).ToList();

    public CalendarAnswer<int> WorkingDaysInYear(int year)
        => WorkingDaysBetween(new DateOnly(year - 1, 12, 31), new DateOnly(year, 12, 31));

    /// <summary>The arrangement's answer; in a year without one, Monday to Friday (nothing is in the sets for that year).</summary>
    private static bool IsWorkingDayOrEstimate(Known known, DateOnly day)
    {
        if (known.Workdays.Contains(day)) return true;
        if (known.Holidays.Contains(day)) return false;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public static WorkingDayCalendar LoadFromDirectory(string directory)
    {
        var years = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json").Order().Select(f => HolidayYear.Parse(File.ReadAllText(f)))
            : [];
        return new WorkingDayCalendar(years);
    }
}

/// <summary>One year's arrangement as published in the State Council notice; <see cref="Source"/> names the notice.</summary>
public sealed record HolidayYear(int Year, string Source, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> Workdays)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HolidayYear Parse(string json)
    {
        var year = JsonSerializer.Deserialize<HolidayYear>(json, Json) ?? throw new FormatException("节假日数据为空");
        var wrong = year.Holidays.Concat(year.Workdays).Where(d => d.Year != year.Year).ToList();
        if (wrong.Count > 0)
            throw new FormatException($"{year.Year} 年节假日数据包含其他年份的日期：{string.Join("、", wrong)}");
        return year;
    }
}
