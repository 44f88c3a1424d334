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

    /// <summary>The test robot listens on loopback over http: allowed only because the administrator names its host.</summary>
    private static readonly WebhookOptions LoopbackAllowed = new() { AllowedHosts = ["127.0.0.1"] };

    private static HttpClient Client(WebhookOptions options) => new(options.AddressPolicy().CreateHandler());

    [Fact]
    public async Task WeCom_robot_receives_a_markdown_message_with_the_digest()
    {
        await using var robot = new RobotListener();
        using var http = Client(LoopbackAllowed);
        var n = Deliveries.Digest();
        var channel = new WebhookChannel(http, LoopbackAllowed, Time);

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
        var n = Deliveries.Digest();
        var options = new WebhookOptions
        {
            Targets = { ["bgs-ding"] = new WebhookTarget { Url = robot.Url("/robot/send?access_token=t-1"), Secret = "SEC-test" } },
            AllowedHosts = ["127.0.0.1"],
        };
        using var http = Client(options);

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
        using var http = Client(LoopbackAllowed);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => new WebhookChannel(http, LoopbackAllowed, Time)
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

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task A_robot_url_that_resolves_to_this_machine_is_refused_unless_allow_listed(string host)
    {
        await using var robot = new RobotListener();
        var options = new WebhookOptions();
        using var http = Client(options);
        var url = robot.Url("/send?key=x").Replace("http://127.0.0.1", "https://" + host, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<ChannelNotConfiguredException>(() => new WebhookChannel(http, options, Time)
            .SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, url), CancellationToken.None));

        Assert.Contains("Webhooks__AllowedHosts", ex.Message);
        Assert.DoesNotContain("key=x", ex.Message);
    }

    [Fact]
    public async Task A_robot_url_over_plain_http_is_refused()
    {
        var options = new WebhookOptions();
        using var http = Client(options);
        var ex = await Assert.ThrowsAsync<ChannelNotConfiguredException>(() => new WebhookChannel(http, options, Time)
            .SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"), CancellationToken.None));
        Assert.Contains("https", ex.Message);
    }

    [Fact]
    public async Task The_client_will_not_connect_to_an_internal_address_even_when_the_name_resolves_there_only_at_connect_time()
    {
        // A name that resolved to a public address when checked and to loopback when connecting (DNS rebinding) reaches
        // the handler's connect step: that step checks the address it connects to.
        await using var robot = new RobotListener();
        using var http = Client(new WebhookOptions());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(robot.Url("/send"), new StringContent("{}")));

        Assert.Contains("内网", ex.Message + ex.InnerException?.Message);
    }

    [Fact]
    public async Task What_a_failing_robot_answers_is_not_repeated_in_the_error()
    {
        await using var failing = new RobotListener(_ => (500, "internal-detail: db=10.1.2.3 password=hunter2"));
        await using var refusing = new RobotListener(_ => (200, "{\"errcode\":40001,\"errmsg\":\"internal-detail hunter2\"}"));
        using var http = Client(LoopbackAllowed);
        var channel = new WebhookChannel(http, LoopbackAllowed, Time);

        var server = await Assert.ThrowsAsync<HttpRequestException>(() => channel.SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, failing.Url("/send")), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => channel.SendAsync(Deliveries.On(Deliveries.Digest(), ChannelKind.WeCom, refusing.Url("/send")), CancellationToken.None));

        Assert.Equal("群机器人返回 HTTP 500", server.Message);
        Assert.Contains("40001", refused.Message);
        Assert.DoesNotContain("hunter2", server.Message + refused.Message);
    }

    [Theory]
    [InlineData("10.0.0.8", true)]
    [InlineData("172.20.1.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.8", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("101.226.68.137", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("::ffff:101.226.68.137", false)]
    [InlineData("240e:e9:6002:15a::1", false)]
    public void Internal_addresses_are_recognised_in_every_notation(string address, bool isInternal)
        => Assert.Equal(isInternal, WebhookAddressPolicy.IsInternal(System.Net.IPAddress.Parse(address)));
}
