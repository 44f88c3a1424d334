using System.Net.Http.Json;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// The first reminder's lead time as an operator configures it (<c>Applications__FirstReminderWorkingDays</c>) is what
/// the workbench calls "due soon" and what the reminders act on, on the real host: two hosts on the same storage and the
/// same day, one with the default (5) and one with 20. In the plan tests' collection, which runs alone, so no other test
/// registers an application between the two hosts' counts and its outbox reset does not meet another test's reads.
/// </summary>
[Collection(PlanCollection.Name)]
public class ConfiguredLeadTimeTests
{
    // Friday 20 November 2026, 06:30 China time; an application received on 12 November is due on 10 December, more
    // than 5 and at most 20 working days away.
    private static readonly DateTimeOffset Morning = new(2026, 11, 20, 6, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task An_application_inside_the_configured_lead_time_is_due_soon_on_the_workbench_exactly_when_it_is_reminded()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var byDefault = await PlanHost.StartAsync(new FakeTimeProvider(Morning));
        await using var configured = await PlanHost.StartAsync(new FakeTimeProvider(Morning),
            new Dictionary<string, string?> { ["Applications:FirstReminderWorkingDays"] = "20" });
        using var client = configured.Client();

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new
            {
                applicantKind = "natural-person", name = "钱九", idDocumentType = "居民身份证", idDocumentNumber = "110108198805051234", phone = "13600000000",
                informationSought = "提醒期限测试文件", deliveryForm = "纸质", channel = "letter", receivedOn = "2026-11-12",
            }),
        }.As("周公开", "bgs", Role.Reviewer);
        using var registered = await client.SendAsync(request);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var number = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;

        var usual = await CountsAsync(byDefault);
        var longer = await CountsAsync(configured);
        Assert.Equal(5, usual.GetProperty("dueSoonWorkingDays").GetInt32());
        Assert.Equal(20, longer.GetProperty("dueSoonWorkingDays").GetInt32());
        Assert.True(longer.GetProperty("applicationsDueSoon").GetInt32() >= usual.GetProperty("applicationsDueSoon").GetInt32() + 1,
            $"默认 {usual}；配置 20 个工作日 {longer}");

        // The reminders agree: the default host owes this application nothing today, the configured one a notice of its due date.
        await byDefault.FireTimerAsync("SendApplicationReminders");
        Assert.DoesNotContain(await byDefault.DeliveriesAsync(), d => d.Subject.Contains(number) && d.Subject.Contains("答复期限"));
        await configured.FireTimerAsync("SendApplicationReminders");
        Assert.Contains(await configured.DeliveriesAsync(), d => d.Subject.Contains(number) && d.Subject.Contains("答复期限"));
    }

    private static async Task<JsonElement> CountsAsync(LocalFunctionsHost host)
    {
        using var client = host.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/workbench").As("周公开", "bgs", Role.Reviewer);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
