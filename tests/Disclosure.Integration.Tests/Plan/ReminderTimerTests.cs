using System.Net;
using System.Text.Json;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

[Collection(PlanCollection.Name)]
public class ReminderTimerTests
{
    [Fact]
    public async Task Reminder_timer_on_a_working_day_leaves_one_digest_per_department_with_obligations_in_the_outbox()
    {
        PlanHost.UseTablesOfItsOwn();
        var clock = new FakeTimeProvider(PlanHost.WorkingMorning);
        await using var host = await PlanHost.StartAsync(clock);
        var expected = await host.Services.GetRequiredService<ObligationService>().GetAsync(null);

        await host.FireTimerAsync("SendReminders");

        var digests = (await host.DeliveriesAsync()).Where(d => d.NotificationId.StartsWith("digest-", StringComparison.Ordinal)).ToList();
        // The plan's digests cover the plan's obligations; open applications (listed on the same page) have their own reminders.
        var departments = expected.Obligations.Where(o => o.RuleOrTaskId != Disclosure.Applications.ApplicationObligations.RuleId)
            .Select(o => o.Department).ToHashSet();
        Assert.True(departments.Count >= 2, "the seeded plan should give several departments something to do on 2 March");
        Assert.Equal(departments.Order(), digests.Select(d => d.RecipientCode).Distinct().Order());
        Assert.All(digests.GroupBy(d => d.RecipientCode), g => Assert.Single(g.Select(d => d.NotificationId).Distinct()));
        Assert.All(digests, d => Assert.StartsWith("【政务公开提醒】", d.Subject));
        Assert.All(digests, d => Assert.Contains("（3月2日）", d.Subject));
    }

    [Fact]
    public async Task Without_an_smtp_host_e_mails_are_held_in_the_outbox_not_failed_and_the_leadership_copy_is_recorded()
    {
        PlanHost.UseTablesOfItsOwn();
        var clock = new FakeTimeProvider(PlanHost.WorkingMorning);
        await using var host = await PlanHost.StartAsync(clock);

        await host.FireTimerAsync("SendReminders");

        var deliveries = await host.DeliveriesAsync();
        var emails = deliveries.Where(d => d.Channel == ChannelKind.Email).ToList();
        Assert.NotEmpty(emails);
        Assert.All(emails, d =>
        {
            Assert.Equal(DeliveryStatus.Held, d.Status);
            Assert.Equal(0, d.Attempts);
            Assert.Null(d.NextAttemptAt);
            Assert.Contains("SMTP", d.LastError);
        });
        Assert.DoesNotContain(deliveries, d => d.Status == DeliveryStatus.Failed);
        // 年度报告 was due on 31 January and nothing is published: past the first threshold, the leadership group hears of it.
        var leadership = deliveries.Where(d => d.RecipientCode == LeadershipGroup.RecipientCode).ToList();
        Assert.Contains(leadership, d => d.Channel == ChannelKind.Outbox && d.Status == DeliveryStatus.Delivered);
        Assert.All(leadership, d => Assert.StartsWith("【政务公开督办】", d.Subject));
    }

    [Fact]
    public async Task With_an_smtp_host_configured_each_department_receives_its_digest_with_the_chinese_subject()
    {
        PlanHost.UseTablesOfItsOwn();
        await using var smtp = await SmtpCapture.StartAsync();
        await using var host = await PlanHost.StartAsync(new FakeTimeProvider(PlanHost.WorkingMorning), new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:StartTls"] = "false",
            ["Smtp:From"] = "gkb@kjj.gov.cn",
            ["Smtp:FromName"] = "市科学技术局政府信息公开平台",
        });

        await host.FireTimerAsync("SendReminders");

        var emails = (await host.DeliveriesAsync()).Where(d => d.Channel == ChannelKind.Email).ToList();
        Assert.NotEmpty(emails);
        Assert.All(emails, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        var received = new List<JsonElement>();
        for (var i = 0; i < emails.Count; i++) received.Add(await smtp.NextMessageAsync());

        var office = emails.Single(d => d.RecipientCode == "bgs");
        var mail = received.Single(m => m.GetProperty("rcptTo")[0].GetString() == "bgs@kjj.gov.cn");
        Assert.Equal(office.Subject, mail.GetProperty("subject").GetString());
        Assert.StartsWith("【政务公开提醒】办公室（3月2日）：逾期", mail.GetProperty("subject").GetString());
        Assert.Equal("办公室", mail.GetProperty("to")[0].GetProperty("name").GetString());
        Assert.Equal("市科学技术局政府信息公开平台", mail.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.Equal("multipart/alternative", mail.GetProperty("contentType").GetString());
        Assert.Contains("公布上一年度政府信息公开工作年度报告", mail.GetProperty("text").GetString());

        var leadership = received.Where(m => m.GetProperty("rcptTo")[0].GetString() == "gkb@kjj.gov.cn").ToList();
        Assert.Single(leadership);
        Assert.StartsWith("【政务公开督办】3月2日：", leadership[0].GetProperty("subject").GetString());

        // The second run finds everything claimed: no second e-mail.
        await host.FireTimerAsync("SendReminders");
        await Assert.ThrowsAsync<TimeoutException>(() => smtp.NextMessageAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task The_timer_fired_again_and_twice_at_once_adds_no_message()
    {
        PlanHost.UseTablesOfItsOwn();
        var clock = new FakeTimeProvider(PlanHost.WorkingMorning);
        await using var host = await PlanHost.StartAsync(clock);

        await host.FireTimerAsync("SendReminders");
        var first = (await host.DeliveriesAsync()).Select(d => d.DeliveryId).Order().ToList();
        await Task.WhenAll(host.FireTimerAsync("SendReminders"), host.FireTimerAsync("SendReminders"));
        clock.Advance(TimeSpan.FromHours(3)); // fired late, same day
        await host.FireTimerAsync("SendReminders");

        Assert.NotEmpty(first);
        Assert.Equal(first, (await host.DeliveriesAsync()).Select(d => d.DeliveryId).Order().ToList());
    }

    [Fact]
    public async Task On_a_day_off_the_timer_records_nothing()
    {
        PlanHost.UseTablesOfItsOwn();
        // Saturday 7 March 2026 is an ordinary weekend day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 7, 6, 30, 0, TimeSpan.FromHours(8)));
        await using var host = await PlanHost.StartAsync(clock);

        await host.FireTimerAsync("SendReminders");

        Assert.Empty(await host.DeliveriesAsync());
    }

    [Fact]
    public async Task Outbox_page_lists_held_messages_and_an_administrator_can_send_one_again()
    {
        PlanHost.UseTablesOfItsOwn();
        var clock = new FakeTimeProvider(PlanHost.WorkingMorning);
        await using var host = await PlanHost.StartAsync(clock);
        using var client = host.Client();
        await host.FireTimerAsync("SendReminders");

        using var forbidden = await client.SendAsync(PlanHost.Get("/api/outbox").As("李四", "bgs", Role.Submitter, Role.Reviewer));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var json = await client.SendAsync(PlanHost.Get("/api/outbox?status=Held").As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var held = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(held);
        Assert.All(held, d => Assert.Equal("Held", d.GetProperty("status").GetString()));

        using var page = await client.SendAsync(PlanHost.Get("/api/outbox", "text/html").As("王管理", "bgs", Role.Administrator));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<h1>消息发件箱</h1>", html);
        Assert.Contains("未发送（发送渠道未配置，保留在发件箱）", html);
        Assert.Contains("重新发送", html);

        var one = held[0];
        var recipient = one.GetProperty("recipientCode").GetString()!;
        var deliveryId = one.GetProperty("deliveryId").GetString()!;
        using var retry = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/outbox/{recipient}/{deliveryId}/retry").As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(DeliveryStatus.Pending, (await host.DeliveriesAsync()).Single(d => d.DeliveryId == deliveryId).Status);

        using var again = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/outbox/{recipient}/{deliveryId}/retry").As("王管理", "bgs", Role.Administrator));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Still no SMTP host: the dispatch timer holds it again rather than counting a failure.
        await host.FireTimerAsync("DispatchNotifications");
        Assert.Equal(DeliveryStatus.Held, (await host.DeliveriesAsync()).Single(d => d.DeliveryId == deliveryId).Status);
    }
}
