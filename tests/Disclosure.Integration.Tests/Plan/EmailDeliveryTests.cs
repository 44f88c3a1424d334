using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Plan;

[Collection(PlanCollection.Name)]
public class EmailDeliveryTests
{
    [Fact]
    public async Task With_an_smtp_host_configured_each_department_receives_its_digest_with_the_chinese_subject()
    {
        await PlanHost.ResetTablesAsync();
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
        var received = new List<System.Text.Json.JsonElement>();
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
}
