using System.Diagnostics;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

[Collection(PlanCollection.Name)]
public class PlanPagesHtmlTests
{
    [Fact]
    public async Task Obligations_and_outbox_pages_served_by_the_host_are_valid_html_by_the_nu_checker()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning));
        using var client = host.Client();
        await host.FireTimerAsync("SendReminders");

        async Task<string> Page(string url, params string[] roles)
        {
            using var response = await client.SendAsync(PlanHost.Get(url, "text/html").As("王管理", "bgs", roles));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var pages = new Dictionary<string, string>
        {
            ["obligations-department.html"] = await Page("/api/obligations?department=bgs", Role.Submitter),
            ["obligations-reviewer.html"] = await Page("/api/obligations", Role.Reviewer),
            ["outbox.html"] = await Page("/api/outbox", Role.Administrator),
        };
        Assert.Contains("<select id=\"department\" name=\"department\">", pages["obligations-reviewer.html"]);
        Assert.DoesNotContain("<select", pages["obligations-department.html"]);
        Assert.Contains("<a href=\"/api/outbox\">消息发件箱</a>", pages["outbox.html"]);
        Assert.Contains("已逾期", pages["obligations-department.html"]);

        Assert.Empty(await NuHtmlChecker.CheckAsync(pages));
    }
}
