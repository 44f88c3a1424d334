using System.Diagnostics.Metrics;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Telemetry;
using Disclosure.Work;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Telemetry;

/// <summary>How fresh the operations gauges are: storage is read at most once per <see cref="MaxAge"/>, whatever the exporter's interval.</summary>
public sealed record OperationsMetricsOptions
{
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The gauges of how the work stands (meter <c>Disclosure</c>): items per state, the age of the oldest message and the
/// poison count of each work queue, the outbox backlog and its failed deliveries. An exporter collects every few
/// seconds and its callback cannot wait for storage, so a collection answers from the last reading and, when that is
/// older than <see cref="OperationsMetricsOptions.MaxAge"/>, starts one new reading in the background (never two at
/// once). Nothing is read while no exporter or listener collects.
/// </summary>
public sealed class OperationsMetrics : IDisposable
{
    /// <summary>Outbox deliveries counted at most per reading (status only); the gauge then shows that many.</summary>
    public const int OutboxCountLimit = 10_000;

    private readonly IItemStateCounter _items;
    private readonly IWorkQueueObserver _queues;
    private readonly IOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<OperationsMetrics> _log;
    private readonly TimeSpan _maxAge;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private Reading? _last;
    private Task? _reading;

    private sealed record Reading(
        DateTimeOffset At, IReadOnlyDictionary<ItemState, long>? Items, IReadOnlyList<WorkQueueReading>? Queues, OutboxBacklog? Outbox);

    public OperationsMetrics(
        IMeterFactory meters, IItemStateCounter items, IWorkQueueObserver queues, IOutbox outbox, TimeProvider time,
        OperationsMetricsOptions options, ILogger<OperationsMetrics> log)
    {
        (_items, _queues, _outbox, _time, _log, _maxAge) = (items, queues, outbox, time, log, options.MaxAge);
        _meter = meters.Create(DisclosureTelemetry.Name);
        _meter.CreateObservableGauge("disclosure.items.by_state", () => Observe(r => r.Items?.Select(p =>
            new Measurement<long>(p.Value, new KeyValuePair<string, object?>("item.state", p.Key.ToString())))),
            "{item}", "Items (their current version) in each state");
        _meter.CreateObservableGauge("disclosure.queue.oldest_message_age", () => Observe(r => r.Queues?.Select(q =>
            new Measurement<double>(q.OldestMessageAge.TotalSeconds, new KeyValuePair<string, object?>("queue", q.Queue)))),
            "s", "How long the oldest message of a work queue has waited");
        _meter.CreateObservableGauge("disclosure.queue.poison_messages", () => Observe(r => r.Queues?.Select(q =>
            new Measurement<long>(q.PoisonMessages, new KeyValuePair<string, object?>("queue", WorkQueues.PoisonOf(q.Queue))))),
            "{message}", "Messages given up on, in each work queue's poison queue");
        _meter.CreateObservableGauge("disclosure.outbox.backlog", () => Observe<long>(r => r.Outbox is { } o ? [new Measurement<long>(o.Undelivered)] : null),
            "{delivery}", "Outbox deliveries not delivered yet (pending, being sent, held for an unconfigured channel)");
        _meter.CreateObservableGauge("disclosure.outbox.failed", () => Observe<long>(r => r.Outbox is { } o ? [new Measurement<long>(o.Failed)] : null),
            "{delivery}", "Outbox deliveries that failed for good and wait for an administrator to requeue them");
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<Reading, IEnumerable<Measurement<T>>?> select) where T : struct
    {
        Reading? last;
        lock (_gate)
        {
            last = _last;
            if ((last is null || _time.GetUtcNow() - last.At >= _maxAge) && _reading is null or { IsCompleted: true })
                _reading = Task.Run(ReadAsync);
        }
        return last is null ? [] : select(last) ?? [];
    }

    /// <summary>Each source on its own: a failing one keeps its last value and does not hold back the others.</summary>
    private async Task ReadAsync()
    {
        var previous = Volatile.Read(ref _last);
        var items = await Attempt("items per state", () => _items.CountByStateAsync(), previous?.Items);
        var queues = await Attempt("work queues", () => _queues.ReadAsync(WorkQueues.All), previous?.Queues);
        var outbox = await Attempt("outbox backlog", () => _outbox.CountBacklogAsync(OutboxCountLimit), previous?.Outbox);
        lock (_gate) _last = new Reading(_time.GetUtcNow(), items, queues, outbox);
    }

    private async Task<T?> Attempt<T>(string what, Func<Task<T>> read, T? previous) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Operations metrics: reading the {What} failed; the gauge keeps its last value", what);
            return previous;
        }
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Creates the gauges when the host starts, so they exist before the first collection.</summary>
internal sealed class OperationsMetricsStartup(OperationsMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
