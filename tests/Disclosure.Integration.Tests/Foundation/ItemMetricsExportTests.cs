using Disclosure.Functions;
using Disclosure.Functions.Telemetry;
using Disclosure.LocalHost;
using Disclosure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// Issue 17: the item counters moved from a process-wide meter to each host's meter factory (<see cref="ItemMetrics"/>).
/// The exporters the composition root wires (console here; Azure Monitor is added to the same provider) still see them,
/// and each host's exporter sees that host's counts only: before, an exporter subscribed by the meter's name and so
/// counted every host's items in the process (this test saw 3 submissions where its host had 1). Nothing here touches storage.
/// </summary>
public class ItemMetricsExportTests
{
    [Fact]
    public void The_composed_hosts_exporter_sees_the_item_counters_of_its_own_host_only()
    {
        var (ours, ourExport) = ComposedHost();
        var (theirs, theirExport) = ComposedHost();
        using (ours)
        using (theirs)
        {
            var ourMeters = ours.GetRequiredService<MeterProvider>();
            var theirMeters = theirs.GetRequiredService<MeterProvider>();
            // What a host does as it starts: validate on start, which also starts its metrics listeners' subscriptions.
            ours.GetRequiredService<IStartupValidator>().Validate();
            theirs.GetRequiredService<IStartupValidator>().Validate();

            ours.GetRequiredService<ItemMetrics>().Submitted();
            theirs.GetRequiredService<ItemMetrics>().Submitted();
            theirs.GetRequiredService<ItemMetrics>().Submitted();
            theirs.GetRequiredService<ItemMetrics>().Checked();
            ours.GetRequiredService<ItemMetrics>().Published();
            Assert.True(ourMeters.ForceFlush());
            Assert.True(theirMeters.ForceFlush());

            Assert.Equal(1, ourExport.Sum(ItemMetrics.SubmittedInstrument));
            Assert.Equal(0, ourExport.Sum(ItemMetrics.CheckedInstrument));
            Assert.Equal(1, ourExport.Sum(ItemMetrics.PublishedInstrument));
            Assert.Equal(2, theirExport.Sum(ItemMetrics.SubmittedInstrument));
            Assert.Equal(1, theirExport.Sum(ItemMetrics.CheckedInstrument));
            Assert.Equal(0, theirExport.Sum(ItemMetrics.PublishedInstrument));
        }
    }

    /// <summary>The app as <c>AddDisclosure</c> composes it with the console exporter on, plus a reader the test reads.</summary>
    private static (ServiceProvider Host, CapturingExporter Export) ComposedHost()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, LocalSettings.SampleFile);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.ReadValues(sample))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage"] = "UseDevelopmentStorage=true",
                [TelemetryServices.ConsoleSetting] = "true",
            })
            .Build();
        var export = new CapturingExporter();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddDisclosure(configuration);
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddReader(new BaseExportingMetricReader(export)));
        return (services.BuildServiceProvider(), export);
    }

    /// <summary>Keeps the last exported sum of each counter (cumulative, as the exporters' default temporality gives it).</summary>
    private sealed class CapturingExporter : BaseExporter<Metric>
    {
        private readonly Dictionary<string, long> _sums = new();

        public long Sum(string instrument)
        {
            lock (_sums) return _sums.GetValueOrDefault(instrument);
        }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            lock (_sums)
            {
                foreach (var metric in batch)
                {
                    if (metric.MeterName != DisclosureTelemetry.Name || metric.MetricType != MetricType.LongSum) continue;
                    long sum = 0;
                    foreach (ref readonly var point in metric.GetMetricPoints()) sum += point.GetSumLong();
                    _sums[metric.Name] = sum;
                }
            }
            return ExportResult.Success;
        }
    }
}
