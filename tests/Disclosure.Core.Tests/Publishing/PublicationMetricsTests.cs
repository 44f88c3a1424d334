using System.Diagnostics.Metrics;
using Disclosure.Compliance;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Telemetry;
using Disclosure.Tests.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Disclosure.Tests.Publishing;

/// <summary>
/// Issue 17: the publication's duration and blobs written are on the meter of the host that ran it, so two hosts in one
/// process (the integration tests' case) do not see each other's runs.
/// </summary>
public class PublicationMetricsTests
{
    private static readonly DateTimeOffset Evening = new(2026, 3, 10, 17, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_publication_records_its_duration_and_the_blobs_it_wrote_on_its_own_hosts_meter_only()
    {
        using var ours = new HostMeters();
        using var theirs = new HostMeters();
        using var duration = new MetricCollector<double>(ours, DisclosureTelemetry.Name, PublicationMetrics.DurationInstrument);
        using var blobs = new MetricCollector<long>(ours, DisclosureTelemetry.Name, PublicationMetrics.BlobsWrittenInstrument);
        using var theirBlobs = new MetricCollector<long>(theirs, DisclosureTelemetry.Name, PublicationMetrics.BlobsWrittenInstrument);

        var run = await PublishOneAsync(ours, "关于开展科技活动周的通知", PublicationTrigger.OnDemand);
        var theirRun = await PublishOneAsync(theirs, "关于公布2026年度科技型中小企业评价结果的通知", PublicationTrigger.Nightly);

        Assert.True(run.BlobsWritten > 0);
        var written = Assert.Single(blobs.GetMeasurementSnapshot());
        Assert.Equal(run.BlobsWritten, written.Value);
        Assert.Equal(nameof(PublicationTrigger.OnDemand), written.Tags[PublicationMetrics.TriggerTag]);
        var took = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.True(took.Value > 0);
        Assert.Equal(nameof(PublicationTrigger.OnDemand), took.Tags[PublicationMetrics.TriggerTag]);

        var theirWritten = Assert.Single(theirBlobs.GetMeasurementSnapshot());
        Assert.Equal(theirRun.BlobsWritten, theirWritten.Value);
        Assert.Equal(nameof(PublicationTrigger.Nightly), theirWritten.Tags[PublicationMetrics.TriggerTag]);
    }

    [Fact]
    public async Task A_run_that_writes_nothing_new_still_records_its_duration_and_zero_blobs()
    {
        using var meters = new HostMeters();
        using var blobs = new MetricCollector<long>(meters, DisclosureTelemetry.Name, PublicationMetrics.BlobsWrittenInstrument);
        using var duration = new MetricCollector<double>(meters, DisclosureTelemetry.Name, PublicationMetrics.DurationInstrument);
        var bed = new PublicationBed(Evening);
        await bed.ReadyAsync("关于开展科技活动周的通知", "正文内容", "张三", ("created", "张三"));
        var service = Service(bed, meters);

        var first = await service.PublishAsync(PublicationTrigger.OnDemand, "审核员", default);
        var second = await service.PublishAsync(PublicationTrigger.OnDemand, "审核员", default);

        Assert.Equal(0, second.BlobsWritten);
        Assert.Equal([first.BlobsWritten, 0L], blobs.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(2, duration.GetMeasurementSnapshot().Count);
    }

    private static async Task<PublicationResult> PublishOneAsync(IMeterFactory meters, string title, PublicationTrigger trigger)
    {
        var bed = new PublicationBed(Evening);
        await bed.ReadyAsync(title, "正文内容", "张三", ("created", "张三"));
        return await Service(bed, meters).PublishAsync(trigger, trigger == PublicationTrigger.Nightly ? null : "审核员", default);
    }

    private static PublicationService Service(PublicationBed bed, IMeterFactory meters) =>
        new(bed.Items, bed.Lifecycle(), bed.Items, bed.Site, PublicationBed.Renderer, PublicationBed.Catalogue,
            new OperatorAlerts(bed.Alerts, PublicationBed.Catalogue, new ComplianceOptions()), bed.Time, metrics: new PublicationMetrics(meters));
}
