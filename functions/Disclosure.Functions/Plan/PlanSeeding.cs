using Disclosure.Calendar;
using Disclosure.Plan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disclosure.Functions.Plan;

/// <summary>
/// On start, makes sure the current year's plan is in Table storage, loaded from <c>data/plan/{year}.json</c> when the
/// table has none. <see cref="PlanService.GetDocumentAsync"/> inserts without overwriting (a second instance seeding
/// at the same moment gets a conflict and reads the winner's), so every instance may run this. In the background and
/// retried: storage that is not up yet must not stop the host; the plan is also seeded on its first use.
/// </summary>
public sealed class PlanSeeding(PlanService plans, TimeProvider time, ILogger<PlanSeeding> log) : BackgroundService
{
    internal static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var year = ChinaTime.Today(time).Year;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var stored = await plans.GetDocumentAsync(year, stoppingToken);
                if (stored is null) log.LogWarning("No plan for {Year}: neither in Table storage nor as data/plan/{Year}.json", year, year);
                else log.LogInformation("Plan for {Year} is in Table storage", year);
                return;
            }
            catch (PlanValidationException ex)
            {
                log.LogError(ex, "The plan data file for {Year} is invalid and was not loaded", year);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && attempt < Retries.Length)
            {
                log.LogWarning(ex, "Seeding the plan for {Year} failed; retrying", year);
                // A pause, not a business date: real time even under a test clock.
                await Task.Delay(Retries[attempt], stoppingToken);
            }
        }
    }
}

public static class PlanFlowServices
{
    /// <summary>The hosting side of the plan feature; the feature's services come from AddPlanAndReminders.</summary>
    public static IServiceCollection AddPlanFlow(this IServiceCollection services)
    {
        services.AddHostedService<PlanSeeding>();
        // The plan forms' shared save (token, version, store call); the JSON PUT calls PlanService directly.
        services.AddSingleton<PlanFormSaving>();
        return services;
    }
}
