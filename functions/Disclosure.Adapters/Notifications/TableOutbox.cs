using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Disclosure.Notifications;

namespace Disclosure.Adapters.Notifications;

/// <summary>
/// The outbox in Azure Table storage (table <c>outbox</c>). Partition = recipient, so a message's deliveries and the
/// reminder keys it claims are written in ONE entity-group transaction: either all exist or none. Row keys:
/// <c>d~{notificationId}~{channel}</c> deliveries, <c>n~{hash}</c> the message id claim, <c>k~{hash}</c> reminder
/// key claims. An insert that meets an existing row fails the batch with 409: "already recorded".
/// </summary>
public sealed class TableOutbox(TableServiceClient service, string tableName = TableOutbox.TableName) : IOutbox
{
    public const string TableName = "outbox";
    private const int MaxTransactionActions = 100;
    /// <summary>A Table string property holds 64 KiB = 32 Ki UTF-16 chars; longer bodies are split.</summary>
    private const int ChunkChars = 30_000;

    private readonly TableClient _table = service.GetTableClient(tableName);
    private Task? _created;

    // Created once per instance; a failed attempt (storage not up yet) is retried on the next call.
    private Task EnsureTableAsync(CancellationToken ct)
        => _created is { IsFaulted: false, IsCanceled: false } ? _created : _created = _table.CreateIfNotExistsAsync(ct);

    public async Task<bool> TryRecordAsync(Notification n, DateTimeOffset now, CancellationToken ct = default)
    {
        RequireKeySafe(n.RecipientCode);
        RequireKeySafe(n.Id);
        await EnsureTableAsync(ct);
        var deliveries = NewDeliveries.For(n, now);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(n.RecipientCode, "n~" + Hash(n.Id)) { ["NotificationId"] = n.Id, ["CreatedAt"] = now }),
        };
        foreach (var key in n.ReminderKeys.Distinct(StringComparer.Ordinal))
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(n.RecipientCode, "k~" + Hash(key)) { ["Key"] = key, ["NotificationId"] = n.Id, ["CreatedAt"] = now }));
        actions.AddRange(deliveries.Select(d => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(d))));
        if (actions.Count > MaxTransactionActions)
            throw new InvalidOperationException($"一条消息最多关联 {MaxTransactionActions - 1 - deliveries.Count} 个提醒（实际 {n.ReminderKeys.Count} 个）：请拆分");

        try
        {
            await _table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // TableTransactionFailedException is a RequestFailedException: some row already exists, nothing was written.
            return false;
        }
    }

    public async Task<IReadOnlySet<string>> FindRecordedKeysAsync(string recipientCode, IReadOnlyCollection<string> reminderKeys, CancellationToken ct = default)
    {
        RequireKeySafe(recipientCode);
        await EnsureTableAsync(ct);
        var found = await Task.WhenAll(reminderKeys.Distinct(StringComparer.Ordinal).Select(async key =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(recipientCode, "k~" + Hash(key), ["Key"], ct);
            return row.HasValue ? key : null;
        }));
        return found.OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {"d~"} and RowKey lt {"d\u007f"} and (Status eq {nameof(DeliveryStatus.Pending)} or Status eq {nameof(DeliveryStatus.Sending)}) and NextAttemptAt le {now.UtcDateTime}");
        var due = new List<OutboxDelivery>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) due.Add(FromEntity(e));
        return due.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.DeliveryId, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<OutboxDelivery?> TryClaimAsync(OutboxDelivery delivery, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
        => await ReplaceAsync(delivery with { Status = DeliveryStatus.Sending, Attempts = delivery.Attempts + 1, NextAttemptAt = now + lease }, ct);

    public async Task<bool> MarkDeliveredAsync(OutboxDelivery claimed, DateTimeOffset now, CancellationToken ct = default)
        => await ReplaceAsync(claimed with { Status = DeliveryStatus.Delivered, DeliveredAt = now, NextAttemptAt = null, LastError = null }, ct) is not null;

    public async Task<bool> MarkFailedAsync(OutboxDelivery claimed, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
        => await ReplaceAsync(claimed with
        {
            Status = retryAt is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            NextAttemptAt = retryAt,
            LastError = error.Length > 2000 ? error[..2000] : error,
        }, ct) is not null;

    public async Task<bool> MarkHeldAsync(OutboxDelivery claimed, string reason, CancellationToken ct = default)
        => await ReplaceAsync(claimed with
        {
            Status = DeliveryStatus.Held,
            // The claim counted an attempt that was never made.
            Attempts = Math.Max(0, claimed.Attempts - 1),
            NextAttemptAt = null,
            LastError = reason.Length > 2000 ? reason[..2000] : reason,
        }, ct) is not null;

    public async Task<bool> RequeueAsync(string recipientCode, string deliveryId, DateTimeOffset now, CancellationToken ct = default)
    {
        RequireKeySafe(recipientCode);
        RequireKeySafe(deliveryId);
        await EnsureTableAsync(ct);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(recipientCode, "d~" + deliveryId, cancellationToken: ct);
        if (!row.HasValue) return false;
        var current = FromEntity(row.Value!);
        if (current.Status is not (DeliveryStatus.Failed or DeliveryStatus.Held)) return false;
        return await ReplaceAsync(current with { Status = DeliveryStatus.Pending, NextAttemptAt = now }, ct) is not null;
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListAsync(OutboxFilter f, CancellationToken ct = default)
    {
        await EnsureTableAsync(ct);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"d~"} and RowKey lt {"d\u007f"}");
        if (f.RecipientCode is { } r) filter += " and " + TableClient.CreateQueryFilter($"PartitionKey eq {r}");
        if (f.Status is { } s) filter += " and " + TableClient.CreateQueryFilter($"Status eq {s.ToString()}");
        var list = new List<OutboxDelivery>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) list.Add(FromEntity(e));
        return list.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.DeliveryId, StringComparer.Ordinal).Take(f.Max).ToList();
    }

    /// <summary>
    /// Every filter is asked of the service, so each row that comes back belongs on the page: at most one more than the
    /// page is read (to know whether a next page exists). A continuation reads the rest of its recipient's partition,
    /// then the partitions after it: two key-range queries, never the rows before the continuation.
    /// </summary>
    public async Task<OutboxDeliveryPage> ListPageAsync(OutboxFilter f, int pageSize, string? after, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? afterRecipient = null, afterDelivery = null;
        if (after is not null && !OutboxListRequest.TrySplitKey(after, out afterRecipient, out afterDelivery))
            throw new ArgumentException("Not an outbox key.", nameof(after));
        await EnsureTableAsync(ct);

        var filter = TableClient.CreateQueryFilter($"RowKey ge {"d~"} and RowKey lt {"d\u007f"}");
        if (f.RecipientCode is { } r) filter += " and " + TableClient.CreateQueryFilter($"PartitionKey eq {r}");
        if (f.Status is { } s) filter += " and " + TableClient.CreateQueryFilter($"Status eq {s.ToString()}");
        if (f.Channel is { } c) filter += " and " + TableClient.CreateQueryFilter($"Channel eq {c.ToString()}");
        if (f.CreatedSince is { } since) filter += " and " + TableClient.CreateQueryFilter($"CreatedAt ge {since}");
        if (f.CreatedBefore is { } before) filter += " and " + TableClient.CreateQueryFilter($"CreatedAt lt {before}");

        var ranges = afterRecipient is null
            ? [filter]
            : new[]
            {
                filter + " and " + TableClient.CreateQueryFilter($"PartitionKey eq {afterRecipient} and RowKey gt {"d~" + afterDelivery}"),
                filter + " and " + TableClient.CreateQueryFilter($"PartitionKey gt {afterRecipient}"),
            };
        var page = new List<OutboxDelivery>(Math.Min(pageSize, 100));
        foreach (var range in ranges)
        {
            // Asks the service for no more rows than the page still needs, plus the one that tells a next page exists.
            await foreach (var e in _table.QueryAsync<TableEntity>(range, maxPerPage: Math.Min(pageSize + 1 - page.Count, 1000), select: ListedColumns, cancellationToken: ct))
            {
                if (page.Count == pageSize) return new OutboxDeliveryPage(page, OutboxListRequest.KeyOf(page[^1]));
                page.Add(FromEntity(e));
            }
        }
        return new OutboxDeliveryPage(page, null);
    }

    /// <summary>
    /// What a list row shows, so a page never reads the message bodies (up to three times 30,000 characters a row). A
    /// subject longer than one chunk is listed by its first chunk; none comes near that.
    /// </summary>
    private static readonly string[] ListedColumns =
    [
        "PartitionKey", "RowKey", "NotificationId", "RecipientName", "Channel", "Address", "Status", "Attempts",
        "CreatedAt", "NextAttemptAt", "DeliveredAt", "LastError", "SubjectParts", "Subject0",
    ];

    public async Task<OutboxBacklog> CountBacklogAsync(int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await EnsureTableAsync(ct);
        // Delivered rows are most of the table and never counted; only Status is read, never the bodies. One row past
        // the limit tells "exactly the limit" from "more".
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {"d~"} and RowKey lt {"d\u007f"} and Status ne {nameof(DeliveryStatus.Delivered)}");
        var statuses = new List<DeliveryStatus>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), select: ["Status"], cancellationToken: ct).AsPages().WithCancellation(ct))
        {
            statuses.AddRange(page.Values.Select(e => Enum.Parse<DeliveryStatus>(e.GetString("Status") ?? nameof(DeliveryStatus.Pending))));
            if (statuses.Count > limit) break;
        }
        return OutboxBacklog.Count(statuses, limit);
    }

    /// <summary>Replaces the row only if it still has the version the caller read (If-Match: ETag); null when it changed.</summary>
    private async Task<OutboxDelivery?> ReplaceAsync(OutboxDelivery updated, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(updated), new ETag(updated.Version), TableUpdateMode.Replace, ct);
            return updated with { Version = response.Headers.ETag?.ToString() ?? "" };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    private static TableEntity ToEntity(OutboxDelivery d)
    {
        var e = new TableEntity(d.RecipientCode, "d~" + d.DeliveryId)
        {
            ["NotificationId"] = d.NotificationId,
            ["RecipientName"] = d.RecipientName,
            ["Channel"] = d.Channel.ToString(),
            ["Address"] = d.Address,
            ["Status"] = d.Status.ToString(),
            ["Attempts"] = d.Attempts,
            ["CreatedAt"] = d.CreatedAt,
            ["NextAttemptAt"] = d.NextAttemptAt,
            ["DeliveredAt"] = d.DeliveredAt,
            ["LastError"] = d.LastError,
        };
        PutChunked(e, "Subject", d.Subject);
        PutChunked(e, "Text", d.Text);
        PutChunked(e, "Html", d.Html);
        PutChunked(e, "Markdown", d.Markdown);
        return e;
    }

    private static OutboxDelivery FromEntity(TableEntity e) => new()
    {
        RecipientCode = e.PartitionKey,
        DeliveryId = e.RowKey["d~".Length..],
        NotificationId = e.GetString("NotificationId") ?? "",
        RecipientName = e.GetString("RecipientName") ?? "",
        Channel = Enum.Parse<ChannelKind>(e.GetString("Channel") ?? nameof(ChannelKind.Outbox)),
        Address = e.GetString("Address") ?? "",
        Subject = GetChunked(e, "Subject"),
        Text = GetChunked(e, "Text"),
        Html = GetChunked(e, "Html"),
        Markdown = GetChunked(e, "Markdown"),
        Status = Enum.Parse<DeliveryStatus>(e.GetString("Status") ?? nameof(DeliveryStatus.Pending)),
        Attempts = e.GetInt32("Attempts") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        DeliveredAt = e.GetDateTimeOffset("DeliveredAt"),
        LastError = e.GetString("LastError"),
        Version = e.ETag.ToString(),
    };

    private static void PutChunked(TableEntity e, string name, string value)
    {
        var parts = 0;
        for (var position = 0; position < value.Length; parts++)
        {
            var length = Math.Min(ChunkChars, value.Length - position);
            // Never split a surrogate pair across two properties.
            if (position + length < value.Length && char.IsHighSurrogate(value[position + length - 1])) length--;
            e[$"{name}{parts}"] = value.Substring(position, length);
            position += length;
        }
        e[name + "Parts"] = parts;
    }

    private static string GetChunked(TableEntity e, string name)
    {
        var parts = e.GetInt32(name + "Parts") ?? 0;
        var sb = new StringBuilder();
        for (var i = 0; i < parts; i++) sb.Append(e.GetString($"{name}{i}"));
        return sb.ToString();
    }

    internal static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary>Table keys must not contain '/', '\\', '#', '?' or control characters.</summary>
    private static void RequireKeySafe(string s)
    {
        if (s.Length == 0 || s.Length > 400 || s.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
            throw new ArgumentException($"不能用作表格键：{s}", nameof(s));
    }
}
