using Disclosure.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Statistics;

/// <summary>Registers the statistics. Expects the item store and audit trail, the catalogue, the calendar and the clock to be registered already.</summary>
public static class StatisticsServices
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddSingleton<DisclosureStatistics>();
        return services;
    }
}
