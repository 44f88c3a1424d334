using Disclosure.Notifications;
using Microsoft.Extensions.Logging;

namespace Disclosure.Adapters.Notifications;

/// <summary>
/// Configuration section <c>Outbox</c>. The dispatch timer's schedule is the flat setting <c>OutboxDispatchSchedule</c>
/// (suggested <c>0 */5 * * * *</c>): retries need a steady beat, independent of the daily reminder run.
/// </summary>
public sealed record OutboxDispatchOptions
{
    public const string Section = "Outbox";

    public int BatchSize { get; init; } = 50;
    /// <summary>After this many attempts a delivery is marked failed (still listed on the admin page, can be requeued).</summary>
    public int MaxAttempts { get; init; } = 10;
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(6);
    /// <summary>How long a claimed delivery is left to its dispatcher before another may take it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);
}

/// <param name="Held">Deliveries whose channel is not configured here: kept in the outbox, not failures.</param>
public sealed record DispatchResult(int Delivered, int Failed, int Skipped, int Held = 0);

/// <summary>
/// Sends what the outbox holds. Each delivery is claimed (version-checked) before it is sent, so two dispatchers do
/// not both send it; a failure is recorded with the error and the time of the next attempt (exponential backoff),
/// never dropped.
/// </summary>
public sealed class OutboxDispatcher(
    IOutbox outbox,
    IEnumerable<INotificationChannel> channels,
    OutboxDispatchOptions options,
    TimeProvider time,
    ILogger<OutboxDispatcher> log)
{
    private readonly IReadOnlyList<INotificationChannel> _channels = channels.ToList();

    public async Task<DispatchResult> DispatchAsync(CancellationToken ct = default)
    {
        int delivered = 0, failed = 0, skipped = 0, held = 0;
        foreach (var due in await outbox.ListDueAsync(time.GetUtcNow(), options.BatchSize, ct))
        {
            var claimed = await outbox.TryClaimAsync(due, time.GetUtcNow(), options.Lease, ct);
            if (claimed is null)
            {
                skipped++;
                continue;
            }
            try
            {
                var channel = _channels.FirstOrDefault(c => c.Handles(claimed.Channel))
                    ?? throw new ChannelNotConfiguredException($"本系统没有“{OutboxAdministration.ChannelText(claimed.Channel)}”发送渠道，消息保留在发件箱");
                await channel.SendAsync(claimed, ct);
                await outbox.MarkDeliveredAsync(claimed, time.GetUtcNow(), ct);
                delivered++;
            }
            catch (ChannelNotConfiguredException ex)
            {
                // Retrying cannot help until someone configures the channel; the admin page shows it and can requeue it.
                await outbox.MarkHeldAsync(claimed, ex.Message, ct);
                held++;
                log.LogInformation("Delivery {DeliveryId} to {Recipient} by {Channel} held in the outbox: {Reason}", claimed.DeliveryId, claimed.RecipientCode, claimed.Channel, ex.Message);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var retryAt = claimed.Attempts >= options.MaxAttempts ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(claimed.Attempts);
                await outbox.MarkFailedAsync(claimed, $"{ex.GetType().Name}: {ex.Message}", retryAt, ct);
                failed++;
                if (retryAt is null)
                    log.LogError(ex, "Delivery {DeliveryId} to {Recipient} by {Channel} failed for good after {Attempts} attempts", claimed.DeliveryId, claimed.RecipientCode, claimed.Channel, claimed.Attempts);
                else
                    log.LogWarning(ex, "Delivery {DeliveryId} to {Recipient} by {Channel} failed (attempt {Attempts}); next attempt at {RetryAt}", claimed.DeliveryId, claimed.RecipientCode, claimed.Channel, claimed.Attempts, retryAt);
            }
        }
        return new DispatchResult(delivered, failed, skipped, held);
    }

    /// <summary>First delay after the first attempt, doubling, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstRetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay;
    }
}
