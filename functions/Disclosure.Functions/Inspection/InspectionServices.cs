using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Disclosure.Adapters.Inspection;
using Disclosure.Adapters.Reports;
using Disclosure.Adapters.Settings;
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
        services.AddValidatedSettings<SelfInspectionOptions>(configuration, SelfInspectionOptions.Section, rules => rules
            .Require(nameof(SelfInspectionOptions.NewsMaxDays), o => o.NewsMaxDays > 0, "应为正整数（天）", "must be a positive number of days")
            .Require(nameof(SelfInspectionOptions.NoticeMaxMonths), o => o.NoticeMaxMonths > 0, "应为正整数（月）", "must be a positive number of months")
            .Require(nameof(SelfInspectionOptions.HomeMaxDays), o => o.HomeMaxDays > 0, "应为正整数（天）", "must be a positive number of days")
            .Require(nameof(SelfInspectionOptions.ReviewWaitWorkingDays), o => o.ReviewWaitWorkingDays > 0, "应为正整数（工作日）", "must be a positive number of working days")
            .Require(nameof(SelfInspectionOptions.StuckHours), o => o.StuckHours > 0, "应为正整数（小时）", "must be a positive number of hours")
            .Require(nameof(SelfInspectionOptions.WindowMonths), o => o.WindowMonths is >= 1 and <= 120, "应在 1 到 120 之间（月）", "must be from 1 to 120 months"));

        services.AddSingleton(sp => new AzureAnnualReportStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(InspectionStorage.ReportsContainer),
            sp.GetRequiredService<TableServiceClient>().GetTableClient(InspectionStorage.AnnualReportsTable)));
        services.AddSingleton<IAnnualReportStore>(sp => sp.GetRequiredService<AzureAnnualReportStore>());
        // The older parts of the figures' 修改记录 sit beside the figures record.
        services.AddSingleton<IFiguresHistoryArchive>(sp => sp.GetRequiredService<AzureAnnualReportStore>());
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
