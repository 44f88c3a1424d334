using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Work;

/// <summary>Reading a queue-triggered function's message.</summary>
internal static class QueueMessage
{
    /// <summary>
    /// False (and logged) when the message cannot be read: it names no item, so there is nothing to do or to mark, and
    /// retrying cannot make it readable; it is dropped rather than left to fail into the poison queue.
    /// </summary>
    public static bool TryRead<T>(string message, Func<string, T> parse, ILogger log, string queue, [NotNullWhen(true)] out T? request)
        where T : class
    {
        try
        {
            request = parse(message);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            log.LogError(e, "Ignoring a malformed message on {Queue}", queue);
            request = null;
            return false;
        }
    }
}
