namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// Thresholds of the self-inspection (section <c>SelfInspection</c>). The column lists are catalogue codes: which
/// columns count as news-type or notice/policy columns is configuration, like the columns themselves.
/// </summary>
public sealed class SelfInspectionOptions
{
    public const string Section = "SelfInspection";

    /// <summary>News-type columns (动态, 要闻): stale when not updated within <see cref="NewsMaxDays"/> days (国办秘函〔2019〕19号).</summary>
    /// <remarks>Comma-separated codes: a flat setting (<c>SelfInspection__NewsColumns=gzdt,yw</c>) replaces the list whole.</remarks>
    public string NewsColumns { get; set; } = "gzdt";
    public int NewsMaxDays { get; set; } = 14;

    /// <summary>Notice and policy columns (通知公告, 政策文件): stale when not updated within <see cref="NoticeMaxMonths"/> months.</summary>
    public string NoticeAndPolicyColumns { get; set; } = "tzgg,zcfg";
    public int NoticeMaxMonths { get; set; } = 6;

    /// <summary>The home page is stale when nothing new appeared on it for this many days.</summary>
    public int HomeMaxDays { get; set; } = 14;

    /// <summary>Items waiting for a reviewer longer than this many working days are listed.</summary>
    public int ReviewWaitWorkingDays { get; set; } = 3;

    /// <summary>Items in an automatic state (已提交, 检查中, 待发布) longer than this many hours are stuck.</summary>
    public int StuckHours { get; set; } = 24;

    /// <summary>How many months back the timeliness rate and the monthly chart look (the current month included).</summary>
    public int WindowMonths { get; set; } = 12;

    public bool IsNewsColumn(string code) => Codes(NewsColumns).Contains(code);
    public bool IsNoticeOrPolicyColumn(string code) => Codes(NoticeAndPolicyColumns).Contains(code);

    private static string[] Codes(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Where the report is linked from in the summary (the admin area's base URL); empty gives a relative path.</summary>
    public string AdminBaseUrl { get; set; } = "";
}
