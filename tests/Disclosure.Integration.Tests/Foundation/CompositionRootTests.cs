using System.Reflection;
using Disclosure.Functions;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Disclosure.Integration.Tests.Foundation;

public class CompositionRootTests
{
    private static readonly Type[] FunctionClasses = typeof(DisclosureServices).Assembly.GetExportedTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .ToArray();

    private static IConfiguration SampleConfiguration(string storage)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, LocalSettings.SampleFile);
        return new ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.ReadValues(sample))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage"] = storage })
            .Build();
    }

    [Fact]
    public async Task Every_service_resolves_and_every_function_class_is_created_from_the_one_composition_root()
    {
        var configuration = SampleConfiguration(await TestStorage.ConnectionStringAsync());
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration)
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
        services.AddDisclosure(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.NotEmpty(FunctionClasses);
        foreach (var type in FunctionClasses)
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
    }

    [Fact]
    public void A_missing_storage_setting_stops_start_up_with_a_message_naming_it()
    {
        var configuration = new ConfigurationBuilder().Build();
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddDisclosure(configuration));
        Assert.Contains("Storage", ex.Message);
    }

    [Fact]
    public void Managed_identity_settings_without_a_service_uri_stop_start_up_naming_the_missing_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:credential"] = "managedidentity",
            ["Storage:blobServiceUri"] = "https://example.blob.core.windows.net",
        }).Build();
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddDisclosure(configuration));
        Assert.Contains("Storage__queueServiceUri", ex.Message);
    }

    [Fact]
    public void Managed_identity_settings_with_all_service_uris_build_clients_without_a_connection_string()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:credential"] = "managedidentity",
            ["Storage:blobServiceUri"] = "https://example.blob.core.windows.net",
            ["Storage:queueServiceUri"] = "https://example.queue.core.windows.net",
            ["Storage:tableServiceUri"] = "https://example.table.core.windows.net",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDisclosure(configuration);
        using var provider = services.BuildServiceProvider();
        Assert.Equal("example", provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().AccountName);
    }
}
