using Disclosure.Workbench;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.Home;

public static class HomeServices
{
    /// <summary>The staff pages that gather other features' work (the home page's counts).</summary>
    public static IServiceCollection AddWorkbenchHome(this IServiceCollection services)
    {
        services.AddSingleton<WorkbenchHomeService>();
        return services;
    }
}
