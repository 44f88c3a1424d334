using Disclosure.Adapters.Applications;
using Disclosure.Adapters.Settings;
using Disclosure.Applications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Applications;

/// <summary>
/// Registers applications for disclosure (依申请公开): their own store and lifecycle, the legal clock on the working-day
/// calendar, the per-client limit of the public form, and the HTTP helpers. Expects the storage clients, the calendar,
/// the catalogue, the idempotency store and the workbench to be registered already.
/// </summary>
public static class ApplicationsServices
{
    public static IServiceCollection AddApplications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<ApplicationOptions>(configuration, ApplicationOptions.Section, rules => rules
            .Require(nameof(ApplicationOptions.PerClientPerHour), o => o.PerClientPerHour >= 1, "应至少为 1", "must be at least 1")
            // 条例第四十四条 speaks of several applicants: one would make every disclosure a proposal.
            .Require(nameof(ApplicationOptions.RetentionYears), o => o.RetentionYears >= 0, "不能为负数", "must not be negative")
            .Require(nameof(ApplicationOptions.RetentionDays), o => o.RetentionDays >= 0, "不能为负数", "must not be negative")
            .Require(nameof(ApplicationOptions.ProactiveConversionApplicants), o => o.ProactiveConversionApplicants >= 2, "应至少为 2", "must be at least 2")
            .Require(nameof(ApplicationOptions.OfficeDepartment), o => !string.IsNullOrWhiteSpace(o.OfficeDepartment), "应为公开工作机构的处室代码", "must be the disclosure office's department code")
            // The same ranges as the deployment's parameters (infra/main.bicep, OperationsInfraTests).
            .Require(nameof(ApplicationOptions.FirstReminderWorkingDays), o => o.FirstReminderWorkingDays is >= 1 and <= ApplicationOptions.MaxReminderWorkingDays,
                $"应在 1 到 {ApplicationOptions.MaxReminderWorkingDays} 之间", $"must be from 1 to {ApplicationOptions.MaxReminderWorkingDays}")
            .Require(nameof(ApplicationOptions.SecondReminderWorkingDays), o => o.SecondReminderWorkingDays >= 0 && o.SecondReminderWorkingDays < o.FirstReminderWorkingDays,
                "应不小于 0 且小于 FirstReminderWorkingDays", "must be at least 0 and less than FirstReminderWorkingDays"));
        services.AddSingleton<IApplicationStore, TableApplicationStore>();
        services.AddSingleton<IApplicationRateLimit, TableApplicationRateLimit>();
        services.AddSingleton<IIdentityProofStore, BlobIdentityProofStore>();
        services.AddSingleton<ApplicationClock>();
        services.AddSingleton<ApplicationLifecycle>();
        services.AddSingleton<ApplicantNotices>();
        services.AddSingleton<ApplicationService>();
        // The annual report computes table 三 from the register.
        services.AddSingleton<Disclosure.Inspection.AnnualReport.IRegisterFigureSource>(sp => sp.GetRequiredService<ApplicationService>());
        services.AddSingleton<ApplicationHttp>();
        services.AddSingleton<ApplicationReminders>();
        services.AddSingleton<ApplicationRetention>();
        // The obligations page and the self-inspection list open and overdue applications.
        services.AddSingleton<Disclosure.Plan.IOpenApplicationObligations, ApplicationObligations>();
        return services;
    }
}
