using Disclosure.Adapters.Notifications;
using Disclosure.Notifications;

namespace Disclosure.Adapters.Tests.Notifications;

public class SmtpChannelTests
{
    [Fact]
    public async Task Chinese_subject_and_body_arrive_decoded_in_both_plain_text_and_html_parts()
    {
        await using var smtp = await SmtpCapture.StartAsync();
        var n = Deliveries.Digest();
        var channel = new SmtpChannel(new SmtpOptions
        {
            Host = "127.0.0.1", Port = smtp.Port, UseTls = false, StartTls = false,
            User = "reminder", Password = "s3cret", From = "gkb@kjj.gov.cn", FromName = "市科学技术局政府信息公开平台",
        });

        await channel.SendAsync(Deliveries.On(n, ChannelKind.Email, "bgs@kjj.gov.cn"), CancellationToken.None);

        var mail = await smtp.NextMessageAsync();
        Assert.Equal(n.Subject, mail.GetProperty("subject").GetString());
        Assert.StartsWith("【政务公开提醒】办公室", mail.GetProperty("subject").GetString());
        Assert.Equal("multipart/alternative", mail.GetProperty("contentType").GetString());
        Assert.Equal(n.Text.TrimEnd(), mail.GetProperty("text").GetString()!.TrimEnd());
        Assert.Contains("<strong>【新】</strong>【年度报告】公布上一年度政府信息公开工作年度报告", mail.GetProperty("html").GetString());
        Assert.Equal("bgs@kjj.gov.cn", mail.GetProperty("rcptTo")[0].GetString());
        Assert.Equal("办公室", mail.GetProperty("to")[0].GetProperty("name").GetString());
        Assert.Equal("市科学技术局政府信息公开平台", mail.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.Equal("reminder", mail.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Wrong_password_is_an_error_not_a_silent_success()
    {
        await using var smtp = await SmtpCapture.StartAsync();
        var channel = new SmtpChannel(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, StartTls = false, User = "reminder", Password = "wrong", From = "gkb@kjj.gov.cn" });
        await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.Email, "bgs@kjj.gov.cn"), CancellationToken.None));
    }
}
