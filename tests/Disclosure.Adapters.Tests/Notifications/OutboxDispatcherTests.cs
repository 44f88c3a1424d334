using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Adapters.Tests.Notifications;

public class OutboxDispatcherTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 1, 22, 30, 0, TimeSpan.Zero));

    private TableOutbox NewOutbox() => new(new TableServiceClient(azurite.ConnectionString), "outbox" + Guid.NewGuid().ToString("N")[..12]);

    private OutboxDispatcher Dispatcher(IOutbox outbox, SmtpOptions smtp, HttpClient http, OutboxDispatchOptions? options = null)
        => new(outbox, [new SmtpChannel(smtp), new WebhookChannel(http, new WebhookOptions { AllowedHosts = ["127.0.0.1"] }, _time)],
            options ?? new OutboxDispatchOptions(), _time, NullLogger<OutboxDispatcher>.Instance);

    private static SmtpOptions Smtp(int port) => new() { Host = "127.0.0.1", Port = port, StartTls = false, From = "gkb@kjj.gov.cn" };

    [Fact]
    public async Task Unreachable_smtp_leaves_the_message_pending_with_a_next_attempt_and_a_later_run_delivers_it()
    {
        var outbox = NewOutbox();
        using var http = new HttpClient();
        var n = Deliveries.Digest(channels: [new ChannelAddress { Kind = ChannelKind.Email, Address = "bgs@kjj.gov.cn" }]);
        await outbox.TryRecordAsync(n, _time.GetUtcNow());

        var closedPort = Repo.FreePort();
        var result = await Dispatcher(outbox, Smtp(closedPort), http).DispatchAsync();
        Assert.Equal(new DispatchResult(0, 1, 0), result);
        var pending = Assert.Single(await outbox.ListAsync(new OutboxFilter()));
        Assert.Equal(DeliveryStatus.Pending, pending.Status);
        Assert.Equal(1, pending.Attempts);
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), pending.NextAttemptAt);
        Assert.False(string.IsNullOrEmpty(pending.LastError));

        // Not yet due: nothing is tried.
        Assert.Equal(new DispatchResult(0, 0, 0), await Dispatcher(outbox, Smtp(closedPort), http).DispatchAsync());

        await using var smtp = await SmtpCapture.StartAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DispatchResult(1, 0, 0), await Dispatcher(outbox, Smtp(smtp.Port), http).DispatchAsync());
        Assert.Equal(n.Subject, (await smtp.NextMessageAsync()).GetProperty("subject").GetString());
        var delivered = Assert.Single(await outbox.ListAsync(new OutboxFilter()));
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task A_failing_robot_backs_off_exponentially_and_is_marked_failed_after_the_last_attempt()
    {
        var outbox = NewOutbox();
        await using var robot = new RobotListener(_ => (500, "{\"errcode\":-1,\"errmsg\":\"system busy\"}"));
        using var http = new HttpClient();
        await outbox.TryRecordAsync(Deliveries.Digest(channels: [new ChannelAddress { Kind = ChannelKind.WeCom, Address = robot.Url("/send?key=x") }]), _time.GetUtcNow());
        var options = new OutboxDispatchOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMinutes(1) };
        var dispatcher = Dispatcher(outbox, Smtp(1), http, options);

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await dispatcher.DispatchAsync();
            await robot.NextAsync();
            var d = Assert.Single(await outbox.ListAsync(new OutboxFilter()));
            Assert.Equal(attempt, d.Attempts);
            Assert.Contains("HTTP 500", d.LastError);
            if (attempt < 3)
            {
                Assert.Equal(DeliveryStatus.Pending, d.Status);
                delays.Add(d.NextAttemptAt!.Value - _time.GetUtcNow());
                _time.Advance(delays[^1]);
            }
            else
            {
                Assert.Equal(DeliveryStatus.Failed, d.Status);
            }
        }
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], delays);
        Assert.Single(await outbox.ListAsync(new OutboxFilter { Status = DeliveryStatus.Failed }));
    }

    [Fact]
    public async Task The_e_mail_of_a_message_is_not_resent_when_only_its_robot_fails()
    {
        var outbox = NewOutbox();
        await using var smtp = await SmtpCapture.StartAsync();
        await using var robot = new RobotListener(_ => (200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        using var http = new HttpClient();
        await outbox.TryRecordAsync(Deliveries.Digest(channels:
        [
            new ChannelAddress { Kind = ChannelKind.Email, Address = "bgs@kjj.gov.cn" },
            new ChannelAddress { Kind = ChannelKind.DingTalk, Address = robot.Url("/robot/send?access_token=t") },
        ]), _time.GetUtcNow());
        var dispatcher = Dispatcher(outbox, Smtp(smtp.Port), http);

        Assert.Equal(new DispatchResult(1, 1, 0), await dispatcher.DispatchAsync());
        await smtp.NextMessageAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DispatchResult(0, 1, 0), await dispatcher.DispatchAsync());
        await Assert.ThrowsAsync<TimeoutException>(() => smtp.NextMessageAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Without_an_smtp_host_the_e_mail_is_held_in_the_outbox_untried_and_a_requeue_after_configuring_delivers_it()
    {
        var outbox = NewOutbox();
        using var http = new HttpClient();
        var n = Deliveries.Digest(channels:
        [
            new ChannelAddress { Kind = ChannelKind.Email, Address = "bgs@kjj.gov.cn" },
            new ChannelAddress { Kind = ChannelKind.WeCom, Address = "bgs-wecom" },
        ]);
        await outbox.TryRecordAsync(n, _time.GetUtcNow());

        Assert.Equal(new DispatchResult(0, 0, 0, Held: 2), await Dispatcher(outbox, new SmtpOptions(), http).DispatchAsync());
        var held = await outbox.ListAsync(new OutboxFilter());
        Assert.Equal(2, held.Count);
        Assert.All(held, d =>
        {
            Assert.Equal(DeliveryStatus.Held, d.Status);
            Assert.Equal(0, d.Attempts);
            Assert.Null(d.NextAttemptAt);
        });
        Assert.Contains("Smtp__Host", held.Single(d => d.Channel == ChannelKind.Email).LastError);
        Assert.Contains("Webhooks__Targets__bgs-wecom__Url", held.Single(d => d.Channel == ChannelKind.WeCom).LastError);

        // Held is not due: the five-minute timer leaves it alone.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DispatchResult(0, 0, 0), await Dispatcher(outbox, new SmtpOptions(), http).DispatchAsync());

        await using var smtp = await SmtpCapture.StartAsync();
        var email = held.Single(d => d.Channel == ChannelKind.Email);
        Assert.True(await outbox.RequeueAsync(email.RecipientCode, email.DeliveryId, _time.GetUtcNow()));
        Assert.Equal(new DispatchResult(1, 0, 0), await Dispatcher(outbox, Smtp(smtp.Port), http).DispatchAsync());
        Assert.Equal(n.Subject, (await smtp.NextMessageAsync()).GetProperty("subject").GetString());
    }

    [Fact]
    public void Backoff_doubles_from_the_first_delay_up_to_the_cap()
    {
        var d = new OutboxDispatcher(NewOutbox(), [], new OutboxDispatchOptions { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromHours(6) },
            _time, NullLogger<OutboxDispatcher>.Instance);
        Assert.Equal(TimeSpan.FromMinutes(1), d.Backoff(1));
        Assert.Equal(TimeSpan.FromMinutes(8), d.Backoff(4));
        Assert.Equal(TimeSpan.FromHours(6), d.Backoff(30));
    }
}
