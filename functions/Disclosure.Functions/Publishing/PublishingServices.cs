using Disclosure.Adapters.Publishing;
using Disclosure.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Publishing;

public static class PublishingServices
{
    /// <summary>The portal publisher: renderer (templates parsed once), the site in Blob Storage, staging, publication, sample data.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PortalRenderer>();
        services.AddSingleton<ISiteStore, BlobSiteStore>();
        services.AddSingleton<ISampleDataMarker, BlobSampleDataMarker>();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<SampleData>();
        return services;
    }
}
