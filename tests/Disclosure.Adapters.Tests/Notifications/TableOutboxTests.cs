using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Notifications;

namespace Disclosure.Adapters.Tests.Notifications;

public class TableOutboxTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 22, 30, 0, TimeSpan.Zero);

    private TableOutbox NewOutbox() => new(new TableServiceClient(azurite.ConnectionString), "outbox" + Guid.NewGuid().ToString("N")[..12]);

    private static Notification Email(string id, params string[] keys) => Deliveries.Digest() with
    {
        Id = id,
        ReminderKeys = keys,
        Channels = [new ChannelAddress { Kind = ChannelKind.Email, Address = "bgs@kjj.gov.cn" }],
    };

    [Fact]
    public async Task The_same_message_is_recorded_once()
    {
        var outbox = NewOutbox();
        Assert.True(await outbox.TryRecordAsync(Email("m-1", "a:1:due"), Now));
        Assert.False(await outbox.TryRecordAsync(Email("m-1", "a:1:due"), Now.AddMinutes(1)));

        var all = await outbox.ListAsync(new OutboxFilter());
        var d = Assert.Single(all);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(Now, d.NextAttemptAt);
        Assert.Equal(["a:1:due"], await outbox.FindRecordedKeysAsync("bgs", ["a:1:due", "b:1:due"]));
    }

    [Fact]
    public async Task The_backlog_counts_open_and_failed_deliveries_but_never_more_than_the_limit()
    {
        var outbox = NewOutbox();
        for (var i = 0; i < 4; i++) Assert.True(await outbox.TryRecordAsync(Email($"m-{i}"), Now));
        var claimed = await outbox.TryClaimAsync((await outbox.ListDueAsync(Now, 1))[0], Now, TimeSpan.FromMinutes(5));
        Assert.True(await outbox.MarkFailedAsync(claimed!, "550 mailbox unavailable", retryAt: null));
        var delivered = await outbox.TryClaimAsync((await outbox.ListDueAsync(Now, 1))[0], Now, TimeSpan.FromMinutes(5));
        Assert.True(await outbox.MarkDeliveredAsync(delivered!, Now));

        Assert.Equal(new OutboxBacklog(Undelivered: 2, Failed: 1, LimitReached: false), await outbox.CountBacklogAsync(limit: 3));
        // Past the limit it stops reading and says so rather than giving an exact-looking number.
        var limited = await outbox.CountBacklogAsync(limit: 2);
        Assert.True(limited.LimitReached);
        Assert.Equal(2, limited.Undelivered + limited.Failed);
    }

    [Fact]
    public async Task A_message_repeating_a_claimed_reminder_is_refused_as_a_whole()
    {
        var outbox = NewOutbox();
        Assert.True(await outbox.TryRecordAsync(Email("m-1", "a:1:due"), Now));
        Assert.False(await outbox.TryRecordAsync(Email("m-2", "b:1:due", "a:1:due"), Now));

        Assert.Single(await outbox.ListAsync(new OutboxFilter()));
        // Nothing of the refused message was written: its other key is still free.
        Assert.Empty(await outbox.FindRecordedKeysAsync("bgs", ["b:1:due"]));
        Assert.True(await outbox.TryRecordAsync(Email("m-3", "b:1:due"), Now));
    }

    [Fact]
    public async Task A_stale_version_cannot_claim_or_mark_a_delivery()
    {
        var outbox = NewOutbox();
        await outbox.TryRecordAsync(Email("m-1"), Now);
        var seen = Assert.Single(await outbox.ListDueAsync(Now, 10));

        var first = await outbox.TryClaimAsync(seen, Now, TimeSpan.FromMinutes(5));
        Assert.NotNull(first);
        Assert.Equal(1, first.Attempts);
        Assert.Null(await outbox.TryClaimAsync(seen, Now, TimeSpan.FromMinutes(5)));   // second dispatcher, old ETag
        Assert.Empty(await outbox.ListDueAsync(Now.AddMinutes(4), 10));                 // leased
        Assert.Single(await outbox.ListDueAsync(Now.AddMinutes(5), 10));                // lease ran out: taken over
        Assert.True(await outbox.MarkDeliveredAsync(first, Now.AddSeconds(3)));
        Assert.False(await outbox.MarkDeliveredAsync(first, Now.AddSeconds(4)));
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(await outbox.ListAsync(new OutboxFilter())).Status);
    }

    [Fact]
    public async Task Outbox_only_recipients_are_recorded_as_delivered_and_every_channel_has_its_own_delivery()
    {
        var outbox = NewOutbox();
        var n = Email("m-1") with
        {
            RecipientCode = "leadership",
            Channels = [new ChannelAddress { Kind = ChannelKind.Email, Address = "gkb@kjj.gov.cn" }, new ChannelAddress { Kind = ChannelKind.Outbox }],
        };
        Assert.True(await outbox.TryRecordAsync(n, Now));

        var all = await outbox.ListAsync(new OutboxFilter { RecipientCode = "leadership" });
        Assert.Equal(2, all.Count);
        Assert.Equal(DeliveryStatus.Delivered, all.Single(d => d.Channel == ChannelKind.Outbox).Status);
        Assert.Equal(n.Id, Assert.Single(await outbox.ListDueAsync(Now, 10)).NotificationId);
    }

    [Fact]
    public async Task A_failed_delivery_stays_listed_and_can_be_requeued()
    {
        var outbox = NewOutbox();
        await outbox.TryRecordAsync(Email("m-1"), Now);
        var claimed = (await outbox.TryClaimAsync(Assert.Single(await outbox.ListDueAsync(Now, 10)), Now, TimeSpan.FromMinutes(5)))!;
        Assert.True(await outbox.MarkFailedAsync(claimed, "SocketException: 拒绝连接", retryAt: null));

        Assert.Empty(await outbox.ListDueAsync(Now.AddDays(30), 10));
        var failed = Assert.Single(await outbox.ListAsync(new OutboxFilter { Status = DeliveryStatus.Failed }));
        Assert.Equal("SocketException: 拒绝连接", failed.LastError);
        Assert.True(await outbox.RequeueAsync("bgs", failed.DeliveryId, Now.AddHours(1)));
        Assert.Single(await outbox.ListDueAsync(Now.AddHours(1), 10));
    }

    [Fact]
    public async Task Bodies_longer_than_a_table_property_survive_the_round_trip()
    {
        var outbox = NewOutbox();
        var html = string.Concat(Enumerable.Repeat("<p>政府信息公开😀</p>", 9000));
        await outbox.TryRecordAsync(Email("m-1") with { Html = html }, Now);
        Assert.Equal(html, Assert.Single(await outbox.ListAsync(new OutboxFilter())).Html);
    }
}
