using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Disclosure.Adapters.Notifications;
using Disclosure.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Notifications;

public class WebhookChannelTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 2, 1, 22, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task WeCom_robot_receives_a_markdown_message_with_the_digest()
    {
        await using var robot = new RobotListener();
        using var http = new HttpClient();
        var n = Deliveries.Digest();
        var channel = new WebhookChannel(http, new WebhookOptions(), Time);

        await channel.SendAsync(Deliveries.On(n, ChannelKind.WeCom, robot.Url("/cgi-bin/webhook/send?key=k-1")), CancellationToken.None);

        var request = await robot.NextAsync();
        Assert.Equal("/cgi-bin/webhook/send", request.Path);
        Assert.Equal("?key=k-1", request.Query);
        Assert.StartsWith("application/json", request.ContentType);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(n.Markdown, json.RootElement.GetProperty("markdown").GetProperty("content").GetString());
        Assert.Single(json.RootElement.EnumerateObject().Where(p => p.Name == "markdown").Single().Value.EnumerateObject());
    }

    [Fact]
    public async Task DingTalk_robot_receives_title_and_text_signed_with_the_configured_secret()
    {
        await using var robot = new RobotListener();
        using var http = new HttpClient();
        var n = Deliveries.Digest();
        var options = new WebhookOptions
        {
            Targets = { ["bgs-ding"] = new WebhookTarget { Url = robot.Url("/robot/send?access_token=t-1"), Secret = "SEC-test" } },
        };

        await new WebhookChannel(http, options, Time).SendAsync(Deliveries.On(n, ChannelKind.DingTalk, "bgs-ding"), CancellationToken.None);

        var request = await robot.NextAsync();
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(n.Subject, json.RootElement.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Equal(n.Markdown, json.RootElement.GetProperty("markdown").GetProperty("text").GetString());
        var query = HttpUtility.ParseQueryString(request.Query);
        Assert.Equal("t-1", query["access_token"]);
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["timestamp"]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("SEC-test"), Encoding.UTF8.GetBytes($"{query["timestamp"]}\nSEC-test")));
        Assert.Equal(expected, query["sign"]);
    }

    [Fact]
    public async Task A_robot_answering_an_errcode_is_a_failure()
    {
        await using var robot = new RobotListener(_ => (200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        using var http = new HttpClient();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => new WebhookChannel(http, new WebhookOptions(), Time)
            .SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, robot.Url("/send?key=x")), CancellationToken.None));
        Assert.Contains("93000", ex.Message);
    }

    [Fact]
    public void Markdown_longer_than_the_robot_limit_is_cut_on_a_character_boundary_and_says_so()
    {
        var fitted = WebhookChannel.Fit(new string('政', 3000));
        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= 4096);
        Assert.EndsWith(WebhookChannel.Truncated, fitted);
        Assert.DoesNotContain('\uFFFD', fitted);
    }

    [Fact]
    public async Task An_unconfigured_robot_target_is_reported_by_name()
    {
        using var http = new HttpClient();
        var ex = await Assert.ThrowsAsync<ChannelNotConfiguredException>(() => new WebhookChannel(http, new WebhookOptions(), Time)
            .SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, "bgs-wecom"), CancellationToken.None));
        Assert.Contains("Webhooks__Targets__bgs-wecom__Url", ex.Message);
    }
}
