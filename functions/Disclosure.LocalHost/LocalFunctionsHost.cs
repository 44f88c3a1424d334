using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Disclosure.Functions;
using Disclosure.LocalHost.Functions;
using Disclosure.LocalHost.Storage;
using Disclosure.Work;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Disclosure.LocalHost;

public sealed record LocalHostOptions
{
    /// <summary>Where HTTP is served; port 0 picks a free port (tests).</summary>
    public string Url { get; init; } = "http://127.0.0.1:7071";
    /// <summary>Settings that win over everything else (tests).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>Overrides host.json's queue settings (tests that must not wait 30 s per retry).</summary>
    public Func<QueueHostOptions, QueueHostOptions>? AdjustQueues { get; init; }
    public bool RunQueues { get; init; } = true;
    public bool RunTimers { get; init; } = true;
    /// <summary>The local host is a development tool; tests of production behaviour (no identity → 401) change this.</summary>
    public string EnvironmentName { get; init; } = Environments.Development;
    /// <summary>
    /// Registrations applied after <c>AddDisclosure</c>, so they replace its singletons (tests: a FakeTimeProvider as the
    /// host's clock). Not used by the local host's own Program.
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The offline Functions host: runs the app's real function classes (HTTP, queue and timer triggers, found by reflection)
/// on ASP.NET Core, with Azurite as the embedded store, without Azure Functions Core Tools.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly Azurite? _azurite;

    private LocalFunctionsHost(WebApplication app, FunctionCatalog catalog, Azurite? azurite)
    {
        App = app;
        Catalog = catalog;
        _azurite = azurite;
    }

    public WebApplication App { get; }
    public FunctionCatalog Catalog { get; }
    public IServiceProvider Services => App.Services;
    public IConfiguration Configuration => App.Configuration;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, string[]? args = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], EnvironmentName = options.EnvironmentName });
        LocalSettings.Apply(builder.Configuration, options.Settings);
        LocalHostSettings.Check(builder.Configuration);
        LocalEdge.CheckListenUrl(options.Url, builder.Configuration);
        builder.WebHost.UseUrls(options.Url);
        builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

        var azurite = await EnsureStorageAsync(builder.Configuration, ct);
        try
        {
            var catalog = FunctionCatalog.Discover(typeof(DisclosureServices).Assembly);
            var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
            HostJsonLogging.Apply(builder.Logging, hostJson);
            var queueOptions = QueueHostOptions.Load(hostJson);
            queueOptions = options.AdjustQueues?.Invoke(queueOptions) ?? queueOptions;

            builder.Services.AddDisclosure(builder.Configuration);
            options.ConfigureServices?.Invoke(builder.Services);
            builder.Services.AddMvcCore();
            builder.Services.AddProblemDetails();
            builder.Services.AddSingleton(catalog);
            builder.Services.AddSingleton(queueOptions);
            builder.Services.AddSingleton<FunctionInvoker>();
            if (options.RunQueues)
            {
                foreach (var (function, trigger) in catalog.Queues)
                {
                    var queueName = SettingExpressions.Resolve(trigger.QueueName, builder.Configuration);
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueFunctionRunner>(sp, function, queueName));
                }
            }
            if (options.RunTimers)
            {
                foreach (var (function, trigger) in catalog.Timers)
                {
                    var schedule = TimerFunctionRunner.Parse(SettingExpressions.Resolve(trigger.Schedule, builder.Configuration));
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerFunctionRunner>(sp, function, schedule));
                }
            }

            if (builder.Configuration.GetValue<bool>(Seeding.SampleDataSeeder.Setting))
            {
                builder.Services.AddSingleton<Seeding.SampleDataSeeder>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<Seeding.SampleDataSeeder>());
            }

            var app = builder.Build();
            app.Logger.LogInformation("{Notice}", LocalEdge.SinglePersonNotice);
            app.UseLocalEdge();
            app.MapHttpFunctions(catalog);
            app.MapStaticSite();
            await app.StartAsync(ct);
            return new LocalFunctionsHost(app, catalog, azurite);
        }
        catch
        {
            if (azurite is not null) await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the embedded Azurite keeps its data: <c>LocalStorage__Location</c>, <c>memory</c> for nowhere.</summary>
    public const string DataLocationSetting = "LocalStorage:Location";

    /// <summary>The default data folder: <c>.azurite</c> at the repository root (git-ignored).</summary>
    public const string DefaultDataFolder = ".azurite";

    /// <summary>
    /// Uses the configured storage when it answers; otherwise, for an emulator connection on this machine, starts Azurite
    /// on the configured ports, keeping its data on disk so that what departments submitted survives a restart.
    /// Remote accounts and managed-identity settings are used as they are.
    /// </summary>
    private static async Task<Azurite?> EnsureStorageAsync(ConfigurationManager configuration, CancellationToken ct)
    {
        var connection = configuration[WorkQueues.Connection];
        if (string.IsNullOrWhiteSpace(connection)) return null;
        if (await Azurite.AnswersAsync(connection)) return null;
        var endpoints = Azurite.Endpoints(connection);
        if (!endpoints.All(e => e.IsLoopback)) return null;
        var location = configuration[DataLocationSetting];
        var data = string.Equals(location, "memory", StringComparison.OrdinalIgnoreCase) ? null
            : string.IsNullOrWhiteSpace(location) ? Path.Combine(RepositoryRoot.Find(), DefaultDataFolder)
            : Path.GetFullPath(location, RepositoryRoot.Find());
        var azurite = await Azurite.StartAsync(endpoints[0].Port, endpoints[1].Port, endpoints[2].Port, data, ct);
        configuration[WorkQueues.Connection] = azurite.ConnectionString;
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
        finally
        {
            if (_azurite is not null) await _azurite.DisposeAsync();
        }
    }
}
