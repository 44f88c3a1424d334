using System.Diagnostics;
using System.Globalization;
using Disclosure.Telemetry;

namespace Disclosure.Benchmarks;

/// <summary>
/// Where one publication run spends its time, phase by phase (<c>publication.read</c>, <c>.plan</c>, <c>.render</c>…, the
/// activities <see cref="Disclosure.Publishing.PublicationService"/> starts): wall and process CPU milliseconds per phase,
/// so the publish-writes figures show which phase still grows with the catalogue (issue 19). The CPU is the whole
/// process's (GC threads included), which on a quiet benchmark process is the run's.
/// </summary>
internal sealed class PublicationPhases : IDisposable
{
    private const string Prefix = "publication.";
    private readonly ActivityListener _listener;
    private readonly object _gate = new();
    private readonly Dictionary<Activity, TimeSpan> _cpuAtStart = [];
    private readonly List<(string Phase, double WallMs, double CpuMs)> _phases = [];

    public PublicationPhases()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DisclosureTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = OnStarted,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Forgets what was recorded, so the next run is measured alone.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cpuAtStart.Clear();
            _phases.Clear();
        }
    }

    /// <summary>The phases of the runs since <see cref="Clear"/>, in the order they ended: <c>read 3/2 · plan 40/41 …</c> (wall/CPU ms).</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join(" · ", _phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.WallMs:F0}/{p.CpuMs:F0}")));
        }
    }

    private void OnStarted(Activity activity)
    {
        if (!IsPhase(activity)) return;
        var cpu = ProcessCpu();
        lock (_gate) _cpuAtStart[activity] = cpu;
    }

    private void OnStopped(Activity activity)
    {
        if (!IsPhase(activity)) return;
        var cpu = ProcessCpu();
        lock (_gate)
        {
            if (!_cpuAtStart.Remove(activity, out var started)) return;
            _phases.Add((activity.OperationName[Prefix.Length..], activity.Duration.TotalMilliseconds, (cpu - started).TotalMilliseconds));
        }
    }

    // The run itself is the activity "publication"; its phases are "publication.read" and so on.
    private static bool IsPhase(Activity activity) => activity.OperationName.StartsWith(Prefix, StringComparison.Ordinal);

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public void Dispose() => _listener.Dispose();
}
