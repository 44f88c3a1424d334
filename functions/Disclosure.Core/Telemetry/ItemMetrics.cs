using System.Diagnostics.Metrics;

namespace Disclosure.Telemetry;

/// <summary>
/// The item counters (meter <c>Disclosure</c>): items accepted at intake, checks completed, items recorded 已发布 on the
/// portal. Like <see cref="PublicationMetrics"/> they are on a meter of the host's <see cref="IMeterFactory"/>, so a
/// listener or exporter of one host counts that host's items only (two hosts in one process, as in the integration
/// tests, no longer add to one process-wide counter); the exporters still find them by the meter's name.
/// </summary>
public sealed class ItemMetrics
{
    public const string SubmittedInstrument = "disclosure.items.submitted";
    public const string CheckedInstrument = "disclosure.items.checked";
    public const string PublishedInstrument = "disclosure.items.published";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _checked;
    private readonly Counter<long> _published;

    public ItemMetrics(IMeterFactory meters)
    {
        // The factory owns the meter and disposes it with the host.
        var meter = meters.Create(DisclosureTelemetry.Name);
        _submitted = meter.CreateCounter<long>(SubmittedInstrument, "{item}", "Items accepted at intake");
        _checked = meter.CreateCounter<long>(CheckedInstrument, "{item}", "Compliance checks completed");
        _published = meter.CreateCounter<long>(PublishedInstrument, "{item}", "Items recorded 已发布 on the portal");
    }

    /// <summary>A new item was accepted (a repeated idempotency key or a correction is not a new item).</summary>
    public void Submitted() => _submitted.Add(1);

    /// <summary>A check ran to a result (a stale or repeated message that changed nothing is not counted).</summary>
    public void Checked() => _checked.Add(1);

    /// <summary>An item was recorded 已发布 and put on the portal (recorded-only items are not counted).</summary>
    public void Published() => _published.Add(1);
}
