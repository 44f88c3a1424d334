using Disclosure.Adapters.Inspection;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Health;

public static class HealthServices
{
    /// <summary>The administrators' health details; the storage probe itself is registered with the storage clients.</summary>
    public static IServiceCollection AddHealthDetails(this IServiceCollection services)
    {
        services.AddSingleton<QueuePoisonCounter>();
        services.AddSingleton<OperationsHealth>();
        return services;
    }
}
