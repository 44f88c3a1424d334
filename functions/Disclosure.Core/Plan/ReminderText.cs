using System.Globalization;

namespace Disclosure.Plan;

/// <summary>The wording of reminders and escalations, in one place (user-facing text is Simplified Chinese).</summary>
public static class ReminderText
{
    public const string DepartmentSubject = "【政务公开提醒】{0}（{1}）：逾期{2}项，今日到期{3}项，即将到期{4}项";
    public const string DepartmentIntro = "根据《{0}》，截至{1}，贵处室负责的以下政府信息公开事项需要办理：";
    public const string OverdueHeading = "一、已逾期";
    public const string DueTodayHeading = "二、今日到期";
    public const string UpcomingHeading = "三、即将到期（{0}个工作日内）";
    public const string OverdueStatus = "应于{0}前完成，已逾期{1}个工作日";
    public const string DueTodayStatus = "应于今日（{0}）完成";
    public const string UpcomingStatus = "应于{0}前完成，还剩{1}个工作日";
    public const string DueOnDayOffStatus = "应于{0}前完成，该日为休息日，请于今日完成";
    public const string NewMark = "【新】";
    public const string ObligationsLink = "查看本处室全部待办事项";
    public const string DepartmentFooter = "本提醒依据《{0}》（版本 {1}）自动生成。已经发布的，请忽略本提醒；标有“【新】”的为本次新增提醒。";
    public const string AutomaticNotice = "本消息由政府信息公开平台自动发送，请勿直接回复。";
    public const string EscalationSubject = "【政务公开督办】{0}：{1}项公开事项逾期";
    public const string EscalationIntro = "根据《{0}》，截至{1}，以下政府信息公开事项逾期已达督办时限，请领导小组督促责任处室办理：";
    public const string EscalationLine = "应于{0}前完成，已逾期{1}个工作日（督办时限{2}个工作日）";

    /// <summary>
    /// Said after the status of an obligation whose date or count was counted Monday to Friday across a year without a
    /// calendar (with what to add), so no estimate reads as exact; empty otherwise.
    /// </summary>
    public static string EstimateNote(Obligation o) => o.MissingCalendarYears.Count == 0
        ? ""
        : $"（{Calendar.CalendarTexts.Estimated(o.MissingCalendarYears)}。{Calendar.CalendarTexts.WhatToAdd(o.MissingCalendarYears)}）";

    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    public static string LongDate(DateOnly d)
        => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日（{Weekdays[(int)d.DayOfWeek]}）");

    public static string ShortDate(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Month}月{d.Day}日");
}
