using System.Diagnostics.Metrics;

namespace Disclosure.Tests.Telemetry;

/// <summary>
/// What a host's meter factory does (<c>AddMetrics</c>): meters scoped to it, disposed with it, so that a test can tell
/// two hosts' instruments apart without the Microsoft.Extensions.Diagnostics package.
/// </summary>
internal sealed class HostMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters) _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        lock (_meters) _meters.ForEach(m => m.Dispose());
    }
}
