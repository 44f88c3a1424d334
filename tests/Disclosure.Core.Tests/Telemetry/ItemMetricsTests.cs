using System.Diagnostics.Metrics;
using Disclosure.Compliance;
using Disclosure.Identity;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Telemetry;
using Disclosure.Tests.Applications;
using Disclosure.Tests.Compliance.Flow;
using Disclosure.Tests.Publishing;
using Disclosure.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Disclosure.Tests.Compliance.RuleTestKit;

namespace Disclosure.Tests.Telemetry;

/// <summary>
/// Issue 17: the item counters (submitted, checked, published) are on the meter of the host that did the work, as the
/// publication's instruments are, so two hosts in one process (two service providers) do not add to each other's counts.
/// Each host here is a service provider with a meter factory of its own that scopes its meters to itself, as the host's
/// (<c>AddMetrics</c>) does.
/// </summary>
public class ItemMetricsTests
{
    private static readonly Principal Clerk = new("王科员", "bgs", new HashSet<string> { Role.Submitter });
    private static readonly DateTimeOffset Evening = new(2026, 3, 10, 17, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_submission_counts_on_its_own_hosts_meter_only_and_a_repeated_idempotency_key_is_not_counted_again()
    {
        using var ours = Host();
        using var theirs = Host();
        using var submitted = Collector(ours, ItemMetrics.SubmittedInstrument);
        using var theirSubmitted = Collector(theirs, ItemMetrics.SubmittedInstrument);
        var intake = Intake(ours.GetRequiredService<ItemMetrics>());

        Assert.IsType<IntakeResult.Accepted>(await intake.SubmitAsync(Clerk, Draft(), "key-1", CancellationToken.None));
        var again = Assert.IsType<IntakeResult.Accepted>(await intake.SubmitAsync(Clerk, Draft(), "key-1", CancellationToken.None));

        Assert.False(again.IsNew);
        Assert.Equal([1L], submitted.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Empty(theirSubmitted.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_completed_check_counts_on_its_own_hosts_meter_and_a_stale_message_is_not_counted()
    {
        using var ours = Host();
        using var theirs = Host();
        using var checkedItems = Collector(ours, ItemMetrics.CheckedInstrument);
        using var theirChecked = Collector(theirs, ItemMetrics.CheckedInstrument);
        var flow = new FlowHarness();
        var review = flow.Review(metrics: ours.GetRequiredService<ItemMetrics>());
        var item = flow.Submit("现将本年度科技项目申报有关事项通知如下。");

        var done = await review.CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);
        var repeated = await review.CheckAsync(new CheckRequest(item.Id, item.Version), CancellationToken.None);

        Assert.NotEqual(CheckResult.Ignored, done.Result);
        Assert.Equal(CheckResult.Ignored, repeated.Result);
        Assert.Equal([1L], checkedItems.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Empty(theirChecked.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task An_item_put_on_the_portal_counts_on_the_publishing_hosts_meter_only()
    {
        using var ours = Host();
        using var theirs = Host();
        using var published = Collector(ours, ItemMetrics.PublishedInstrument);
        using var theirPublished = Collector(theirs, ItemMetrics.PublishedInstrument);
        var bed = new PublicationBed(Evening);
        await bed.ReadyAsync("关于开展科技活动周的通知", "正文内容", "张三", ("created", "张三"));
        var service = new PublicationService(bed.Items, bed.Lifecycle(), bed.Items, bed.Site, PublicationBed.Renderer, PublicationBed.Catalogue,
            new OperatorAlerts(bed.Alerts, PublicationBed.Catalogue, new ComplianceOptions()), bed.Time, itemMetrics: ours.GetRequiredService<ItemMetrics>());

        var run = await service.PublishAsync(PublicationTrigger.OnDemand, "审核员", CancellationToken.None);
        var nothingNew = await service.PublishAsync(PublicationTrigger.OnDemand, "审核员", CancellationToken.None);

        Assert.Equal((1, 0), (run.ItemsPublished, nothingNew.ItemsPublished));
        Assert.Equal([1L], published.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Empty(theirPublished.GetMeasurementSnapshot());
    }

    /// <summary>A host's services: its own meter factory and the item counters on it.</summary>
    private static ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory, HostMeters>();
        services.AddSingleton<ItemMetrics>();
        return services.BuildServiceProvider();
    }

    private static MetricCollector<long> Collector(IServiceProvider host, string instrument)
        => new(host.GetRequiredService<IMeterFactory>(), DisclosureTelemetry.Name, instrument);

    private static IntakeService Intake(ItemMetrics metrics)
    {
        var time = Clock();
        var items = new InMemoryItemStore();
        return new IntakeService(Settings, new SubmissionValidator(Settings, items, time), items, new ItemLifecycle(items, time), items,
            new SerialAllocator(), new InMemoryIdempotencyStore(), time, metrics);
    }

    private static SubmissionDraft Draft() => new()
    {
        Title = "关于开展科技项目申报工作的通知", Column = "tzgg", Genre = "通知", FormedOn = "2026-11-20", Attribute = "主动公开",
        Body = "现将有关事项通知如下。",
    };

    private sealed class SerialAllocator : IIndexNumberAllocator
    {
        private int _serial;
        public Task<IndexNumber> NextAsync(string issuerCode, int year, CancellationToken ct = default)
            => Task.FromResult(new IndexNumber(issuerCode, year, Interlocked.Increment(ref _serial)));
    }
}
