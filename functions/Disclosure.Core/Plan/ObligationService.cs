using System.Text;
using Disclosure.Calendar;

namespace Disclosure.Plan;

public sealed record ObligationReport
{
    public required DateOnly Today { get; init; }
    public string? Department { get; init; }
    public string? PlanVersion { get; init; }
    public required IReadOnlyList<Obligation> Obligations { get; init; }
}

/// <summary>
/// For <c>GET /api/obligations?department=</c> (JSON) and its HTML view: what each department owes today, computed
/// exactly as the reminder run computes it.
/// </summary>
public sealed class ObligationService(PlanService plans, IPublicationFacts published, WorkingDayCalendar calendar, ReminderOptions options, TimeProvider time)
{
    public async Task<ObligationReport> GetAsync(string? department, CancellationToken ct = default)
    {
        var today = ChinaDate.Today(time);
        var plan = await plans.GetPlanAsync(today.Year, ct);
        if (plan is null) return new ObligationReport { Today = today, Department = department, Obligations = [] };
        var facts = await published.LoadAsync(today.Year, today, ct);
        var all = new ObligationCalculator(calendar).Calculate(plan, facts, today, options.LeadWorkingDays);
        return new ObligationReport
        {
            Today = today,
            Department = department,
            PlanVersion = plan.Version,
            Obligations = string.IsNullOrEmpty(department) ? all : all.Where(o => o.Department == department).ToList(),
        };
    }

    /// <summary>For the HTML view of <c>GET /api/obligations?department=</c> (Accept: text/html, or <c>/obligations</c>).</summary>
    public async Task<string> GetHtmlAsync(string? department, CancellationToken ct = default)
    {
        var report = await GetAsync(department, ct);
        return RenderHtml(report, await plans.GetPlanAsync(report.Today.Year, ct));
    }

    public static string RenderHtml(ObligationReport report, DisclosurePlan? plan)
    {
        var h = DigestComposer.Html;
        var title = report.Department is { } code
            ? $"{plan?.FindDepartment(code)?.Name ?? code}：政府信息公开待办事项"
            : "政府信息公开待办事项";
        var sb = new StringBuilder();
        sb.Append(AdminPage.Head(title));
        sb.Append("<p>日期：").Append(h.Encode(ReminderText.LongDate(report.Today)));
        if (report.PlanVersion is { } v) sb.Append("；计划版本：").Append(h.Encode(v));
        sb.Append("</p>\n");
        if (report.Obligations.Count == 0)
        {
            sb.Append("<p>目前没有需要办理的事项。</p>\n");
        }
        else
        {
            sb.Append("<table>\n<caption>").Append(h.Encode(title)).Append("</caption>\n<thead><tr><th scope=\"col\">状态</th><th scope=\"col\">栏目或阶段</th><th scope=\"col\">事项</th><th scope=\"col\">责任处室</th><th scope=\"col\">期限</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
            foreach (var o in report.Obligations)
            {
                var state = o.State switch
                {
                    ObligationState.Overdue => $"已逾期{o.WorkingDaysOverdue}个工作日",
                    ObligationState.DueToday => "今日到期",
                    _ => $"还剩{o.WorkingDaysLeft}个工作日",
                };
                sb.Append("<tr><td>").Append(h.Encode(state))
                    .Append("</td><td>").Append(h.Encode(o.Context))
                    .Append("</td><td>").Append(h.Encode(o.Title))
                    .Append("</td><td>").Append(h.Encode(plan?.FindDepartment(o.Department)?.Name ?? o.Department))
                    .Append("</td><td><time datetime=\"").Append(ObligationIds.Date(o.DueOn)).Append("\">").Append(h.Encode(ReminderText.LongDate(o.DueOn)))
                    .Append("</time></td><td>").Append(h.Encode(o.Basis))
                    .Append("</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }
        sb.Append(AdminPage.Tail);
        return sb.ToString();
    }
}

/// <summary>The frame of the small administrative pages: a complete, valid Chinese HTML document.</summary>
internal static class AdminPage
{
    public static string Head(string title)
        => "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
           + DigestComposer.Html.Encode(title) + "</title>\n</head>\n<body>\n<main>\n<h1>" + DigestComposer.Html.Encode(title) + "</h1>\n";

    public const string Tail = "</main>\n</body>\n</html>\n";
}
