namespace Disclosure.Applications;

/// <summary>
/// How many on-line applications one client may file in an hour: an abuse limit that works without any third-party
/// service (no captcha). The count lives in storage, so every instance sees the same figure.
/// </summary>
public interface IApplicationRateLimit
{
    /// <summary>Counts one filing by <paramref name="client"/> in the hour of <paramref name="now"/>; false when the hour's limit was already reached.</summary>
    Task<bool> TryTakeAsync(string client, DateTimeOffset now, CancellationToken ct);
}

public sealed class ApplicationOptions
{
    public const string Section = "Applications";

    /// <summary>On-line applications one client (address) may file per hour.</summary>
    public int PerClientPerHour { get; set; } = 10;

    /// <summary>The department of the plan that is the disclosure office (政府信息公开工作机构): it gets every application reminder.</summary>
    public string OfficeDepartment { get; set; } = "bgs";

    /// <summary>How many different applicants given the same information make the register propose it for 主动公开 (Art. 44).</summary>
    public int ProactiveConversionApplicants { get; set; } = 3;
    /// <summary>
    /// Years after an application was concluded that its applicant's personal data are kept (个人信息保护法: no longer than
    /// needed); <see cref="RetentionDays"/> adds days. Both 0 (the default): nothing is deleted until the agency sets its period.
    /// </summary>
    public int RetentionYears { get; set; }
    public int RetentionDays { get; set; }

    /// <summary>
    /// The application reminders: working days before a date (补正告知 or 答复) on which the first and the second reminder
    /// go out. The first at most <see cref="MaxReminderWorkingDays"/> (the reply period itself, Art. 33: an earlier one
    /// would go out on receipt), the second after it and at the latest on the day itself (0).
    /// </summary>
    public int FirstReminderWorkingDays { get; set; } = DefaultFirstReminderWorkingDays;
    public int SecondReminderWorkingDays { get; set; } = DefaultSecondReminderWorkingDays;

    public const int DefaultFirstReminderWorkingDays = 5;
    public const int DefaultSecondReminderWorkingDays = 1;
    public const int MaxReminderWorkingDays = 20;

    /// <summary>The reminders' lead times, farthest first, as <see cref="ApplicationReminders.Due"/> takes them.</summary>
    public IReadOnlyList<int> ReminderWorkingDays => [FirstReminderWorkingDays, SecondReminderWorkingDays];
}
