using Azure.Core;
using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Notifications;

namespace Disclosure.Adapters.Tests.Notifications;

/// <summary>
/// The outbox page reads one page from the table: filters are asked of the service, and a continuation starts after the
/// last key of the page before (recipient, then delivery id) without reading the rows before it.
/// </summary>
public class TableOutboxPagingTests(AzuriteTables azurite) : IClassFixture<AzuriteTables>
{
    // 2026-02-01 16:00 UTC is midnight in Beijing: the first instant of 2026-02-02 there.
    private static readonly DateTimeOffset ChinaMidnight = new(2026, 2, 1, 16, 0, 0, TimeSpan.Zero);

    private readonly TableRowsRead _rowsRead = new();

    private TableOutbox NewOutbox()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_rowsRead, HttpPipelinePosition.PerCall);
        return new TableOutbox(new TableServiceClient(azurite.ConnectionString, options), "outbox" + Guid.NewGuid().ToString("N")[..12]);
    }

    private static Notification Message(string id, string recipient, ChannelKind channel) => Deliveries.Digest() with
    {
        Id = id,
        RecipientCode = recipient,
        ReminderKeys = [],
        Channels = [new ChannelAddress { Kind = channel, Address = channel == ChannelKind.Email ? "gkb@kjj.gov.cn" : "Robots__bgs" }],
    };

    [Fact]
    public async Task Pages_follow_the_key_order_across_recipients_and_hold_every_delivery_once()
    {
        var outbox = NewOutbox();
        // "bgs-x" sorts after "bgs" as a partition although "bgs-x/…" sorts before "bgs/…" as text: the continuation
        // must compare recipient and delivery id, not the joined key.
        var recipients = new[] { "bgs", "bgs-x", "cwc", "leadership" };
        foreach (var (recipient, r) in recipients.Select((x, i) => (x, i)))
            for (var n = 0; n < 3; n++)
                Assert.True(await outbox.TryRecordAsync(Message($"m-{r}-{n}", recipient, ChannelKind.Email), ChinaMidnight.AddMinutes(n)));

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await outbox.ListPageAsync(new OutboxFilter(), pageSize: 5, after);
            Assert.True(page.Deliveries.Count <= 5);
            seen.AddRange(page.Deliveries.Select(OutboxListRequest.KeyOf));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(12, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(recipients.SelectMany(r => Enumerable.Repeat(r, 3)), seen.Select(k => k[..k.IndexOf('/')]));
    }

    [Fact]
    public async Task Status_channel_recipient_and_China_dates_are_asked_of_the_service()
    {
        var outbox = NewOutbox();
        Assert.True(await outbox.TryRecordAsync(Message("late-on-the-1st", "bgs", ChannelKind.Email), ChinaMidnight.AddSeconds(-1)));
        Assert.True(await outbox.TryRecordAsync(Message("early-on-the-2nd", "bgs", ChannelKind.WeCom), ChinaMidnight));
        Assert.True(await outbox.TryRecordAsync(Message("cwc-on-the-2nd", "cwc", ChannelKind.Email), ChinaMidnight.AddHours(2)));
        var claimed = await outbox.TryClaimAsync((await outbox.ListDueAsync(ChinaMidnight.AddHours(3), 10)).Single(d => d.NotificationId == "cwc-on-the-2nd"),
            ChinaMidnight.AddHours(3), TimeSpan.FromMinutes(5));
        Assert.True(await outbox.MarkFailedAsync(claimed!, "550", retryAt: null));

        async Task<string[]> Ids(OutboxFilter filter) => [.. (await outbox.ListPageAsync(filter, 50, null)).Deliveries.Select(d => d.NotificationId).Order()];

        var second = new DateOnly(2026, 2, 2);
        Assert.Equal(["cwc-on-the-2nd", "early-on-the-2nd"], await Ids(new OutboxFilter { CreatedFrom = second }));
        Assert.Equal(["late-on-the-1st"], await Ids(new OutboxFilter { CreatedTo = second.AddDays(-1) }));
        Assert.Equal(["early-on-the-2nd"], await Ids(new OutboxFilter { Channel = ChannelKind.WeCom }));
        Assert.Equal(["cwc-on-the-2nd"], await Ids(new OutboxFilter { Status = DeliveryStatus.Failed }));
        Assert.Equal(["early-on-the-2nd", "late-on-the-1st"], await Ids(new OutboxFilter { RecipientCode = "bgs" }));
        Assert.Empty(await Ids(new OutboxFilter { RecipientCode = "bgs", Status = DeliveryStatus.Failed }));
    }

    [Fact]
    public async Task A_page_reads_one_row_more_than_it_shows_however_many_rows_come_before_it()
    {
        var outbox = NewOutbox();
        for (var n = 0; n < 40; n++)
            Assert.True(await outbox.TryRecordAsync(Message($"m-{n:D2}", n < 30 ? "bgs" : "cwc", ChannelKind.Email), ChinaMidnight));

        var first = await outbox.ListPageAsync(new OutboxFilter(), pageSize: 3, after: null);
        _rowsRead.Reset();
        var deep = await outbox.ListPageAsync(new OutboxFilter(), pageSize: 3, after: "bgs/" + OutboxDelivery.IdFor("m-28", 0));

        Assert.Equal(3, first.Deliveries.Count);
        Assert.Equal(["m-29", "m-30", "m-31"], deep.Deliveries.Select(d => d.NotificationId));
        Assert.NotNull(deep.Next);
        // The rest of bgs's partition (one row) and the start of the next ones (three rows: two shown, one to know a next page exists).
        Assert.Equal(4, _rowsRead.Count);
    }

    [Fact]
    public async Task A_page_reads_what_its_rows_show_and_not_the_message_bodies()
    {
        var outbox = NewOutbox();
        var body = new string('正', 20_000); // about 60 KB in the table's UTF-8, per body
        for (var n = 0; n < 3; n++)
            Assert.True(await outbox.TryRecordAsync(Message($"long-{n}", "bgs", ChannelKind.Email) with { Text = body, Html = body, Markdown = body }, ChinaMidnight));

        _rowsRead.Reset();
        var page = await outbox.ListPageAsync(new OutboxFilter(), pageSize: 10, after: null);

        Assert.Equal(3, page.Deliveries.Count);
        Assert.All(page.Deliveries, d =>
        {
            Assert.Equal(Deliveries.Digest().Subject, d.Subject);
            Assert.Equal("gkb@kjj.gov.cn", d.Address);
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Equal("", d.Text + d.Html + d.Markdown);
        });
        Assert.True(_rowsRead.Bytes < 8_000, $"一页三行读取了 {_rowsRead.Bytes} 字节");
        // The sender still gets the whole message.
        Assert.All(await outbox.ListDueAsync(ChinaMidnight.AddMinutes(1), 10), d => Assert.Equal(body, d.Text));
    }

    [Fact]
    public async Task A_continuation_that_no_page_could_have_given_is_refused()
    {
        var outbox = NewOutbox();
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.ListPageAsync(new OutboxFilter(), 5, "no-slash"));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.ListPageAsync(new OutboxFilter(), 5, "bgs/a/b"));
        Assert.False(OutboxListRequest.IsKey("/m~0"));
    }
}
