using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Inspection;
using Disclosure.Adapters.Reports;
using Disclosure.Inspection;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Inspection.SelfInspection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Disclosure.Functions.Inspection;

/// <summary>
/// Registers the inspection feature: the annual report (figures, generation, submission for publication) and the
/// self-inspection (its readers of the site, queues and findings, its store and the service). Expects the storage
/// clients, the item queries, intake, the plan and the notifier to be registered already.
/// </summary>
public static class InspectionServices
{
    public static IServiceCollection AddInspection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(SelfInspectionOptions.Section).Get<SelfInspectionOptions>() ?? new SelfInspectionOptions());

        services.AddSingleton<IAnnualReportStore>(sp => new AzureAnnualReportStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(InspectionStorage.ReportsContainer),
            sp.GetRequiredService<TableServiceClient>().GetTableClient(InspectionStorage.AnnualReportsTable)));
        // 条例第十七条: the review statement of both reports is read from the audit trail.
        services.AddSingleton<ReviewRecord>();
        services.AddSingleton<AnnualReportService>();
        services.AddSingleton<AnnualReportSubmission>();

        services.AddSingleton<ISiteSnapshot, WebSiteSnapshot>();
        services.AddSingleton<IPoisonQueueCounter, QueuePoisonCounter>();
        services.AddSingleton<IReviewFindingSource, StoredFindings>();
        services.AddSingleton<ISelfInspectionStore>(sp => new BlobSelfInspectionStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(InspectionStorage.ReportsContainer)));
        services.AddSingleton<SelfInspectionService>();
        return services;
    }
}
