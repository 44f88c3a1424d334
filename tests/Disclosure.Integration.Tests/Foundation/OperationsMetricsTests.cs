using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Disclosure.Adapters.Inspection;
using Disclosure.Adapters.Storage;
using Disclosure.Functions.Http;
using Disclosure.Functions.Telemetry;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Support;
using Disclosure.Items;
using Disclosure.LocalHost.Storage;
using Disclosure.Telemetry;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// Issue 17: the metrics an operator watches move with the work. A real local host on its own Azurite (so every count
/// is this test's), a <see cref="MeterListener"/> collecting as an exporter would.
/// </summary>
public class OperationsMetricsTests
{
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    [Fact]
    public async Task Items_per_state_poison_counts_the_outbox_and_the_publication_instruments_move_as_an_item_is_submitted_and_published()
    {
        await using var own = await Azurite.StartAsync();
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = own.ConnectionString },
            // Every collection reads storage again, so the test need not wait out the minute a reading is kept.
            services: s => s.AddSingleton(new OperationsMetricsOptions { MaxAge = TimeSpan.Zero }));
        using var client = host.Client();
        using var metrics = new Metrics(host.Services.GetRequiredService<IMeterFactory>());

        var empty = await metrics.UntilAsync(m => m.Gauge("disclosure.outbox.backlog") is not null && m.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.Published)) == 0);
        Assert.Equal(0, empty.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.Published)));
        Assert.All(WorkQueues.All, q => Assert.Equal(0, empty.Gauge("disclosure.queue.poison_messages", "queue", WorkQueues.PoisonOf(q))));
        Assert.All(WorkQueues.All, q => Assert.NotNull(empty.Gauge("disclosure.queue.oldest_message_age", "queue", q)));
        Assert.Equal(0, empty.Gauge("disclosure.outbox.failed"));

        using var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid("关于公布2026年度科技型中小企业评价结果的通知")));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;
        await ItemJourney.UntilReadyToPublishAsync(client, id, Reviewer);
        var ready = await metrics.UntilAsync(m => m.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.ReadyToPublish)) == 1);
        Assert.Equal(1, ready.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.ReadyToPublish)));

        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        publish.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var published = await client.SendAsync(publish);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        using var run = JsonDocument.Parse(await published.Content.ReadAsStringAsync());
        var blobsWritten = run.RootElement.GetProperty("blobsWritten").GetInt32();

        // A message the host gave up on (decision-notices has no poison-queue function to take it away).
        var poison = new QueueClient(own.ConnectionString, WorkQueues.PoisonOf(WorkQueues.DecisionNotices));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("eyJpdGVtSWQiOiJ4In0=");

        var after = await metrics.UntilAsync(m =>
            m.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.Published)) == 1
            && m.Gauge("disclosure.queue.poison_messages", "queue", WorkQueues.PoisonOf(WorkQueues.DecisionNotices)) == 1);
        Assert.Equal(1, after.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.Published)));
        Assert.Equal(0, after.Gauge("disclosure.items.by_state", "item.state", nameof(ItemState.ReadyToPublish)));
        Assert.Equal(1, after.Gauge("disclosure.queue.poison_messages", "queue", WorkQueues.PoisonOf(WorkQueues.DecisionNotices)));
        Assert.Equal(0, after.Gauge("disclosure.queue.poison_messages", "queue", WorkQueues.PoisonOf(WorkQueues.RenderPages)));
        // The publication instruments are on this host's meter (PublicationMetrics), so what the listener saw is this
        // host's publication: exactly one run, which wrote as many blobs as its answer says.
        Assert.True(blobsWritten > 0);
        Assert.Equal([blobsWritten], after.Recorded(PublicationMetrics.BlobsWrittenInstrument));
        Assert.Single(after.Recorded(PublicationMetrics.DurationInstrument));
        Assert.Contains(after.Recorded("disclosure.items.published"), v => v >= 1);
        // The item counters are this host's too (ItemMetrics on its meter factory): its one item, submitted, checked, published.
        Assert.Equal([1d], after.Recorded(ItemMetrics.SubmittedInstrument));
        Assert.Equal([1d], after.Recorded(ItemMetrics.CheckedInstrument));
        Assert.Equal([1d], after.Recorded(ItemMetrics.PublishedInstrument));
    }

    [Fact]
    public async Task A_work_queue_reading_gives_the_age_of_the_message_at_its_front_and_its_poison_count_without_taking_a_message()
    {
        var queues = await TestStorage.QueuesAsync();
        var name = TestStorage.UniqueName("metrics");
        var work = queues.GetQueueClient(name);
        await work.CreateAsync();
        await work.SendMessageAsync("first");
        var poison = queues.GetQueueClient(WorkQueues.PoisonOf(name));
        await poison.CreateAsync();
        await poison.SendMessageAsync("given up");
        await poison.SendMessageAsync("given up too");
        var empty = TestStorage.UniqueName("metrics");
        // An hour after the message was put on the queue (the service stamps it; the clock is the observer's).
        var clock = new FakeTimeProvider((await work.PeekMessageAsync()).Value.InsertedOn!.Value.AddHours(1));
        var observer = new StorageWorkQueueObserver(queues, new QueuePoisonCounter(queues), clock);

        var readings = (await observer.ReadAsync([name, empty])).ToDictionary(r => r.Queue);

        Assert.Equal(TimeSpan.FromHours(1), readings[name].OldestMessageAge);
        Assert.Equal(2, readings[name].PoisonMessages);
        Assert.Equal(new WorkQueueReading(empty, TimeSpan.Zero, 0), readings[empty]);
        Assert.Equal(1, (await work.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal("first", (await work.ReceiveMessageAsync()).Value.Body.ToString());
    }

    /// <summary>What a listener saw: the last value of each gauge (by instrument and tag) and every recorded measurement.</summary>
    private sealed class Metrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, double> _gauges = new();
        private readonly ConcurrentQueue<(string Instrument, double Value)> _recorded = new();

        public Metrics(IMeterFactory hostMeters)
        {
            // The host's own instruments: gauges, the publication's and the item counters, all on its meter factory.
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DisclosureTelemetry.Name && instrument.Meter.Scope == hostMeters)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
            _listener.Start();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instrument is ObservableGauge<long> or ObservableGauge<double>)
            {
                var key = instrument.Name;
                foreach (var tag in tags) key += $"|{tag.Key}={tag.Value}";
                _gauges[key] = value;
            }
            else
            {
                _recorded.Enqueue((instrument.Name, value));
            }
        }

        public double? Gauge(string instrument, string? tag = null, string? value = null)
            => _gauges.TryGetValue(tag is null ? instrument : $"{instrument}|{tag}={value}", out var v) ? v : null;

        public IEnumerable<double> Recorded(string instrument) => _recorded.Where(r => r.Instrument == instrument).Select(r => r.Value);

        /// <summary>Collects as an exporter would, until <paramref name="done"/> or the patience runs out.</summary>
        public Task<Metrics> UntilAsync(Func<Metrics, bool> done) => Eventually.ReadAsync(() =>
        {
            _listener.RecordObservableInstruments();
            return Task.FromResult(this);
        }, done);

        public void Dispose() => _listener.Dispose();
    }
}
