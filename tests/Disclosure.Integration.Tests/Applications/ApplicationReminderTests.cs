using System.Net.Http.Json;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// The clock's reminders through the existing outbox, on Friday 20 November 2026: in the plan tests' collection, since
/// they empty the outbox table this test reads.
/// </summary>
[Collection(PlanCollection.Name)]
public class ApplicationReminderTests
{
    private const string IdNumber = "110108198805051234";

    [Fact]
    public async Task Due_and_overdue_applications_are_reminded_once_to_the_office_the_department_and_the_leadership_without_the_applicant()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 30, 0, TimeSpan.FromHours(8))));
        using var client = host.Client();

        async Task<(string Id, string Number)> RegisterAsync(string receivedOn)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
            {
                Content = JsonContent.Create(new
                {
                    applicantKind = "natural-person", name = "孙八", idDocumentType = "居民身份证", idDocumentNumber = IdNumber, phone = "13600000000",
                    informationSought = "某文件", deliveryForm = "纸质", channel = "letter", receivedOn,
                }),
            }.As("周公开", "bgs", Role.Reviewer);
            var body = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
            return (body.GetProperty("id").GetString()!, body.GetProperty("number").GetString()!);
        }

        var dueToday = await RegisterAsync("2026-10-23"); // dueOn 11-20
        var assign = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{dueToday.Id}/events")
        {
            Content = JsonContent.Create(new { id = "assign-1", kind = "assigned", on = "2026-10-26", department = "xmc" }),
        }.As("周公开", "bgs", Role.Reviewer);
        Assert.True((await client.SendAsync(assign)).IsSuccessStatusCode);
        var overdue = await RegisterAsync("2026-10-19"); // dueOn 11-16
        var clarifySoon = await RegisterAsync("2026-11-12"); // clarifyBy 11-23, dueOn 12-10

        await host.FireTimerAsync("SendApplicationReminders");
        var deliveries = await host.DeliveriesAsync();
        IEnumerable<string> To(string number) => deliveries.Where(d => d.Subject.Contains(number)).Select(d => d.RecipientCode).Distinct().Order(); // one delivery per channel

        Assert.Equal(["bgs", "xmc"], To(dueToday.Number));
        Assert.Equal(["bgs", "leadership"], To(overdue.Number));
        Assert.Equal(["bgs"], To(clarifySoon.Number));
        Assert.Contains(deliveries, d => d.Subject.Contains(clarifySoon.Number) && d.Subject.Contains("补正告知期限"));
        Assert.DoesNotContain(deliveries, d => d.Text.Contains(IdNumber) || d.Html.Contains(IdNumber) || d.Markdown.Contains(IdNumber) || d.Text.Contains("孙八"));

        // Run again: nothing new for these applications. (Other tests' applications share the register's table and may be
        // reminded by this run, so only this test's are counted.)
        string[] ours = [dueToday.Number, overdue.Number, clarifySoon.Number];
        int Ours(IEnumerable<Disclosure.Notifications.OutboxDelivery> all) => all.Count(d => ours.Any(n => d.Subject.Contains(n)));
        await host.FireTimerAsync("SendApplicationReminders");
        Assert.Equal(Ours(deliveries), Ours(await host.DeliveriesAsync()));
    }
}
