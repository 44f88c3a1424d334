using Disclosure.Adapters.Applications;
using Disclosure.Applications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        services.AddOptions<ApplicationOptions>().Bind(configuration.GetSection(ApplicationOptions.Section));
        services.AddSingleton<IApplicationStore, TableApplicationStore>();
        services.AddSingleton<IApplicationRateLimit, TableApplicationRateLimit>();
        services.AddSingleton<ApplicationClock>();
        services.AddSingleton<ApplicationLifecycle>();
        services.AddSingleton<ApplicationService>();
        // The annual report computes table 三 from the register.
        services.AddSingleton<Disclosure.Inspection.AnnualReport.IRegisterFigureSource>(sp => sp.GetRequiredService<ApplicationService>());
        services.AddSingleton<ApplicationHttp>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApplicationOptions>>().Value);
        services.AddSingleton<ApplicationReminders>();
        services.AddSingleton<ApplicationRetention>();
        // The obligations page and the self-inspection list open and overdue applications.
        services.AddSingleton<Disclosure.Plan.IOpenApplicationObligations, ApplicationObligations>();
        return services;
    }
}
