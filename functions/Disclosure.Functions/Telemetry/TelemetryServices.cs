using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Disclosure.Adapters.Storage;
using Disclosure.Items;
using Disclosure.Telemetry;
using Disclosure.Work;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Disclosure.Functions.Telemetry;

public static class TelemetryServices
{
    /// <summary>The setting Azure sets for Application Insights (infra/app/api.bicep passes it).</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ConsoleSetting = "Telemetry:Console";
    /// <summary>The name under which the OpenTelemetry SDK listens to the host's metrics (its <c>IMetricsListener</c>).</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>
    /// Traces (the item's journey, the Functions worker's invocations) and metrics (<see cref="DisclosureTelemetry"/>),
    /// exported to Azure Monitor when the connection string is set and to the console when <c>Telemetry__Console=true</c>;
    /// off otherwise, so a local run prints nothing extra.
    /// </summary>
    public static IServiceCollection AddDisclosureTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOperationsMetrics();
        var azureMonitor = configuration[ConnectionStringSetting] is { Length: > 0 };
        var console = configuration.GetValue<bool>(ConsoleSetting);
        if (!azureMonitor && !console) return services;

        var telemetry = services.AddOpenTelemetry()
            // The worker's own source names each HTTP, queue and timer invocation.
            .WithTracing(t => t.AddSource(DisclosureTelemetry.Name, "Microsoft.Azure.Functions.Worker"))
            .WithMetrics();
        // Every instrument of the meter Disclosure is on this host's meter factory, and the exporters take that meter of
        // this host only (local scope): AddMeter would subscribe to every meter of the name in the process, so a second
        // host in the process (the tests, the local host beside the import console) would export the first's counts too.
        services.AddMetrics(m => m.EnableMetrics(DisclosureTelemetry.Name, instrumentName: null, OpenTelemetryListener, MeterScope.Local));
        if (console) telemetry.WithTracing(t => t.AddConsoleExporter()).WithMetrics(m => m.AddConsoleExporter());
        if (azureMonitor)
        {
            var credential = EntraCredential(configuration[AuthenticationStringSetting]);
            telemetry.WithTracing(t => t.AddAzureMonitorTraceExporter(o => (o.ConnectionString, o.Credential) = (configuration[ConnectionStringSetting], credential)))
                .WithMetrics(m => m.AddAzureMonitorMetricExporter(o => (o.ConnectionString, o.Credential) = (configuration[ConnectionStringSetting], credential)));
        }
        return services;
    }

    /// <summary>
    /// The operations gauges (<see cref="OperationsMetrics"/>) on the host's meter factory, so that each host has its
    /// own. They read storage only when something collects, so they are registered whether or not an exporter is on.
    /// </summary>
    private static IServiceCollection AddOperationsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(new OperationsMetricsOptions());
        services.AddSingleton<IItemStateCounter>(sp => sp.GetRequiredService<TableItemStore>());
        services.AddSingleton<IWorkQueueObserver, StorageWorkQueueObserver>();
        services.AddSingleton<OperationsMetrics>();
        services.AddHostedService<OperationsMetricsStartup>();
        return services;
    }

    /// <summary>
    /// The item counters (<see cref="ItemMetrics"/>) on the host's meter factory: intake, the check and the publication
    /// record on them whether or not an exporter is on (a counter nobody listens to costs nothing).
    /// </summary>
    public static IServiceCollection AddItemMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ItemMetrics>();
        return services;
    }

    /// <summary>Set by infra/app/api.bicep when Application Insights refuses keys: <c>ClientId={id};Authorization=AAD</c>.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The app's user-assigned identity when the component accepts only Entra sign-in; null sends with the connection string's key.</summary>
    private static TokenCredential? EntraCredential(string? authentication)
    {
        if (authentication is null || !authentication.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase)) return null;
        var clientId = authentication.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == "ClientId")?[1].Trim();
        return clientId is { Length: > 0 } ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)) : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
