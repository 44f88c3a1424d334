using Disclosure.Adapters.Storage;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions;

/// <summary>The one composition root: the Functions host, the offline local host and the tests all call this.</summary>
public static class DisclosureServices
{
    public static IServiceCollection AddDisclosure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CatalogueLoader.Load(DataFiles.Combine("catalogue.json")));
        services.AddSingleton(_ => WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")));
        services.AddDisclosureStorage(configuration);
        return services;
    }
}
