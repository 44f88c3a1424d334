using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Notifications;
using Disclosure.Plan;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Disclosure.Adapters.Plan;

/// <summary>
/// Registers the plan, obligations, reminders and notifications feature. Expects a <see cref="TableServiceClient"/>
/// (AddAzureClients) and an <see cref="ILatestPublications"/> over the items table to be registered by the host.
/// </summary>
public static class PlanReminderServices
{
    public static IServiceCollection AddPlanAndReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar")));
        services.TryAddSingleton(_ => CatalogueLoader.Load(DataFiles.Combine("catalogue.json")));

        services.AddSingleton(configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>() ?? new ReminderOptions());
        services.AddSingleton(configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddSingleton(configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions());
        services.AddSingleton(configuration.GetSection(OutboxDispatchOptions.Section).Get<OutboxDispatchOptions>() ?? new OutboxDispatchOptions());

        services.AddSingleton<IPlanStore>(sp => new TablePlanStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<PlanService>();
        services.AddSingleton<ObligationService>();
        services.AddSingleton<IPlanRecords>(sp => new TablePlanRecords(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<PlanRecordsService>();
        services.TryAddSingleton<IPublicationFacts, PlanFacts>();

        services.AddSingleton(sp => new TableOutbox(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<IReminderLedger>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<INotifier, OutboxNotifier>();
        services.AddSingleton<OutboxAdministration>();
        services.AddSingleton<ReminderRun>();

        services.AddSingleton<INotificationChannel, SmtpChannel>();
        services.AddSingleton<INotificationChannel>(sp =>
        {
            // One long-lived client that connects only where the address policy allows.
            var options = sp.GetRequiredService<WebhookOptions>();
            return new WebhookChannel(new HttpClient(options.AddressPolicy().CreateHandler()), options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<IOutbox>(), sp.GetServices<INotificationChannel>(), sp.GetRequiredService<OutboxDispatchOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxDispatcher>>()));
        return services;
    }
}
