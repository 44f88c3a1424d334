using System.Net;
using System.Text;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

/// <summary>
/// The obligations page and the reminders through the local host, with the catalogue's deadline rules (预算法第十四条) and
/// a year whose holiday calendar is missing.
/// </summary>
[Collection(PlanCollection.Name)]
public class DeadlineRuleEndpointTests
{
    private static HttpRequestMessage Post(string url, object body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    private static async Task<JsonElement> ObligationAsync(HttpClient client, string department, string period, string name)
    {
        using var json = await client.SendAsync(PlanHost.Get($"/api/obligations?department={department}").As(name, department, Role.Submitter));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var obligations = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("obligations").EnumerateArray().ToList();
        return Assert.Single(obligations, o => o.GetProperty("period").GetString() == period).Clone();
    }

    [Fact]
    public async Task A_budget_approved_on_6_February_2026_is_due_26_February_on_the_obligations_page_Budget_Law_Art_14()
    {
        PlanHost.UseTablesOfItsOwn();
        // Tuesday 24 February 2026: two working days before the 20th calendar day after approval. Main counted 20 working
        // days (春节 in between), said 2026-03-12, and did not list it yet.
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 2, 24, 6, 30, 0, TimeSpan.FromHours(8))));
        using var client = host.Client();
        var approval = new { id = "ys-2026-budget", kind = "部门预算批复", occurredOn = "2026-02-06", title = "2026年部门预算批复" };
        using (var recorded = await client.SendAsync(Post("/api/plan/2026/events", approval).As("钱会计", "cwc", Role.Submitter)))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var obligation = await ObligationAsync(client, "cwc", "ys-2026-budget", "钱会计");
        Assert.Equal("2026-02-26", obligation.GetProperty("dueOn").GetString());
        Assert.Equal(2, obligation.GetProperty("workingDaysLeft").GetInt32());
        Assert.StartsWith("《预算法》第十四条", obligation.GetProperty("basis").GetString());

        using var page = await client.SendAsync(PlanHost.Get("/api/obligations?department=cwc", "text/html").As("钱会计", "cwc", Role.Submitter));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<time datetime=\"2026-02-26\">2026年2月26日（星期四）</time>", html);
        Assert.Contains("《预算法》第十四条：批复日期2026年2月6日起20日内", html);
        Assert.DoesNotContain("2026-03-12", html);
    }

    [Fact]
    public async Task An_obligation_falling_in_a_year_without_a_calendar_is_dated_by_the_Monday_to_Friday_estimate_said_as_such()
    {
        PlanHost.UseTablesOfItsOwn();
        // Monday 28 December 2026. 20 working days (条例第二十六条) after a 领导班子调整 on 4 December end in 2027, whose
        // State Council notice is not in Data/calendar: holidays.md asks to fall back to Monday–Friday and say so. Main
        // showed “无法计算” and no date, so nobody was reminded of a date 4 working days away.
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 12, 28, 6, 30, 0, TimeSpan.FromHours(8))));
        using var client = host.Client();
        var change = new { id = "ld-2026-12", kind = "领导班子调整", occurredOn = "2026-12-04", title = "局领导分工调整" };
        using (var recorded = await client.SendAsync(Post("/api/plan/2026/events", change).As("李四", "bgs", Role.Submitter)))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var obligation = await ObligationAsync(client, "bgs", "ld-2026-12", "李四");
        Assert.Equal("2027-01-01", obligation.GetProperty("dueOn").GetString());
        Assert.Equal([2027], obligation.GetProperty("missingCalendarYears").EnumerateArray().Select(y => y.GetInt32()));

        using var page = await client.SendAsync(PlanHost.Get("/api/obligations?department=bgs", "text/html").As("李四", "bgs", Role.Submitter));
        var html = await page.Content.ReadAsStringAsync();
        var row = html[html.LastIndexOf("<tr", html.IndexOf("局领导分工调整", StringComparison.Ordinal), StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("2027年1月1日（星期五）（估算：缺少2027年节假日安排，按周一至周五计算）", row);
        Assert.Contains("还剩4个工作日（估算：缺少2027年节假日安排，按周一至周五计算）", row);
        Assert.Contains("2027.json", row);

        await host.FireTimerAsync("SendReminders");
        var digest = Assert.Single(await host.DeliveriesAsync(), d => d.RecipientCode == "bgs" && d.NotificationId.StartsWith("digest-", StringComparison.Ordinal));
        Assert.Contains("局领导分工调整——应于2027年1月1日（星期五）前完成，还剩4个工作日（估算：缺少2027年节假日安排，按周一至周五计算。", digest.Text);
        Assert.Contains("2027.json", digest.Text);
    }
}
