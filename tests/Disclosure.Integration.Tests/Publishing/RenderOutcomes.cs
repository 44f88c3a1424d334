using System.Collections.Concurrent;
using Disclosure.Functions.Publishing;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disclosure.Integration.Tests.Publishing;

/// <summary>
/// What <c>RenderItem</c> did with each render-pages message, read from its log line. The render step keeps nothing (it
/// renders the page in memory; the next publication renders it again) and it consumes the queue, so a test that wants
/// to know a render message for a version was handled waits for its outcome here instead of reading the queue.
/// Register it on a host with <see cref="AddTo"/>; one instance may watch several hosts (one killed, the next).
/// </summary>
public sealed class RenderOutcomes : ILoggerProvider
{
    private readonly ConcurrentQueue<Handled> _handled = new();

    /// <summary>One render message handled to the end: the item, the version it named and the outcome.</summary>
    public sealed record Handled(string ItemId, int Version, RenderOutcome Outcome);

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    /// <summary>The messages handled for one item, repeats included.</summary>
    public IReadOnlyList<Handled> Of(string itemId) => _handled.Where(h => h.ItemId == itemId).ToList();

    /// <summary>The ids of every item a render message was handled for.</summary>
    public IReadOnlyList<string> Items => _handled.Select(h => h.ItemId).Distinct(StringComparer.Ordinal).ToList();

    /// <returns>The outcome of a message for the item's version, or null if none was handled within <paramref name="patience"/>.</returns>
    public async Task<RenderOutcome?> WaitAsync(string itemId, int version, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (Of(itemId).LastOrDefault(h => h.Version == version) is { } handled) return handled.Outcome;
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(100);
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(RenderItem).FullName ? new RenderItemLog(_handled) : NullLogger.Instance;

    public void Dispose()
    {
    }

    /// <summary>Reads the values of <c>Render {ItemId} v{Version}: {Outcome} ({Detail})</c>.</summary>
    private sealed class RenderItemLog(ConcurrentQueue<Handled> handled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            var fields = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            if (fields.GetValueOrDefault("ItemId") is string itemId && fields.GetValueOrDefault("Version") is int version
                && fields.GetValueOrDefault("Outcome") is RenderOutcome outcome)
                handled.Enqueue(new Handled(itemId, version, outcome));
        }
    }
}
