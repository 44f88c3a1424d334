using Disclosure.Notifications;

namespace Disclosure.Tests.Plan;

/// <summary>
/// The outbox with the Table outbox's semantics, kept in memory for the domain tests: recording is all-or-nothing
/// and refuses a known id or claimed key (Table: batch insert → 409); updates need the current version (Table: ETag → 412).
/// </summary>
public sealed class InMemoryOutbox : IOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Recipient, string Id), OutboxDelivery> _deliveries = new();
    private readonly HashSet<(string Recipient, string Key)> _keys = new();
    private readonly HashSet<string> _notificationIds = new();
    private readonly List<Notification> _recorded = new();
    private long _version;

    /// <summary>Every notification accepted, in order (for assertions on reminder keys).</summary>
    public IReadOnlyList<Notification> Recorded
    {
        get { lock (_gate) return _recorded.ToList(); }
    }

    public IReadOnlyList<OutboxDelivery> All
    {
        get { lock (_gate) return _deliveries.Values.OrderBy(d => d.CreatedAt).ThenBy(d => d.DeliveryId, StringComparer.Ordinal).ToList(); }
    }

    public Task<bool> TryRecordAsync(Notification n, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_notificationIds.Add(n.RecipientCode + "\n" + n.Id)) return Task.FromResult(false);
            if (n.ReminderKeys.Any(k => _keys.Contains((n.RecipientCode, k))))
            {
                _notificationIds.Remove(n.RecipientCode + "\n" + n.Id);
                return Task.FromResult(false);
            }
            foreach (var k in n.ReminderKeys) _keys.Add((n.RecipientCode, k));
            _recorded.Add(n);
            foreach (var d in NewDeliveries.For(n, now))
                _deliveries[(d.RecipientCode, d.DeliveryId)] = d with { Version = NextVersion() };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlySet<string>> FindRecordedKeysAsync(string recipientCode, IReadOnlyCollection<string> reminderKeys, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlySet<string>>(reminderKeys.Where(k => _keys.Contains((recipientCode, k))).ToHashSet());
    }

    public Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<OutboxDelivery>>(_deliveries.Values
                .Where(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Sending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(max).ToList());
    }

    public Task<OutboxDelivery?> TryClaimAsync(OutboxDelivery delivery, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
        => Task.FromResult(Replace(delivery, d => d with { Status = DeliveryStatus.Sending, Attempts = d.Attempts + 1, NextAttemptAt = now + lease }));

    public Task<bool> MarkDeliveredAsync(OutboxDelivery claimed, DateTimeOffset now, CancellationToken ct = default)
        => Task.FromResult(Replace(claimed, d => d with { Status = DeliveryStatus.Delivered, DeliveredAt = now, NextAttemptAt = null, LastError = null }) is not null);

    public Task<bool> MarkFailedAsync(OutboxDelivery claimed, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
        => Task.FromResult(Replace(claimed, d => d with
        {
            Status = retryAt is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            NextAttemptAt = retryAt,
            LastError = error,
        }) is not null);

    public Task<bool> MarkHeldAsync(OutboxDelivery claimed, string reason, CancellationToken ct = default)
        => Task.FromResult(Replace(claimed, d => d with
        {
            Status = DeliveryStatus.Held,
            Attempts = Math.Max(0, d.Attempts - 1),
            NextAttemptAt = null,
            LastError = reason,
        }) is not null);

    public Task<bool> RequeueAsync(string recipientCode, string deliveryId, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_deliveries.TryGetValue((recipientCode, deliveryId), out var d) || d.Status is not (DeliveryStatus.Failed or DeliveryStatus.Held)) return Task.FromResult(false);
            return Task.FromResult(Replace(d, x => x with { Status = DeliveryStatus.Pending, NextAttemptAt = now }) is not null);
        }
    }

    public Task<IReadOnlyList<OutboxDelivery>> ListAsync(OutboxFilter filter, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<OutboxDelivery>>(_deliveries.Values
                .Where(d => filter.Status is null || d.Status == filter.Status)
                .Where(d => filter.RecipientCode is null || d.RecipientCode == filter.RecipientCode)
                .OrderByDescending(d => d.CreatedAt).Take(filter.Max).ToList());
    }

    public Task<OutboxDeliveryPage> ListPageAsync(OutboxFilter filter, int pageSize, string? after, CancellationToken ct = default)
    {
        lock (_gate)
        {
            // The table's order: recipient, then delivery id.
            string recipient = "", delivery = "";
            if (after is not null && !OutboxListRequest.TrySplitKey(after, out recipient, out delivery)) throw new ArgumentException("Not an outbox key.", nameof(after));
            var rest = _deliveries.Values.Where(filter.Matches)
                .Where(d => after is null || string.CompareOrdinal(d.RecipientCode, recipient) > 0
                    || (d.RecipientCode == recipient && string.CompareOrdinal(d.DeliveryId, delivery) > 0))
                .OrderBy(d => d.RecipientCode, StringComparer.Ordinal).ThenBy(d => d.DeliveryId, StringComparer.Ordinal)
                .Take(pageSize + 1).ToList();
            var page = rest.Take(pageSize).ToList();
            return Task.FromResult(new OutboxDeliveryPage(page, rest.Count > pageSize ? OutboxListRequest.KeyOf(page[^1]) : null));
        }
    }

    private OutboxDelivery? Replace(OutboxDelivery expected, Func<OutboxDelivery, OutboxDelivery> change)
    {
        lock (_gate)
        {
            if (!_deliveries.TryGetValue((expected.RecipientCode, expected.DeliveryId), out var current) || current.Version != expected.Version)
                return null;
            var updated = change(current) with { Version = NextVersion() };
            _deliveries[(expected.RecipientCode, expected.DeliveryId)] = updated;
            return updated;
        }
    }

    private string NextVersion() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<OutboxBacklog> CountBacklogAsync(int limit, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(OutboxBacklog.Count(_deliveries.Values.Select(d => d.Status).Where(s => s != DeliveryStatus.Delivered).ToList(), limit));
    }
}

/// <summary>The plan store with the Table store's ETag semantics.</summary>
public sealed class InMemoryPlanStore : Disclosure.Plan.IPlanStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Disclosure.Plan.StoredPlan> _plans = new();
    private readonly List<Disclosure.Plan.PlanChange> _changes = [];
    private int _version;

    public Task<Disclosure.Plan.StoredPlan?> GetAsync(int year, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_plans.GetValueOrDefault(year));
    }

    public Task<string?> TrySaveAsync(int year, string json, string? ifMatch, Disclosure.Plan.PlanChange? change = null, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var exists = _plans.TryGetValue(year, out var current);
            if (ifMatch is null ? exists : !exists || current!.ETag != ifMatch) return Task.FromResult<string?>(null);
            var etag = $"W/\"{++_version}\"";
            _plans[year] = new Disclosure.Plan.StoredPlan(json, etag);
            if (change is not null) _changes.Add(change);
            return Task.FromResult<string?>(etag);
        }
    }

    public Task<IReadOnlyList<Disclosure.Plan.PlanChange>> ListChangesAsync(int year, int max, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<Disclosure.Plan.PlanChange>>([.. _changes.Where(c => c.Year == year).Reverse().Take(max)]);
    }
}
