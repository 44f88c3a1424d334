using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// A sequence kept as one entity of the counters table, advanced with optimistic concurrency (If-Match): every instance
/// may take a number, none gets one twice, and numbers are consecutive while the callers succeed.
/// </summary>
internal static class TableCounter
{
    /// <summary>The next number of an unbounded sequence (1 for a new one).</summary>
    public static Task<int> NextAsync(TableClient counters, string partition, string rowKey, CancellationToken ct)
        => NextAsync(counters, partition, rowKey, int.MaxValue, () => new UnreachableException(), ct);

    /// <summary>The next number of the sequence (1 for a new one); <paramref name="exhausted"/> is thrown past <paramref name="max"/>.</summary>
    public static async Task<int> NextAsync(TableClient counters, string partition, string rowKey, int max, Func<Exception> exhausted,
        CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var existing = await counters.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            try
            {
                if (!existing.HasValue)
                {
                    await counters.AddEntityAsync(new TableEntity(partition, rowKey) { ["Last"] = 1 }, ct);
                    return 1;
                }
                var next = existing.Value!.GetInt32("Last")!.Value + 1;
                if (next > max) throw exhausted();
                existing.Value["Last"] = next;
                await counters.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance took this number: back off a little (with jitter, so contenders spread out) and retry.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + Math.Min(attempt, 20) * 5)), ct);
            }
        }
    }

    /// <summary>
    /// Makes the sequence's last number at least <paramref name="atLeast"/> (never lowers it), so that the next number is
    /// after numbers assigned elsewhere. Safe to repeat and to race with <see cref="NextAsync(TableClient, string, string, CancellationToken)"/>.
    /// </summary>
    public static async Task RaiseAsync(TableClient counters, string partition, string rowKey, int atLeast, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var existing = await counters.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            try
            {
                if (!existing.HasValue)
                {
                    await counters.AddEntityAsync(new TableEntity(partition, rowKey) { ["Last"] = atLeast }, ct);
                    return;
                }
                if (existing.Value!.GetInt32("Last")!.Value >= atLeast) return;
                existing.Value["Last"] = atLeast;
                await counters.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // A submission took a number meanwhile: look again; it may already be past the imported serials.
            }
        }
    }
}
