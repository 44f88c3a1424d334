using Disclosure.Adapters.Documents;
using Disclosure.Adapters.Plan;
using Disclosure.Adapters.Settings;
using Disclosure.Adapters.Storage;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Compliance;
using Disclosure.Functions.Applications;
using Disclosure.Functions.Calendar;
using Disclosure.Functions.Compliance;
using Disclosure.Functions.Health;
using Disclosure.Functions.Home;
using Disclosure.Functions.Http;
using Disclosure.Functions.Import;
using Disclosure.Functions.Inspection;
using Disclosure.Functions.Plan;
using Disclosure.Functions.Publishing;
using Disclosure.Functions.Redirects;
using Disclosure.Functions.Telemetry;
using Disclosure.Functions.ReadingRoom;
using Disclosure.Functions.Statistics;
using Disclosure.Inspection.AnnualReport;
using Disclosure.Intake;
using Disclosure.Items;
using Disclosure.Publishing;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions;

/// <summary>The one composition root: the Functions host, the offline local host and the tests all call this.</summary>
public static class DisclosureServices
{
    public static IServiceCollection AddDisclosure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        // Disclosure__CatalogueFile points at another agency's catalogue; the bureau's ships with the app.
        services.AddSingleton(_ => CatalogueLoader.Load(configuration["Disclosure:CatalogueFile"] is { Length: > 0 } file ? file : DataFiles.Combine("catalogue.json")));
        services.AddSingleton(_ => WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")));
        services.AddDisclosureStorage(configuration);
        services.AddItems();
        services.AddHttpAccess(configuration);
        services.AddIntake();
        services.AddDocumentServices(configuration);
        services.AddCompliance();
        services.AddPlanAndReminders(configuration);
        services.AddPublishing();
        services.AddRedirects();
        services.AddPlanFlow();
        services.AddCalendarFlow();
        services.AddInspection(configuration);
        services.AddReadingRoom();
        services.AddStatistics();
        services.AddComplianceFlow(configuration);
        services.AddApplications(configuration);
        services.AddWorkbenchHome();
        services.AddCatalogueImport(configuration);
        services.AddHealthDetails();
        services.AddDisclosureTelemetry(configuration);
        services.AddSingleton<Api.ApiDescriptionJson>();
        return services;
    }

    private static IServiceCollection AddItems(this IServiceCollection services)
    {
        services.AddSingleton<TableItemStore>();
        services.AddSingleton<IItemStore>(sp => sp.GetRequiredService<TableItemStore>());
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<TableItemStore>());
        services.AddSingleton<IItemListing>(sp => sp.GetRequiredService<TableItemStore>());
        services.AddSingleton<IPublicationInbox>(sp => sp.GetRequiredService<TableItemStore>());
        services.AddSingleton<IContentStore, BlobContentStore>();
        services.AddSingleton<IIndexNumberAllocator, TableIndexNumberAllocator>();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<OrphanContentSweep>();
        services.AddSingleton<ItemLifecycle>();
        services.AddSingleton<ItemQueries>();
        services.AddSingleton<IItemDirectory>(sp => sp.GetRequiredService<ItemQueries>());
        services.AddSingleton<ILatestPublications>(sp => sp.GetRequiredService<ItemQueries>());
        services.AddSingleton<IReportItemSource>(sp => sp.GetRequiredService<ItemQueries>());
        return services;
    }

    private static IServiceCollection AddHttpAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<IdentityOptions>(configuration, IdentityOptions.Section, rules => rules
            .Require(nameof(IdentityOptions.DepartmentClaim), o => !string.IsNullOrWhiteSpace(o.DepartmentClaim), "应为携带处室代码的声明类型", "must name the claim that carries the department code")
            .Require(nameof(IdentityOptions.SubmitterRole), o => !string.IsNullOrWhiteSpace(o.SubmitterRole), "应为报送人员的应用角色名", "must name the submitters' app role"));
        services.AddSingleton<RequestPrincipal>();
        services.AddValidatedSettings<FormTokenOptions>(configuration, FormTokenOptions.Section, rules => rules
            .Require(nameof(FormTokenOptions.Lifetime), o => o.Lifetime > TimeSpan.Zero, "应大于零", "must be greater than zero"));
        services.AddSingleton<FormTokens>();
        services.AddSingleton<WorkbenchPages>();
        services.AddSingleton<HttpWorkbench>();
        return services;
    }

    private static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<SubmissionValidator>();
        // Items accepted at intake are counted on the host's meter.
        services.AddItemMetrics();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<Intake.SubmissionAnswers>();
        return services;
    }

    private static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddSingleton(_ => SensitiveWordList.LoadDefault());
        services.AddSingleton<LocalRuleSet>();
        services.AddSingleton<MetadataRules>();
        services.AddSingleton<ItemComplianceCheck>();
        return services;
    }
}
