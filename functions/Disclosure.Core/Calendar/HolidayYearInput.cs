using System.Globalization;
using System.Text;
using Disclosure.Intake;
using Disclosure.Workbench;

namespace Disclosure.Calendar;

/// <summary>
/// A year's arrangement as an administrator types it from the State Council's notice: the notice's 文号, the days off
/// and the weekend days made working days (调休上班), one date or range per line (<c>2027-02-06</c>,
/// <c>2027-02-06 至 2027-02-13</c>, full-width digits and <c>2027年2月6日</c> too). Checked against what every notice
/// has been: dates inside the year, 元旦, 劳动节 and 国庆节 among the days off, a 调休 working day on a Saturday or Sunday,
/// no day both off and worked, and no more lines than a notice has. Errors name the field, in Chinese.
/// </summary>
public static class HolidayYearInput
{
    public const string SourceField = "source", HolidaysField = "holidays", WorkdaysField = "workdays";
    public const int MaxSourceLength = 100;
    /// <summary>A list field is some dozens of short lines; far more is not a notice.</summary>
    public const int MaxListLength = 4000;
    /// <summary>The most days off a notice has given is 33 (2026); the most 调休 working days 8.</summary>
    public const int MaxHolidays = 45, MaxWorkdays = 12;
    /// <summary>The longest run of days off (春节, 国庆) is 9 days; a range longer than this is a typing error.</summary>
    public const int MaxRangeDays = 15;
    /// <summary>The years an administrator may add: a notice is for the coming year, or a later correction of a recent one.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>The days off every notice has (《全国年节及纪念日放假办法》): a list without them is the wrong year or incomplete.</summary>
    private static readonly (int Month, int Day, string Name)[] StatutoryDays = [(1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节")];

    public static (HolidayYear? Year, IReadOnlyList<FormError> Errors) Parse(int year, string? source, string? holidays, string? workdays)
    {
        var errors = new List<FormError>();
        if (year is < FirstYear or > LastYear)
            return (null, [new FormError(SourceField, $"年份应在 {FirstYear} 至 {LastYear} 之间。")]);

        var cleanSource = InputText.Clean(source);
        if (cleanSource.Length == 0) errors.Add(new FormError(SourceField, "请填写通知的文号（如 国办发明电〔2026〕X号）。"));
        else if (InputText.Problem("文号", cleanSource, MaxSourceLength) is { } problem) errors.Add(new FormError(SourceField, problem));

        var off = Dates(year, holidays, HolidaysField, "放假日", MaxHolidays, errors);
        var worked = Dates(year, workdays, WorkdaysField, "调休上班日", MaxWorkdays, errors);
        if (off is not null)
        {
            if (off.Count == 0) errors.Add(new FormError(HolidaysField, "请填写放假日（含周末在内的全部放假日期）。"));
            var absent = StatutoryDays.Where(d => !off.Contains(new DateOnly(year, d.Month, d.Day))).Select(d => $"{d.Name}（{d.Month}月{d.Day}日）").ToList();
            if (off.Count > 0 && absent.Count > 0)
                errors.Add(new FormError(HolidaysField, $"放假日中没有{string.Join("、", absent)}：每年的通知都有，请核对年份和所填日期。"));
        }
        if (worked is not null)
        {
            foreach (var d in worked.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
                errors.Add(new FormError(WorkdaysField, $"调休上班日应为周六或周日：{Day(d)} 是{Weekday(d)}。"));
            if (off is not null)
                foreach (var d in worked.Where(off.Contains))
                    errors.Add(new FormError(WorkdaysField, $"{Day(d)} 不能既是放假日又是调休上班日。"));
        }
        if (errors.Count > 0 || off is null || worked is null) return (null, errors);
        return (new HolidayYear(year, cleanSource, [.. off.Order()], [.. worked.Order()]), []);
    }

    /// <summary>The dates of one list field, or null (with its errors) when a line is not a date of the year or a range of them.</summary>
    private static SortedSet<DateOnly>? Dates(int year, string? text, string field, string label, int max, List<FormError> errors)
    {
        text ??= "";
        if (text.Length > MaxListLength)
        {
            errors.Add(new FormError(field, $"{label}不能超过 {MaxListLength} 个字符。"));
            return null;
        }
        if (InputText.Problem(label, text.Replace("\r", "", StringComparison.Ordinal)) is { } control)
        {
            errors.Add(new FormError(field, control));
            return null;
        }
        var dates = new SortedSet<DateOnly>();
        var lineNumber = 0;
        var before = errors.Count;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            // Full-width digits, ～ and － as a notice pasted from a page has them.
            var line = raw.Normalize(NormalizationForm.FormKC).Trim();
            if (line.Length == 0) continue;
            if (Range(line) is not ({ } from, { } to))
            {
                errors.Add(new FormError(field, $"{label}第 {lineNumber} 行“{InputText.ShownAgain(line)}”不是日期或日期范围（如 {year}-02-06 或 {year}-02-06 至 {year}-02-13）。"));
                continue;
            }
            if (from.Year != year || to.Year != year)
            {
                errors.Add(new FormError(field, $"{label}第 {lineNumber} 行不在 {year} 年内。"));
                continue;
            }
            if (to < from || to.DayNumber - from.DayNumber + 1 > MaxRangeDays)
            {
                errors.Add(new FormError(field, $"{label}第 {lineNumber} 行的范围应从早到晚，且不超过 {MaxRangeDays} 天。"));
                continue;
            }
            for (var d = from; d <= to; d = d.AddDays(1)) dates.Add(d);
        }
        if (errors.Count == before && dates.Count > max)
            errors.Add(new FormError(field, $"{label}共 {dates.Count} 天，多于通知会有的 {max} 天，请核对。"));
        return errors.Count == before ? dates : null;
    }

    private static readonly string[] RangeSeparators = ["至", "~", "–", "—", "到"];

    private static (DateOnly? From, DateOnly? To) Range(string line)
    {
        foreach (var separator in RangeSeparators)
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0) return (Date(line[..at].Trim()), Date(line[(at + separator.Length)..].Trim()));
        }
        var single = Date(line);
        return (single, single);
    }

    private static readonly string[] Formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日"];

    private static DateOnly? Date(string text)
        => DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The dates as the form shows them again: one range of consecutive days per line.</summary>
    public static string Lines(IEnumerable<DateOnly> dates)
    {
        var lines = new List<string>();
        DateOnly? start = null, last = null;
        foreach (var d in dates.Order())
        {
            if (last is { } l && d == l.AddDays(1)) { last = d; continue; }
            if (start is { } s) lines.Add(Span(s, last!.Value));
            start = last = d;
        }
        if (start is { } first) lines.Add(Span(first, last!.Value));
        return string.Join("\n", lines);

        static string Span(DateOnly from, DateOnly to) => from == to ? Iso(from) : $"{Iso(from)} 至 {Iso(to)}";
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Day(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
    private static string Weekday(DateOnly d) => "星期" + "日一二三四五六"[(int)d.DayOfWeek];
}
