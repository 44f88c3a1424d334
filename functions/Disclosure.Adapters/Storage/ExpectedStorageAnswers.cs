using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;

namespace Disclosure.Adapters.Storage;

/// <summary>
/// Azure.Core logs every non-success response as a warning, including the answers the stores ask for on purpose:
/// 404 for a blob or row that is not there yet, 409 for a container, table or row that already exists, 412 when another
/// instance changed a row first (optimistic concurrency). The stores handle each of these, so the Azure SDK log
/// forwarder passes them on as Debug; any other failed response stays a warning for the operator.
/// </summary>
public static class ExpectedStorageAnswers
{
    /// <summary>Status codes that the stores treat as an answer, not a fault.</summary>
    public static readonly IReadOnlySet<int> StatusCodes = new HashSet<int> { 404, 409, 412 };

    /// <summary>The forwarder <c>AddAzureClients</c> starts, with the demotion in front of the host's loggers.</summary>
    public static AzureEventSourceLogForwarder Forwarder(ILoggerFactory loggers) => new(new DemotingLoggerFactory(loggers));

    /// <summary>The level to log an Azure SDK event at: Debug for an expected answer, otherwise as the SDK says.</summary>
    public static LogLevel LevelOf<TState>(LogLevel level, EventId eventId, TState state)
        => level == LogLevel.Warning && eventId.Name == "ErrorResponse" && Status(state) is int status && StatusCodes.Contains(status)
            ? LogLevel.Debug
            : level;

    private static int? Status<TState>(TState state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> fields) return null;
        foreach (var (name, value) in fields)
            if (name == "status" && value is int status) return status;
        return null;
    }

    private sealed class DemotingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new DemotingLogger(inner.CreateLogger(categoryName));
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
        // The host owns the factory; the forwarder must not dispose it.
        public void Dispose() { }
    }

    private sealed class DemotingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = LevelOf(logLevel, eventId, state);
            if (inner.IsEnabled(level)) inner.Log(level, eventId, state, exception, formatter);
        }
    }
}
