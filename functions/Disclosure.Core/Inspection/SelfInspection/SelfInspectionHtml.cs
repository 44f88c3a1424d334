using System.Globalization;
using System.Text;
using Disclosure.Inspection.AnnualReport;

namespace Disclosure.Inspection.SelfInspection;

/// <summary>
/// The report as one self-contained HTML document: no script, no external file, charts drawn as inline SVG with a
/// title and a description, each followed by its figures as a table (so a screen reader and a printout both have the
/// numbers). Printing keeps sections together and drops the screen colours.
/// </summary>
public static class SelfInspectionHtml
{
    private static readonly string[] Palette =
        ["#1f5fa8", "#c23b22", "#2e7d32", "#8e44ad", "#b36b00", "#00838f", "#6d4c41", "#ad1457", "#546e7a", "#9e9d24", "#3949ab", "#00695c"];

    private const string Style = """
        body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#1a1a1a;line-height:1.6}
        h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:2px solid #1f5fa8;padding-bottom:.2rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
        th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}td.n{text-align:right}
        .veto{background:#fde7e4}.deduction{background:#fff4dc}.notice{background:#eef4fb}
        .ok{color:#2e7d32}.bad{color:#b3261e;font-weight:bold}figure{margin:1rem 0}svg{max-width:100%;height:auto}
        @media print{body{max-width:none;padding:0}h2{break-after:avoid}table,figure{break-inside:avoid}.veto,.deduction,.notice{background:none}a{color:inherit}}
        """;

    public static string Render(SelfInspectionReport r)
    {
        var h = new StringBuilder(64 * 1024);
        var title = $"{r.Agency}{SelfInspectionText.Title}（{SelfInspectionText.Date(r.Date)}）";
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(E(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n<h1>").Append(E(title)).Append("</h1>\n");
        h.Append("<p>生成时间：<time datetime=\"").Append(r.GeneratedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append("\">")
            .Append(E(r.GeneratedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("（北京时间）</time>。")
            .Append("依据：《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）、《中华人民共和国政府信息公开条例》第二十六条。</p>\n");

        Risks(h, r);
        Freshness(h, r);
        Links(h, r);
        Timeliness(h, r);
        Pipeline(h, r);
        Obligations(h, r);
        Monthly(h, r);
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Risks(StringBuilder h, SelfInspectionReport r)
    {
        h.Append("<h2>一、风险清单（单项否决项在前）</h2>\n");
        if (r.Risks.Count == 0) { h.Append("<p class=\"ok\">未发现问题。</p>\n"); return; }
        h.Append("<p>单项否决风险 ").Append(r.VetoRisks).Append(" 项，扣分项 ").Append(r.Risks.Count(x => x.Level == RiskLevel.Deduction))
            .Append(" 项，提示 ").Append(r.Risks.Count(x => x.Level == RiskLevel.Notice)).Append(" 项。</p>\n");
        h.Append("<table>\n<caption>风险清单</caption>\n<thead><tr><th scope=\"col\">等级</th><th scope=\"col\">指标</th><th scope=\"col\">情况</th></tr></thead>\n<tbody>\n");
        foreach (var risk in r.Risks)
        {
            h.Append("<tr class=\"").Append(risk.Level.ToString().ToLowerInvariant()).Append("\"><td>").Append(E(SelfInspectionText.Level(risk.Level)))
                .Append("</td><td>").Append(E(risk.Indicator)).Append("</td><td>").Append(E(risk.Description)).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Freshness(StringBuilder h, SelfInspectionReport r)
    {
        h.Append("<h2>二、首页和栏目更新情况</h2>\n<p>首页最近更新：");
        h.Append(r.HomePage.LatestPublication is { } l ? E($"{SelfInspectionText.Date(l)}（{r.HomePage.DaysSinceLatest}天前）") : "无");
        h.Append(r.HomePage.IsStale ? "，<span class=\"bad\">超过期限</span>" : "，<span class=\"ok\">符合要求</span>").Append("。</p>\n");
        h.Append("<table>\n<caption>栏目更新情况</caption>\n<thead><tr><th scope=\"col\">栏目</th><th scope=\"col\">考核要求</th><th scope=\"col\">已公开信息</th><th scope=\"col\">最近发布</th><th scope=\"col\">距今天数</th><th scope=\"col\">结论</th></tr></thead>\n<tbody>\n");
        foreach (var c in r.Columns)
        {
            var verdict = c.IsBlank ? "<span class=\"bad\">空白栏目</span>" : c.IsStale ? "<span class=\"bad\">未按时更新</span>" : "<span class=\"ok\">正常</span>";
            h.Append("<tr><th scope=\"row\">").Append(E(c.Name)).Append("</th><td>").Append(E(SelfInspectionText.Rule(c.Rule)))
                .Append("</td><td class=\"n\">").Append(c.PublicItems).Append("</td><td>")
                .Append(c.LatestPublication is { } d ? E(SelfInspectionText.Date(d)) : "—").Append("</td><td class=\"n\">")
                .Append(c.DaysSinceLatest?.ToString(CultureInfo.InvariantCulture) ?? "—").Append("</td><td>").Append(verdict).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Links(StringBuilder h, SelfInspectionReport r)
    {
        h.Append("<h2>三、链接检查</h2>\n<p>检查页面 ").Append(r.PagesChecked).Append(" 个，站内链接 ").Append(r.LinksChecked)
            .Append(" 个，无法访问 ").Append(r.BrokenLinks.Count).Append(" 个。</p>\n");
        if (r.BrokenLinks.Count > 0)
        {
            h.Append("<table>\n<caption>无法访问的链接</caption>\n<thead><tr><th scope=\"col\">所在页面</th><th scope=\"col\">链接</th><th scope=\"col\">类型</th></tr></thead>\n<tbody>\n");
            foreach (var b in r.BrokenLinks)
                h.Append("<tr><td>/").Append(E(b.Page)).Append("</td><td>").Append(E(b.Href)).Append("</td><td>").Append(b.IsAttachment ? "附件" : "页面").Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("<p>链接到已撤回、已废止或已失效信息的页面：").Append(r.LinksToRetiredItems.Count).Append(" 处。</p>\n");
        if (r.LinksToRetiredItems.Count > 0)
        {
            h.Append("<table>\n<caption>链接到已撤回、废止或失效信息的页面</caption>\n<thead><tr><th scope=\"col\">所在页面</th><th scope=\"col\">被链接的信息</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n");
            foreach (var x in r.LinksToRetiredItems)
                h.Append("<tr><td>/").Append(E(x.Page)).Append("</td><td>").Append(E(x.Title)).Append("</td><td>").Append(E(x.Status)).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
    }

    private static void Timeliness(StringBuilder h, SelfInspectionReport r)
    {
        var t = r.Timeliness;
        h.Append("<h2>四、公开时效</h2>\n<p>统计期间：").Append(E(SelfInspectionText.Date(t.From))).Append("至").Append(E(SelfInspectionText.Date(t.To)))
            .Append("。主动公开信息 ").Append(t.Overall.Published).Append(" 条，20个工作日内公开 ").Append(t.Overall.OnTime)
            .Append(" 条，按时公开率 ").Append(E(SelfInspectionText.Percent(t.Overall.OnTimePercent))).Append("。</p>\n");
        if (t.YearsWithoutCalendar.Count > 0)
            h.Append("<p>注：").Append(E(string.Join("、", t.YearsWithoutCalendar))).Append("年缺少节假日安排数据，按周一至周五计算工作日。</p>\n");
        BarChart(h, "timeliness-chart", "成文日期至发布日期的工作日分布", "横轴为工作日区间，纵轴为信息条数；超过20个工作日为逾期。",
            t.Distribution.Select(b => (b.Label + "个工作日", b.Items, b.From > SelfInspectionAnalysis.TimelyWorkingDays ? Palette[1] : Palette[0])).ToList());
        h.Append("<table>\n<caption>公开时效分布</caption>\n<thead><tr><th scope=\"col\">工作日</th><th scope=\"col\">信息条数</th></tr></thead>\n<tbody>\n");
        foreach (var b in t.Distribution) h.Append("<tr><th scope=\"row\">").Append(E(b.Label)).Append("</th><td class=\"n\">").Append(b.Items).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
        RateTable(h, "按栏目统计的按时公开率", "栏目", t.ByColumn);
        RateTable(h, "按责任处室统计的按时公开率", "责任处室", t.ByDepartment);
        if (t.LateItems.Count > 0)
        {
            h.Append("<table>\n<caption>逾期公开的信息</caption>\n<thead><tr><th scope=\"col\">名称</th><th scope=\"col\">栏目</th><th scope=\"col\">责任处室</th><th scope=\"col\">成文日期</th><th scope=\"col\">发布日期</th><th scope=\"col\">工作日</th></tr></thead>\n<tbody>\n");
            foreach (var x in t.LateItems)
                h.Append("<tr><td>").Append(E(x.Title)).Append("</td><td>").Append(E(x.Column)).Append("</td><td>").Append(E(x.Department))
                    .Append("</td><td>").Append(E(SelfInspectionText.Date(x.FormedOn))).Append("</td><td>").Append(E(SelfInspectionText.Date(x.PublishedOn)))
                    .Append("</td><td class=\"n\">").Append(x.WorkingDays).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
    }

    private static void RateTable(StringBuilder h, string caption, string what, IReadOnlyList<TimelinessRate> rates)
    {
        if (rates.Count == 0) return;
        h.Append("<table>\n<caption>").Append(E(caption)).Append("</caption>\n<thead><tr><th scope=\"col\">").Append(E(what))
            .Append("</th><th scope=\"col\">公开条数</th><th scope=\"col\">按时</th><th scope=\"col\">逾期</th><th scope=\"col\">按时公开率</th></tr></thead>\n<tbody>\n");
        foreach (var x in rates)
            h.Append("<tr><th scope=\"row\">").Append(E(x.Name)).Append("</th><td class=\"n\">").Append(x.Published).Append("</td><td class=\"n\">").Append(x.OnTime)
                .Append("</td><td class=\"n\">").Append(x.Late).Append("</td><td class=\"n\">").Append(E(SelfInspectionText.Percent(x.OnTimePercent))).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
    }

    private static void Pipeline(StringBuilder h, SelfInspectionReport r)
    {
        var p = r.Pipeline;
        h.Append("<h2>五、审核发布流程</h2>\n");
        PipelineTable(h, "待审核时间过长的信息", p.WaitingForReview);
        PipelineTable(h, "停留在自动处理环节或处理失败的信息", p.Stuck);
        h.Append("<p>死信队列消息：").Append(p.PoisonQueues.Sum(q => q.Messages)).Append(" 条");
        if (p.PoisonQueues.Count > 0)
            h.Append("（").Append(E(string.Join("；", p.PoisonQueues.Select(q => $"{q.Queue}：{q.Messages}")))).Append("）");
        h.Append("。</p>\n<p>已退回待修改的信息：").Append(p.ReturnedByDepartment.Sum(d => d.Count)).Append(" 条");
        if (p.ReturnedByDepartment.Count > 0)
            h.Append("（").Append(E(string.Join("；", p.ReturnedByDepartment.Select(d => $"{d.Name}：{d.Count}")))).Append("）");
        h.Append("。</p>\n");
        if (p.FindingsByRule.Count == 0) { h.Append("<p>").Append(E(SelfInspectionText.NoFindings)).Append("</p>\n"); return; }
        BarChart(h, "findings-chart", "审核发现按规则统计", "横轴为规则，纵轴为发现条数。",
            p.FindingsByRule.Select(f => (f.RuleId, f.Findings, Palette[3])).ToList());
        h.Append("<table>\n<caption>审核发现按规则统计</caption>\n<thead><tr><th scope=\"col\">规则</th><th scope=\"col\">发现条数</th></tr></thead>\n<tbody>\n");
        foreach (var f in p.FindingsByRule) h.Append("<tr><th scope=\"row\">").Append(E(f.RuleId)).Append("</th><td class=\"n\">").Append(f.Findings).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
    }

    private static void PipelineTable(StringBuilder h, string caption, IReadOnlyList<PipelineItem> items)
    {
        if (items.Count == 0) { h.Append("<p>").Append(E(caption)).Append("：无。</p>\n"); return; }
        h.Append("<table>\n<caption>").Append(E(caption)).Append("</caption>\n<thead><tr><th scope=\"col\">名称</th><th scope=\"col\">责任处室</th><th scope=\"col\">状态</th><th scope=\"col\">已等待</th></tr></thead>\n<tbody>\n");
        foreach (var x in items)
            h.Append("<tr><td>").Append(E(x.Title)).Append("</td><td>").Append(E(x.Department)).Append("</td><td>").Append(E(x.State))
                .Append("</td><td>").Append(E(x.Waiting)).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
    }

    private static void Obligations(StringBuilder h, SelfInspectionReport r)
    {
        h.Append("<h2>六、年度计划逾期事项</h2>\n");
        if (r.OverdueObligations.Count == 0) { h.Append("<p class=\"ok\">没有逾期事项。</p>\n"); return; }
        h.Append("<table>\n<caption>按责任处室列出的逾期事项</caption>\n<thead><tr><th scope=\"col\">责任处室</th><th scope=\"col\">栏目或阶段</th><th scope=\"col\">事项</th><th scope=\"col\">期限</th><th scope=\"col\">逾期工作日</th></tr></thead>\n<tbody>\n");
        foreach (var d in r.OverdueObligations)
            foreach (var o in d.Overdue)
                h.Append("<tr><td>").Append(E(d.Name)).Append("</td><td>").Append(E(o.Context)).Append("</td><td>").Append(E(o.Title))
                    .Append("</td><td>").Append(E(SelfInspectionText.Date(o.DueOn))).Append("</td><td class=\"n\">").Append(o.WorkingDaysOverdue).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
    }

    private static void Monthly(StringBuilder h, SelfInspectionReport r)
    {
        h.Append("<h2>七、各栏目每月发布量</h2>\n");
        var columns = r.ColumnNames.Where(c => r.PublishedPerMonth.Any(m => m.ByColumn.GetValueOrDefault(c.Key) > 0)).ToList();
        StackedChart(h, r.PublishedPerMonth, columns);
        h.Append("<table>\n<caption>各栏目每月发布量</caption>\n<thead><tr><th scope=\"col\">月份</th>");
        foreach (var c in columns) h.Append("<th scope=\"col\">").Append(E(c.Value)).Append("</th>");
        h.Append("<th scope=\"col\">合计</th></tr></thead>\n<tbody>\n");
        foreach (var m in r.PublishedPerMonth)
        {
            h.Append("<tr><th scope=\"row\">").Append(E(m.Month)).Append("</th>");
            foreach (var c in columns) h.Append("<td class=\"n\">").Append(m.ByColumn.GetValueOrDefault(c.Key)).Append("</td>");
            h.Append("<td class=\"n\">").Append(m.Total).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    /// <summary>A vertical bar chart; the bars' numbers are printed above them so the chart reads without the table.</summary>
    private static void BarChart(StringBuilder h, string id, string title, string description, IReadOnlyList<(string Label, int Value, string Colour)> bars)
    {
        const int height = 220, top = 20, bottom = 50, barWidth = 60, gap = 24, left = 40;
        var width = left + Math.Max(1, bars.Count) * (barWidth + gap);
        var max = Math.Max(1, bars.Select(b => b.Value).DefaultIfEmpty().Max());
        var plot = height - top - bottom;
        h.Append("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" aria-labelledby=\"").Append(id).Append("-t ").Append(id).Append("-d\">\n<title id=\"")
            .Append(id).Append("-t\">").Append(E(title)).Append("</title>\n<desc id=\"").Append(id).Append("-d\">").Append(E(description)).Append("</desc>\n");
        h.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(height - bottom).Append("\" x2=\"").Append(width).Append("\" y2=\"").Append(height - bottom).Append("\" stroke=\"#333\"/>\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, colour) = bars[i];
            var barHeight = (int)Math.Round((double)plot * value / max);
            var x = left + i * (barWidth + gap) + gap / 2;
            var y = height - bottom - barHeight;
            h.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(barWidth).Append("\" height=\"").Append(barHeight)
                .Append("\" fill=\"").Append(colour).Append("\"/>\n<text x=\"").Append(x + barWidth / 2).Append("\" y=\"").Append(y - 4)
                .Append("\" text-anchor=\"middle\" font-size=\"12\">").Append(value).Append("</text>\n<text x=\"").Append(x + barWidth / 2).Append("\" y=\"")
                .Append(height - bottom + 16).Append("\" text-anchor=\"middle\" font-size=\"11\">").Append(E(label)).Append("</text>\n");
        }
        h.Append("</svg>\n<figcaption>").Append(E(title)).Append("</figcaption>\n</figure>\n");
    }

    /// <summary>Months along the bottom, one stacked bar per month, one colour per column with a legend.</summary>
    private static void StackedChart(StringBuilder h, IReadOnlyList<MonthlyPublications> months, IReadOnlyList<KeyValuePair<string, string>> columns)
    {
        const int height = 260, top = 20, bottom = 40, barWidth = 40, gap = 16, left = 40, legendWidth = 140;
        var width = left + Math.Max(1, months.Count) * (barWidth + gap) + legendWidth;
        var max = Math.Max(1, months.Select(m => m.Total).DefaultIfEmpty().Max());
        var plot = height - top - bottom;
        h.Append("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" aria-labelledby=\"monthly-chart-t monthly-chart-d\">\n")
            .Append("<title id=\"monthly-chart-t\">各栏目每月发布量</title>\n<desc id=\"monthly-chart-d\">横轴为月份，纵轴为发布条数，颜色区分栏目；各月数字见下表。</desc>\n");
        h.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(height - bottom).Append("\" x2=\"").Append(width - legendWidth).Append("\" y2=\"").Append(height - bottom).Append("\" stroke=\"#333\"/>\n");
        for (var i = 0; i < months.Count; i++)
        {
            var x = left + i * (barWidth + gap) + gap / 2;
            var y = (double)(height - bottom);
            for (var c = 0; c < columns.Count; c++)
            {
                var value = months[i].ByColumn.GetValueOrDefault(columns[c].Key);
                if (value == 0) continue;
                var segment = (double)plot * value / max;
                y -= segment;
                h.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(Fmt(y)).Append("\" width=\"").Append(barWidth).Append("\" height=\"").Append(Fmt(segment))
                    .Append("\" fill=\"").Append(Palette[c % Palette.Length]).Append("\"><title>").Append(E($"{months[i].Month} {columns[c].Value}：{value}")).Append("</title></rect>\n");
            }
            if (months[i].Total > 0)
                h.Append("<text x=\"").Append(x + barWidth / 2).Append("\" y=\"").Append(Fmt(y - 4)).Append("\" text-anchor=\"middle\" font-size=\"11\">").Append(months[i].Total).Append("</text>\n");
            h.Append("<text x=\"").Append(x + barWidth / 2).Append("\" y=\"").Append(height - bottom + 16).Append("\" text-anchor=\"middle\" font-size=\"10\">").Append(E(months[i].Month[2..])).Append("</text>\n");
        }
        for (var c = 0; c < columns.Count; c++)
        {
            var ly = top + c * 18;
            var lx = width - legendWidth + 10;
            h.Append("<rect x=\"").Append(lx).Append("\" y=\"").Append(ly).Append("\" width=\"12\" height=\"12\" fill=\"").Append(Palette[c % Palette.Length])
                .Append("\"/><text x=\"").Append(lx + 18).Append("\" y=\"").Append(ly + 11).Append("\" font-size=\"12\">").Append(E(columns[c].Value)).Append("</text>\n");
        }
        h.Append("</svg>\n<figcaption>各栏目每月发布量</figcaption>\n</figure>\n");
    }

    private static string Fmt(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => AnnualReportHtml.Encode(text);
}
