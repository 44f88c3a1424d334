using System.Text.Json;
using Disclosure.Adapters.Notifications;
using Disclosure.LocalHost;
using Disclosure.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Integration.Tests.Support;

/// <summary>The notification outbox's dispatcher and a real SMTP server, seen from the fault tests.</summary>
public static class Mail
{
    /// <summary>SMTP settings that point the host at <paramref name="smtp"/> (plain, no STARTTLS: a local test server).</summary>
    public static Dictionary<string, string?> Settings(SmtpCapture smtp) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:StartTls"] = "false",
        ["Smtp:From"] = "gkb@kjj.gov.cn",
    };

    /// <summary>The host's dispatcher (its outbox and SMTP channel), as the DispatchNotifications timer runs it, on a clock of the test's choosing.</summary>
    public static OutboxDispatcher Dispatcher(LocalFunctionsHost host, DateTimeOffset now, int? batchSize = null)
    {
        var options = host.Services.GetRequiredService<OutboxDispatchOptions>();
        return new OutboxDispatcher(host.Services.GetRequiredService<IOutbox>(), host.Services.GetServices<INotificationChannel>(),
            batchSize is { } b ? options with { BatchSize = b } : options, new FakeTimeProvider(now), NullLogger<OutboxDispatcher>.Instance);
    }

    /// <summary>Every message the server received so far (each one is written out before the client's DATA is answered).</summary>
    public static async Task<List<JsonElement>> ReceivedAsync(SmtpCapture smtp, TimeSpan? quiet = null)
    {
        var received = new List<JsonElement>();
        try { while (true) received.Add(await smtp.NextMessageAsync(quiet ?? TimeSpan.FromSeconds(1))); }
        catch (TimeoutException) { }
        return received;
    }

    /// <summary>The Message-ID without its angle brackets: the dispatcher derives it from the delivery id.</summary>
    public static string MessageId(JsonElement message) => message.GetProperty("messageId").GetString()!.Trim('<', '>');
}
