using Azure.Storage.Queues;
using Disclosure.Adapters.Storage;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Disclosure.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Integration.Tests.Support;

public static class TestHosts
{
    /// <summary>
    /// Starts the real local host on a free port against the shared test Azurite.
    /// A host started with <paramref name="runQueues"/> false on the shared Azurite puts its work messages on queues of its own:
    /// otherwise a queue-running host of a test running alongside takes them, and the item this test is looking at
    /// changes state under it (a correction refused as 检查中 where the test expects 428).
    /// </summary>
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
        if (!runQueues && settings?.ContainsKey("Storage") != true)
        {
            var own = services;
            var tag = TestStorage.UniqueName("idle");
            services = s =>
            {
                s.AddSingleton<IWorkQueue>(sp => new QueuesOfOneHost(new StorageWorkQueue(sp.GetRequiredService<QueueServiceClient>()), tag));
                own?.Invoke(s);
            };
        }
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

/// <summary>Work queues no other host reads: each queue name gets the host's own prefix.</summary>
internal sealed class QueuesOfOneHost(IWorkQueue queues, string tag) : IWorkQueue
{
    public Task EnqueueAsync(string queue, string message, CancellationToken ct = default)
        => queues.EnqueueAsync($"{tag}-{queue}", message, ct);
}
