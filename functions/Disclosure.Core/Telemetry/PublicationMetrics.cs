using System.Diagnostics.Metrics;
using Disclosure.Publishing;

namespace Disclosure.Telemetry;

/// <summary>
/// The publication's instruments (meter <c>Disclosure</c>): how long a run took and how many site blobs it wrote. They
/// are on a meter of the host's <see cref="IMeterFactory"/>, like the operations gauges, so that a listener or exporter
/// of one host sees that host's runs only; the exporters pick them up by the meter's name as before.
/// </summary>
public sealed class PublicationMetrics
{
    public const string DurationInstrument = "disclosure.publication.duration";
    public const string BlobsWrittenInstrument = "disclosure.publication.blobs_written";
    public const string TriggerTag = "publication.trigger";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _blobsWritten;

    public PublicationMetrics(IMeterFactory meters)
    {
        // The factory owns the meter and disposes it with the host.
        var meter = meters.Create(DisclosureTelemetry.Name);
        _duration = meter.CreateHistogram<double>(DurationInstrument, "s", "Duration of a publication run");
        _blobsWritten = meter.CreateCounter<long>(BlobsWrittenInstrument, "{blob}", "Site blobs written by publication runs");
    }

    /// <summary>One completed run (a run that failed or found another holding the lock records nothing).</summary>
    public void Completed(PublicationTrigger trigger, TimeSpan duration, int blobsWritten)
    {
        var tag = new KeyValuePair<string, object?>(TriggerTag, trigger.ToString());
        _duration.Record(duration.TotalSeconds, tag);
        _blobsWritten.Add(blobsWritten, tag);
    }
}
