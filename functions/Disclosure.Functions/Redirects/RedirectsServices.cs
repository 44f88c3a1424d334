using Disclosure.Adapters.Redirects;
using Disclosure.Redirects;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Redirects;

public static class RedirectsServices
{
    /// <summary>Old links keep working (issue 18): the address book, its loader, and the publication's redirect step.</summary>
    public static IServiceCollection AddRedirects(this IServiceCollection services)
    {
        services.AddSingleton<ILegacyAddressBook, TableLegacyAddressBook>();
        services.AddSingleton<IRedirectRecords, BlobRedirectRecords>();
        services.AddSingleton<LegacyAddressLoad>();
        // PublicationService takes it as an optional dependency and runs it after the site's manifest.
        services.AddSingleton<RedirectPublisher>();
        return services;
    }
}
