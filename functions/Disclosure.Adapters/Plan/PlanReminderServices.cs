using Azure.Data.Tables;
using Disclosure.Adapters.Notifications;
using Disclosure.Adapters.Settings;
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

        services.AddValidatedSettings<ReminderOptions>(configuration, ReminderOptions.Section, rules => rules
            .Require(nameof(ReminderOptions.LeadWorkingDays), o => o.LeadWorkingDays >= 0, "不能为负数", "must not be negative")
            .RequireEach(o => o.EscalationThresholds, (_, i) => $"{nameof(ReminderOptions.EscalationThresholds)}__{i}", days => days > 0, "应为正整数（逾期工作日数）", "must be a positive number of working days")
            .Require(nameof(ReminderOptions.ObligationsPageUrl), o => o.ObligationsPageUrl.Length == 0 || SettingRules<ReminderOptions>.IsAbsoluteHttpUrl(o.ObligationsPageUrl),
                "应为以 https:// 或 http:// 开头的完整网址", "must be an absolute http(s) URL"));
        services.AddValidatedSettings<SmtpOptions>(configuration, SmtpOptions.Section, rules => rules
            .Require(nameof(SmtpOptions.Port), o => o.Port is >= 1 and <= 65535, "端口应在 1 到 65535 之间", "the port must be from 1 to 65535")
            .Require(nameof(SmtpOptions.From), o => string.IsNullOrWhiteSpace(o.Host) || SettingRules<SmtpOptions>.LooksLikeMailbox(o.From),
                "设置了 Smtp__Host 时应为发件邮箱地址", "must be the sender's e-mail address when Smtp__Host is set")
            .Require(nameof(SmtpOptions.Timeout), o => o.Timeout > TimeSpan.Zero, "应大于零", "must be greater than zero"));
        services.AddValidatedSettings<WebhookOptions>(configuration, WebhookOptions.Section, rules => rules
            .RequireEach(o => o.Targets, (t, _) => $"Targets__{t.Key}__Url", t => SettingRules<WebhookOptions>.IsAbsoluteHttpUrl(t.Value.Url),
                "应为群机器人的完整网址（https://…）", "must be the robot's absolute URL (https://…)")
            .Require(nameof(WebhookOptions.Timeout), o => o.Timeout > TimeSpan.Zero, "应大于零", "must be greater than zero"));
        // The plan's channel form offers these names; the URLs (with their keys) stay in the settings.
        services.AddSingleton(sp => new RobotTargetNames([.. sp.GetRequiredService<WebhookOptions>().Targets.Keys.Order(StringComparer.Ordinal)]));
        services.AddValidatedSettings<OutboxDispatchOptions>(configuration, OutboxDispatchOptions.Section, rules => rules
            // A table query answers at most 1000 entities a page.
            .Require(nameof(OutboxDispatchOptions.BatchSize), o => o.BatchSize is >= 1 and <= 1000, "应在 1 到 1000 之间", "must be from 1 to 1000")
            .Require(nameof(OutboxDispatchOptions.MaxAttempts), o => o.MaxAttempts >= 1, "应至少为 1", "must be at least 1")
            .Require(nameof(OutboxDispatchOptions.FirstRetryDelay), o => o.FirstRetryDelay > TimeSpan.Zero, "应大于零", "must be greater than zero")
            .Require(nameof(OutboxDispatchOptions.MaxRetryDelay), o => o.MaxRetryDelay >= o.FirstRetryDelay, "不能小于 Outbox__FirstRetryDelay", "must not be less than Outbox__FirstRetryDelay")
            .Require(nameof(OutboxDispatchOptions.Lease), o => o.Lease > TimeSpan.Zero, "应大于零", "must be greater than zero"));

        services.AddSingleton<IPlanStore>(sp => new TablePlanStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<ICalendarYearStore>(sp => new TableCalendarYearStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<CalendarYears>();
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
