using System.Globalization;
using Disclosure.Workbench;

namespace Disclosure.Calendar;

/// <summary>One save of a year's arrangement as the page lists it.</summary>
[PageModel]
public sealed record CalendarYearChangeRow(string SavedAt, string SavedBy, string Source, int Holidays, int Workdays);

/// <summary>
/// The page where an administrator enters a year's holiday arrangement from the State Council's notice (or sees the
/// packaged one): the notice's 文号, the days off and the 调休 working days, one date or range per line.
/// </summary>
[PageModel]
public sealed record CalendarYearPageModel(
    int Year, string Action, string FormToken, string Version, bool Packaged, bool Stored, string Status,
    string Source, string Holidays, string Workdays, string SourceError, string HolidaysError, string WorkdaysError,
    IReadOnlyList<FormError> Errors, string Notice, IReadOnlyList<CalendarYearChangeRow> Changes)
{
    public const string Template = "calendar-year";

    public static string Title(int year) => string.Create(CultureInfo.InvariantCulture, $"{year}年节假日安排");

    public static string Path(int year) => CalendarTexts.PagePath(year);

    public string SourceField => HolidayYearInput.SourceField;
    public string HolidaysField => HolidayYearInput.HolidaysField;
    public string WorkdaysField => HolidayYearInput.WorkdaysField;

    /// <summary>
    /// The page for <paramref name="year"/>: the arrangement in use (packaged, added, or none: then counts are estimates),
    /// and the form filled with <paramref name="typed"/> when it comes back refused, else with what is stored.
    /// </summary>
    public static CalendarYearPageModel Build(int year, WorkingDayCalendar calendar, StoredHolidayYear? stored, IReadOnlyList<HolidayYearChange> changes,
        string formToken, (string Source, string Holidays, string Workdays)? typed = null, IReadOnlyList<FormError>? errors = null, string notice = "",
        string? version = null)
    {
        errors ??= [];
        var packaged = calendar.IsPackaged(year);
        var inUse = calendar.DataFor(year);
        var status = inUse is null
            ? $"{year}年的节假日安排尚未录入：涉及该年的工作日目前按周一至周五估算，页面和提醒中均注明“估算”。国务院办公厅发布通知后，请在下面录入。"
            : packaged
                ? $"{year}年的节假日安排随程序提供（{inUse.Source}），放假 {inUse.Holidays.Count} 天，调休上班 {inUse.Workdays.Count} 天；如需更正，请修改数据文件 {CalendarTexts.DataFolder}{year}.json。"
                : $"{year}年的节假日安排已录入（{inUse.Source}），放假 {inUse.Holidays.Count} 天，调休上班 {inUse.Workdays.Count} 天，由{stored?.SavedBy}于 {Time(stored?.SavedAt)} 保存；如通知有更正，可在下面修改。";
        var shown = typed ?? (inUse is null ? ("", "", "") : (inUse.Source, HolidayYearInput.Lines(inUse.Holidays), HolidayYearInput.Lines(inUse.Workdays)));
        string ErrorOf(string field) => string.Join(" ", errors.Where(e => e.FieldId == field).Select(e => e.Message));
        return new CalendarYearPageModel(year, Path(year), formToken, version ?? stored?.ETag ?? "", packaged, stored is not null, status,
            shown.Source, shown.Holidays, shown.Workdays,
            ErrorOf(HolidayYearInput.SourceField), ErrorOf(HolidayYearInput.HolidaysField), ErrorOf(HolidayYearInput.WorkdaysField),
            errors, notice,
            [.. changes.Select(c => new CalendarYearChangeRow(Time(c.SavedAt), c.SavedBy, c.Source, c.Holidays, c.Workdays))]);
    }

    private static string Time(DateTimeOffset? at)
        => at is { } t ? t.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
}
