using System.Globalization;
using System.Text;
using System.Text.Json;
using Disclosure.Catalogue;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// The report's three files. JSON is the model itself; CSV is the same figures in long form (部分, 项目, 指标, 数值),
/// one figure per line, so a spreadsheet can pivot it; it starts with a byte-order mark because Excel in Chinese
/// locales otherwise reads UTF-8 as GBK.
/// </summary>
public static class SelfInspectionFiles
{
    public const string Html = "report.html";
    public const string Json = "report.json";
    public const string Csv = "report.csv";

    public static readonly IReadOnlyList<string> Names = [Html, Json, Csv];

    public static IReadOnlyList<ReportFile> Write(SelfInspectionReport report) =>
    [
        new(Html, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(SelfInspectionHtml.Render(report))),
        new(Json, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(report, CatalogueLoader.Json)),
        new(Csv, "text/csv; charset=utf-8", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ToCsv(report))]),
    ];

    public static string ToCsv(SelfInspectionReport r)
    {
        var csv = new StringBuilder();
        void Row(string part, string item, string measure, object? value)
            => csv.Append(Field(part)).Append(',').Append(Field(item)).Append(',').Append(Field(measure)).Append(',')
                .Append(Field(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append("\r\n");

        csv.Append("部分,项目,指标,数值\r\n");
        foreach (var risk in r.Risks) Row("风险清单", risk.Indicator, SelfInspectionText.Level(risk.Level), risk.Description);
        Row("首页", "首页", "最近发布", r.HomePage.LatestPublication?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Row("首页", "首页", "距今天数", r.HomePage.DaysSinceLatest);
        foreach (var c in r.Columns)
        {
            Row("栏目更新", c.Name, "已公开信息", c.PublicItems);
            Row("栏目更新", c.Name, "最近发布", c.LatestPublication?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Row("栏目更新", c.Name, "距今天数", c.DaysSinceLatest);
            Row("栏目更新", c.Name, "结论", c.IsBlank ? "空白栏目" : c.IsStale ? "未按时更新" : "正常");
        }
        Row("链接检查", "全站", "检查页面", r.PagesChecked);
        Row("链接检查", "全站", "站内链接", r.LinksChecked);
        Row("链接检查", "全站", "无法访问", r.BrokenLinks.Count);
        foreach (var b in r.BrokenLinks) Row("无法访问的链接", "/" + b.Page, b.IsAttachment ? "附件" : "页面", b.Href);
        foreach (var x in r.LinksToRetiredItems) Row("链接到撤回或废止信息", "/" + x.Page, x.Status, x.Title);
        Row("公开时效", SelfInspectionText.AllItems, "公开条数", r.Timeliness.Overall.Published);
        Row("公开时效", SelfInspectionText.AllItems, "按时", r.Timeliness.Overall.OnTime);
        Row("公开时效", SelfInspectionText.AllItems, "按时公开率", r.Timeliness.Overall.OnTimePercent);
        foreach (var b in r.Timeliness.Distribution) Row("公开时效分布", b.Label, "信息条数", b.Items);
        foreach (var x in r.Timeliness.ByColumn) { Row("按栏目公开时效", x.Name, "公开条数", x.Published); Row("按栏目公开时效", x.Name, "按时", x.OnTime); Row("按栏目公开时效", x.Name, "按时公开率", x.OnTimePercent); }
        foreach (var x in r.Timeliness.ByDepartment) { Row("按处室公开时效", x.Name, "公开条数", x.Published); Row("按处室公开时效", x.Name, "按时", x.OnTime); Row("按处室公开时效", x.Name, "按时公开率", x.OnTimePercent); }
        foreach (var x in r.Timeliness.LateItems) Row("逾期公开", x.Title, "工作日", x.WorkingDays);
        Row("审核发布流程", "待审核过久", "条数", r.Pipeline.WaitingForReview.Count);
        Row("审核发布流程", "停滞或失败", "条数", r.Pipeline.Stuck.Count);
        if (r.Review is { } review)
        {
            Row("审核发布流程", "期间发布", "条数", review.Published);
            Row("审核发布流程", "经人员逐级签署", "条数", review.SignedByPeople);
            Row("审核发布流程", "仅经自动检查后发布", "条数", review.AutomatedOnly);
            Row("审核发布流程", "未经全部步骤人员签署", "条数", review.NotFullyReviewed);
        }
        foreach (var a in r.AutomatedPublication) Row("仅经自动检查后发布的栏目", a.Column, "理由", a.Reason);
        foreach (var q in r.Pipeline.PoisonQueues) Row("死信队列", q.Queue, "消息数", q.Messages);
        foreach (var d in r.Pipeline.ReturnedByDepartment) Row("已退回", d.Name, "条数", d.Count);
        foreach (var f in r.Pipeline.FindingsByRule) Row("审核发现", Compliance.RuleNames.Of(f.RuleId), "条数", f.Findings);
        foreach (var d in r.OverdueObligations) Row("年度计划逾期", d.Name, "事项数", d.Overdue.Count);
        Row("依申请公开", "办理中", "件数", r.OpenApplications.Count);
        Row("依申请公开", "逾期未答复", "件数", r.OpenApplications.Count(a => a.IsOverdue));
        foreach (var m in r.PublishedPerMonth)
            foreach (var c in r.ColumnNames)
                Row("每月发布量", m.Month, c.Value, m.ByColumn.GetValueOrDefault(c.Key));
        return csv.ToString();
    }

    /// <summary>
    /// RFC 4180 quoting; a leading =, +, -, @, tab or carriage return is prefixed with ' so a spreadsheet never runs a
    /// title as a formula (OWASP CSV injection: Excel skips a leading tab or CR and reads the formula after it). A signed
    /// number stays a number.
    /// </summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsSignedNumber(value))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static bool IsSignedNumber(string value)
        => value[0] is '+' or '-' && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
}
