using Disclosure.Adapters.Publishing;
using Disclosure.Functions.Telemetry;
using Disclosure.Notifications;
using Disclosure.Publishing;
using Disclosure.Publishing.Search;
using Disclosure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Publishing;

public static class PublishingServices
{
    /// <summary>The portal publisher: renderer (templates parsed once), the site in Blob Storage, staging, publication, sample data, 发布失败 and 重新发布.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PortalRenderer>();
        services.AddSingleton<ISiteStore, BlobSiteStore>();
        services.AddSingleton<ISampleDataMarker, BlobSampleDataMarker>();
        services.AddSingleton<IPublicationRunLog, BlobPublicationRunLog>();
        // Its duration and blobs written go to this host's meter (the factory AddDisclosureTelemetry registers).
        services.AddMetrics();
        services.AddSingleton<PublicationMetrics>();
        // Items recorded 已发布 are counted on the same host's meter.
        services.AddItemMetrics();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<SampleData>();
        // 发布失败 and 重新发布; the operators' mailboxes are the ComplianceOptions that AddComplianceFlow registers.
        services.AddSingleton<OperatorAlerts>();
        services.AddSingleton<PublicationFailures>();
        // The portal's search page asks GET /api/search first; it reads the published index through its own cache.
        services.AddSingleton(new SearchQueryOptions());
        services.AddSingleton(sp => new SearchQueries(sp.GetRequiredService<ISiteStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SearchQueryOptions>()));
        return services;
    }
}
