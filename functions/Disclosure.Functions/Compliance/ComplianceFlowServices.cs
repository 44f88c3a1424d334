using Disclosure.Adapters.Settings;
using Disclosure.Adapters.Storage;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Items;
using Disclosure.Functions.Telemetry;
using Disclosure.Notifications;
using Disclosure.Telemetry;
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
        services.AddValidatedSettings<ComplianceOptions>(configuration, ComplianceOptions.Section, rules => rules
            .RequireEach(o => o.OperatorEmails, (_, i) => $"{nameof(ComplianceOptions.OperatorEmails)}__{i}", SettingRules<ComplianceOptions>.LooksLikeMailbox,
                "应为邮箱地址", "must be an e-mail address"));
        services.AddSingleton<IComplianceRecords, BlobComplianceRecords>();
        services.AddSingleton<ComplianceNotices>();
        services.AddItemMetrics();
        services.AddSingleton(sp => new ComplianceReview(
            sp.GetRequiredService<IItemStore>(), sp.GetRequiredService<ItemLifecycle>(), sp.GetRequiredService<IContentStore>(), sp.GetRequiredService<ITextExtractor>(),
            sp.GetRequiredService<ItemComplianceCheck>(), sp.GetRequiredService<IComplianceRecords>(),
            sp.GetRequiredService<ComplianceNotices>(), sp.GetRequiredService<CatalogueSettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ICloudPiiDetector>(), sp.GetService<Disclosure.Import.ImportOptions>(),
            sp.GetRequiredService<ItemMetrics>()));
        services.AddSingleton<ReviewService>();
        services.AddSingleton<DecisionNotices>();
        services.AddSingleton<PreflightCheck>();
        services.AddSingleton<ReviewAttachments>();
        return services;
    }
}
