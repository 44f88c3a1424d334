using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Plan;
using Disclosure.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Applications;

/// <summary>
/// E-mail notices to the applicant through the real outbox (Azurite) and SMTP channel, received by a real local SMTP
/// server: the receipt with the status link, then the reply; each once, however often the event is posted.
/// </summary>
public partial class ApplicantNoticeFlowTests
{
    private const string IdNumber = "110101199505056789";

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex IdempotencyKey();

    [Fact]
    public async Task An_applicant_who_gave_an_address_is_mailed_the_receipt_and_the_reply_once_each()
    {
        await using var smtp = await SmtpCapture.StartAsync();
        var now = new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
        var settings = Mail.Settings(smtp);
        settings["Applications:PerClientPerHour"] = "1000";
        await using var host = await TestHosts.StartAsync(settings, runQueues: false, services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var address = $"applicant-{Guid.NewGuid():N}@example.com";

        var formHtml = await client.GetStringAsync("/api/applications/new");
        var fields = new Dictionary<string, string>
        {
            ["idempotencyKey"] = IdempotencyKey().Match(formHtml).Groups[1].Value, ["applicantKind"] = "natural-person", ["name"] = "赵六",
            ["idDocumentType"] = "居民身份证", ["idDocumentNumber"] = IdNumber, ["email"] = address,
            ["informationSought"] = "本局2026年度部门预算公开说明", ["deliveryForm"] = "电子邮件", ["website"] = "",
        };
        using var posted = await client.PostAsync("/api/applications", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        using var again = await client.PostAsync("/api/applications", new FormUrlEncodedContent(fields)); // a double click
        var statusPath = posted.Headers.Location!.ToString().Replace("&created=1", "", StringComparison.Ordinal);
        var id = statusPath.Split('/', '?')[3];

        var reply = new { id = Guid.NewGuid().ToString("N"), kind = "replied", on = "2026-11-25", outcome = "三(一)" };
        for (var i = 0; i < 2; i++)
        {
            using var replied = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/events")
            { Content = new StringContent(JsonSerializer.Serialize(reply), Encoding.UTF8, "application/json") }.As("周公开", "bgs", Role.Reviewer));
            Assert.True(replied.StatusCode == HttpStatusCode.OK, await replied.Content.ReadAsStringAsync());
        }

        await Mail.Dispatcher(host, now).DispatchAsync();
        await Mail.Dispatcher(host, now.AddMinutes(5)).DispatchAsync();
        var mine = (await Mail.ReceivedAsync(smtp)).Where(m => m.GetProperty("rcptTo")[0].GetString() == address).ToList();

        Assert.Equal(2, mine.Count);
        var receipt = Assert.Single(mine, m => m.GetProperty("subject").GetString()!.StartsWith("政府信息公开申请已收到", StringComparison.Ordinal));
        var text = receipt.GetProperty("text").GetString()!;
        Assert.Contains("2026-11-25", text);
        Assert.Contains("https://kjj.example.gov.cn" + statusPath, text);
        var answered = Assert.Single(mine, m => m.GetProperty("subject").GetString()!.StartsWith("政府信息公开申请已答复", StringComparison.Ordinal));
        Assert.Contains("予以公开", answered.GetProperty("text").GetString());
        foreach (var m in mine)
        {
            var raw = m.GetRawText();
            Assert.DoesNotContain(IdNumber, raw);
            Assert.DoesNotContain("赵六", raw);
        }
    }
}
