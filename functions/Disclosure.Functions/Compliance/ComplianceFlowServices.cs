using Disclosure.Adapters.Storage;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Compliance;

public static class ComplianceFlowServices
{
    /// <summary>
    /// The compliance flow: the queue-triggered check, the reviewers' queue and decisions, the poison handler and the
    /// preflight. Needs the items storage, the text extractor (AddDocumentServices), the rules (AddCompliance) and an
    /// <see cref="INotifier"/> (AddPlanAndReminders); the cloud detector is used when one is registered.
    /// </summary>
    public static IServiceCollection AddComplianceFlow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ComplianceOptions.Section).Get<ComplianceOptions>() ?? new ComplianceOptions());
        services.AddSingleton<IComplianceRecords, BlobComplianceRecords>();
        services.AddSingleton<ComplianceNotices>();
        services.AddSingleton(sp => new ComplianceReview(
            sp.GetRequiredService<IItemStore>(), sp.GetRequiredService<ItemLifecycle>(), sp.GetRequiredService<IContentStore>(), sp.GetRequiredService<ITextExtractor>(),
            sp.GetRequiredService<ItemComplianceCheck>(), sp.GetRequiredService<IComplianceRecords>(),
            sp.GetRequiredService<ComplianceNotices>(), sp.GetRequiredService<CatalogueSettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ICloudPiiDetector>()));
        services.AddSingleton<ReviewService>();
        services.AddSingleton<DecisionNotices>();
        services.AddSingleton<PreflightCheck>();
        services.AddSingleton<ReviewAttachments>();
        return services;
    }
}
