using System.Text.Json;

namespace Disclosure.LocalHost.Functions;

/// <summary>The queue settings of host.json, read the way the Functions host reads them.</summary>
public sealed record QueueHostOptions
{
    public int BatchSize { get; init; } = 16;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// How long a received message stays invisible before the runner renews it (every half of it while the function
    /// runs, as the Functions host renews its own), so a host that dies mid-run, or a receive whose answer never came
    /// back, gives it up after this at most (not a host.json setting). It was a fixed ten minutes: messages taken by a
    /// receive that timed out sat invisible that long with nobody working on them. Crash-recovery tests shorten it.
    /// </summary>
    public TimeSpan ProcessingLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a receive may take (the storage client's own retries within it) before the runner polls again.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static QueueHostOptions Load(string hostJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q))
            return new QueueHostOptions();
        var defaults = new QueueHostOptions();
        return new QueueHostOptions
        {
            BatchSize = q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : defaults.BatchSize,
            MaxDequeueCount = q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : defaults.MaxDequeueCount,
            VisibilityTimeout = q.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!) : defaults.VisibilityTimeout,
            MaxPollingInterval = q.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!) : defaults.MaxPollingInterval,
        };
    }
}

/// <summary>host.json's <c>logging.logLevel</c>, applied as the Functions host applies it (e.g. Azure.Core at Warning, not every request).</summary>
public static class HostJsonLogging
{
    public static void Apply(ILoggingBuilder logging, string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath)) return;
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        if (!doc.RootElement.TryGetProperty("logging", out var section) || !section.TryGetProperty("logLevel", out var levels)) return;
        foreach (var entry in levels.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || !Enum.TryParse<LogLevel>(entry.Value.GetString(), ignoreCase: true, out var level)) continue;
            if (entry.Name.Equals("default", StringComparison.OrdinalIgnoreCase)) logging.SetMinimumLevel(level);
            else logging.AddFilter(entry.Name, level);
        }
    }
}
