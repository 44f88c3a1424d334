using System.Globalization;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>The report's words (Simplified Chinese), kept in one place.</summary>
public static class SelfInspectionText
{
    public const string Title = "政府信息公开自查报告";
    public const string AllItems = "全部";
    public const string HomeIndicator = "首页更新";
    public const string StaleIndicator = "栏目更新";
    public const string BlankIndicator = "空白栏目";
    public const string LinksIndicator = "链接可用性";
    public const string RetiredIndicator = "撤回、废止信息的链接";
    public const string TimelinessIndicator = "公开时效（条例第二十六条）";
    public const string PipelineIndicator = "审核发布流程";
    public const string ObligationsIndicator = "年度计划事项";
    public const string ApplicationsIndicator = "依申请公开";
    public const string IncompleteIndicator = "自查未完成的部分";
    public const string CalendarIndicator = "节假日数据";
    public const string PlanIndicator = "年度工作计划";
    public const string ValidityIndicator = "文件有效性标注";
    public const string FooterIndicator = "网站页脚标识（国办发〔2017〕47号）";
    public const string PlanMissingFormat = "{0}年政府信息公开工作计划尚未录入：该年不会向各处室发送任何公开提醒。"
        + "请管理员在计划定稿后通过 PUT /api/plan/{0} 录入（格式同上一年度的计划）。";
    public const string CalendarMissingFormat = "{0}年节假日安排尚未录入：该年的工作日期限（提醒、依申请公开答复期限、公开时效）暂按周一至周五估算并标注“估算”，年度报告的超期公开条数不计入期限落在该年的信息。请管理员在“节假日安排”页面录入。"
        + "请在国务院办公厅发布该年部分节假日安排的通知后，按 functions/Disclosure.Core/Data/calendar 中已有年份的格式补充 {0}.json 并重新部署。";
    public const string PoisonPart = "死信队列";
    public const string FindingsPart = "审核发现";
    public const string HomeNeverUpdated = "首页尚无任何已发布信息";
    public const string WorkingDaysFormat = "{0}个工作日";
    public const string HoursFormat = "{0}小时";
    public const string NeedsPerson = "需人工处理";
    public const string NoData = "暂无数据";
    public const string NoFindings = "本期发布前检查没有发现问题。";

    public static string PartFailed(string part, string reason) => $"“{part}”本次未能检查（{reason}），请排除故障后重新自查";

    public static string Level(RiskLevel level) => level switch
    {
        RiskLevel.Veto => "单项否决",
        RiskLevel.Deduction => "扣分",
        _ => "提示",
    };

    public static string Rule(FreshnessRule rule) => rule switch
    {
        FreshnessRule.News => "动态类：2周内须更新",
        FreshnessRule.NoticeOrPolicy => "通知公告、政策文件类：6个月内须更新",
        _ => "不考核更新频率",
    };

    public static string Date(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
    public static string Period(DateOnly from, DateOnly to) => $"{Date(from)}至{Date(to)}";
    public static string NotReviewed(int count) => $"{count}条信息发布前未经审核流程全部步骤的人员签署（《中华人民共和国政府信息公开条例》第十七条）";
    public static string AutomatedPublication(AutomatedPublicationColumn c)
        => $"“{c.Column}”栏目经管理员{c.SetBy}于{Date(c.SetOn)}准许仅经自动检查后发布，理由：{c.Reason}";

    public static string HomeStale(int days, DateOnly latest, int max) =>
        $"首页已{days}天未更新（最近发布{Date(latest)}），超过{max}天";

    public static string ManyStale(int count) => $"{count}个栏目未按时更新（达到5个即单项否决）";
    public static string ManyBlank(int count) => $"{count}个空白栏目（达到5个即单项否决）";

    public static string ColumnStale(ColumnFreshness c, SelfInspectionOptions o) => c.Rule == FreshnessRule.News
        ? $"“{c.Name}”栏目已{c.DaysSinceLatest}天未更新（最近发布{Date(c.LatestPublication!.Value)}），动态类栏目须{o.NewsMaxDays}天内更新"
        : $"“{c.Name}”栏目已{c.DaysSinceLatest}天未更新（最近发布{Date(c.LatestPublication!.Value)}），通知公告、政策文件类栏目须{o.NoticeMaxMonths}个月内更新";

    public static string ColumnBlank(ColumnFreshness c) => $"“{c.Name}”栏目没有任何已公开信息";

    public static string BrokenLinks(int links, int attachments, int pages) =>
        $"{links}个站内链接无法访问（其中附件{attachments}个），分布在{pages}个页面";

    public static string PastValidUntil(string title, DateOnly validUntil, string department) =>
        $"《{title}》有效期已于{Date(validUntil)}届满，门户已显示“失效”，但报送的有效性仍为“有效”；请{department}更正有效性，或核实有效期是否已延续";

    public static string IdentifierMissing(string name) =>
        $"门户页脚缺少{name}：请管理员在目录配置（catalogue.json 的 site）中填写，填写后下次发布即显示在每个页面的页脚";

    public static string WithdrawnLinked(int count) => $"{count}处页面仍链接已撤回的信息";
    public static string RepealedLinked(int count) => $"{count}处页面链接已废止或失效的文件，请确认链接处已注明有效性";

    public static string Late(int count, TimelinessRate overall) =>
        $"{count}条信息超过成文日期后20个工作日才公开（按时公开率{Percent(overall.OnTimePercent)}）";

    public static string Poison(int count) => $"{count}条后台任务多次失败后被移入死信队列，相关检查或页面生成未完成";
    public static string Waiting(int count, int days) => $"{count}条信息待审核超过{days}个工作日";
    public static string Stuck(int count) => $"{count}条信息停留在自动处理环节或处理失败";

    public static string ApplicationsOverdue(int count, int longest) =>
        $"有{count}件政府信息公开申请逾期未答复（最长逾期{longest}个工作日，《政府信息公开条例》第三十三条）";

    public static string Overdue(DepartmentObligations d) =>
        $"{d.Name}有{d.Overdue.Count}项年度计划事项逾期（最长逾期{d.Overdue.Max(o => o.WorkingDaysOverdue)}个工作日）";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : NoData;

    public static string SummarySubject(DateOnly date, int veto) =>
        veto > 0 ? $"{Title}（{Date(date)}）：{veto}项单项否决风险" : $"{Title}（{Date(date)}）";
}
