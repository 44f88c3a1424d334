using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Support;

public static class TestHosts
{
    /// <summary>Starts the real local host on a free port against the shared test Azurite.</summary>
    public static async Task<LocalFunctionsHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool runTimers = false,
        Func<QueueHostOptions, QueueHostOptions>? adjustQueues = null, bool runQueues = true, string environment = "Development",
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage"] = await TestStorage.ConnectionStringAsync(),
            ["AzureWebJobsStorage"] = await TestStorage.ConnectionStringAsync(),
            ["Disclosure:SeedSampleData"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            Url = "http://127.0.0.1:0",
            Settings = all,
            RunTimers = runTimers,
            RunQueues = runQueues,
            EnvironmentName = environment,
            ConfigureServices = services,
            AdjustQueues = adjustQueues ?? (q => q with { VisibilityTimeout = TimeSpan.FromMilliseconds(200), MaxPollingInterval = TimeSpan.FromMilliseconds(200) }),
        });
    }

    public static HttpClient Client(this LocalFunctionsHost host) => new() { BaseAddress = host.BaseAddress };
}
