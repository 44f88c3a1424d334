using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Disclosure.Functions;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Disclosure.LocalHost.Functions;
using Disclosure.LocalHost.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Disclosure.Integration.Tests.Foundation;

public class LocalHostTests
{
    /// <summary>Found independently of the local host's own discovery, so a function it forgets cannot hide.</summary>
    private static readonly (string Name, MethodInfo Method)[] AppFunctions = typeof(DisclosureServices).Assembly.GetExportedTypes()
        .SelectMany(t => t.GetMethods())
        .Select(m => (m.GetCustomAttribute<FunctionAttribute>()?.Name, m))
        .Where(x => x.Name is not null)
        .Select(x => (x.Name!, x.m))
        .ToArray();

    [Fact]
    public async Task Every_function_of_the_app_is_served_by_the_local_host()
    {
        await using var host = await TestHosts.StartAsync(runTimers: true);
        var endpoints = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints)
            .Select(e => e.Metadata.GetMetadata<LocalFunctionMetadata>()?.Function.Name).OfType<string>().ToHashSet();
        var runners = host.Services.GetServices<IHostedService>().ToList();
        var queueQueues = runners.OfType<QueueFunctionRunner>().Select(r => r.QueueName).ToHashSet();
        var timerCount = runners.OfType<TimerFunctionRunner>().Count();

        Assert.NotEmpty(AppFunctions);
        foreach (var (name, method) in AppFunctions)
        {
            var parameters = method.GetParameters();
            if (parameters.Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
                Assert.Contains(name, endpoints);
            else if (parameters.Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).OfType<QueueTriggerAttribute>().FirstOrDefault() is { } q)
                Assert.Contains(SettingExpressions.Resolve(q.QueueName, host.Configuration), queueQueues);
            else
                Assert.NotNull(parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().FirstOrDefault());
        }
        Assert.Equal(AppFunctions.Count(f => f.Method.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null)), timerCount);
        Assert.Equal(AppFunctions.Length, host.Catalog.All.Count);
    }

    [Fact]
    public void Every_timer_schedule_resolves_from_the_sample_settings_and_parses_as_six_field_ncrontab()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.ReadValues(Path.Combine(AppContext.BaseDirectory, LocalSettings.SampleFile))).Build();
        foreach (var (_, trigger) in FunctionCatalog.Discover(typeof(DisclosureServices).Assembly).Timers)
        {
            var expression = SettingExpressions.Resolve(trigger.Schedule, configuration);
            Assert.Equal(6, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            var schedule = TimerFunctionRunner.Parse(expression);
            Assert.True(schedule.GetNextOccurrence(DateTime.UtcNow) > DateTime.UtcNow);
        }
    }

    [Fact]
    public async Task Health_is_200_with_all_three_services_ok()
    {
        await using var host = await TestHosts.StartAsync();
        using var response = await host.Client().SendAsync(AsAdministrator("/api/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.Equal("ok", body.RootElement.GetProperty(service).GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_is_503_naming_each_service_that_does_not_answer()
    {
        var own = await Azurite.StartAsync();
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = own.ConnectionString });
        await own.DisposeAsync();

        using var response = await host.Client().SendAsync(AsAdministrator("/api/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", body.RootElement.GetProperty("status").GetString());
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.NotEqual("ok", body.RootElement.GetProperty(service).GetString());
    }

    [Fact]
    public async Task Health_tells_anyone_but_an_administrator_only_the_status()
    {
        var own = await Azurite.StartAsync();
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Storage"] = own.ConnectionString }, runQueues: false,
            environment: "Production");
        foreach (var (request, expected) in new[] { (new HttpRequestMessage(HttpMethod.Get, "/api/health"), HttpStatusCode.OK), (Submitter(), HttpStatusCode.OK) })
        {
            using var up = await host.Client().SendAsync(request);
            Assert.Equal(expected, up.StatusCode);
            Assert.Equal("{\"status\":\"ok\"}", await up.Content.ReadAsStringAsync());
        }
        await own.DisposeAsync();

        using var down = await host.Client().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("{\"status\":\"unavailable\"}", await down.Content.ReadAsStringAsync());
        using var forAdministrator = await host.Client().SendAsync(AsAdministrator("/api/health"));
        using var details = JsonDocument.Parse(await forAdministrator.Content.ReadAsStringAsync());
        Assert.NotEqual("ok", details.RootElement.GetProperty("blob").GetString());
        Assert.False(string.IsNullOrEmpty(details.RootElement.GetProperty("version").GetString()));

        static HttpRequestMessage Submitter()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
            request.Headers.Add(Disclosure.Functions.Http.RequestPrincipal.Header, Submissions.Identity("bgs"));
            return request;
        }
    }

    private static HttpRequestMessage AsAdministrator(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(Disclosure.Functions.Http.RequestPrincipal.Header,
            Disclosure.Functions.Http.RequestPrincipal.Encode("运维管理员", null, "Administrator"));
        return request;
    }

    [Fact]
    public async Task Host_json_log_levels_apply_so_the_console_is_not_flooded_with_every_storage_request()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        var loggers = host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        var storage = loggers.CreateLogger("Azure.Core");
        Assert.False(storage.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.True(storage.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Disclosure.Functions.Publishing.RenderItem").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
    }

    [Fact]
    public async Task Azurite_started_by_a_local_host_that_is_killed_exits_with_it()
    {
        var connection = Azurite.ConnectionStringFor(Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
        var data = Directory.CreateTempSubdirectory("azurite-data-");
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Disclosure.LocalHost.exe" : "Disclosure.LocalHost"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Storage"] = connection, ["LOCALHOST_URL"] = $"http://127.0.0.1:{Azurite.FreePort()}",
                ["LocalStorage__Location"] = data.FullName,
            },
        };
        using var host = Process.Start(info)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!await Azurite.AnswersAsync(connection))
            {
                Assert.False(host.HasExited, $"the local host exited with {(host.HasExited ? host.ExitCode : 0)} before its Azurite answered");
                Assert.True(DateTime.UtcNow < deadline, "the local host's Azurite did not answer within 2 minutes");
                await Task.Delay(200);
            }
        }
        finally
        {
            host.Kill(entireProcessTree: false); // SIGKILL to the host alone: no disposal runs, as when it is killed or crashes
            await host.WaitForExitAsync();
        }

        var gone = DateTime.UtcNow.AddSeconds(20);
        while (await Azurite.AnswersAsync(connection) && DateTime.UtcNow < gone) await Task.Delay(200);
        Assert.False(await Azurite.AnswersAsync(connection), "Azurite outlived the local host that started it");
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task What_was_submitted_is_still_there_after_the_local_host_is_restarted()
    {
        // Nothing answers on these ports, so the local host starts its own Azurite, keeping its data in this folder.
        var data = Directory.CreateTempSubdirectory("azurite-data-");
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = Azurite.ConnectionStringFor(Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort()),
            [LocalFunctionsHost.DataLocationSetting] = data.FullName,
        };
        string id;
        await using (var first = await TestHosts.StartAsync(settings, runQueues: false))
        {
            using var answer = await first.Client().SendAsync(Submissions.Json(Submissions.Valid("重启后仍在的通知"), department: "bgs"));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            id = (await Submissions.JsonOf(answer)).GetProperty("id").GetString()!;
        }

        await using (var second = await TestHosts.StartAsync(settings, runQueues: false))
        {
            using var status = await second.Client().SendAsync(Intake.SubmissionTests.Get($"/api/submissions/{id}", "bgs"));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            var item = (await Submissions.JsonOf(status)).GetProperty("item");
            Assert.Equal("重启后仍在的通知", item.GetProperty("title").GetString());
            Assert.Equal($"113301000024820810/{Submissions.Today.Year}-00001", item.GetProperty("indexNumber").GetString());
        }
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task The_published_site_is_served_from_the_web_container_at_the_root()
    {
        await using var host = await TestHosts.StartAsync();
        var site = (await TestStorage.BlobsAsync()).GetBlobContainerClient(StaticSite.Container);
        await site.CreateIfNotExistsAsync();
        await site.GetBlobClient("index.html").UploadAsync(BinaryData.FromString("<!doctype html><title>首页</title>"),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8", CacheControl = "public, max-age=300" } });
        await site.GetBlobClient("columns/gzdt/index.html").UploadAsync(BinaryData.FromString("<!doctype html><title>工作动态</title>"),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } });

        var client = host.Client();
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("text/html; charset=utf-8", home.Content.Headers.ContentType!.ToString());
        Assert.Equal("public, max-age=300", home.Headers.CacheControl!.ToString());
        Assert.Contains("首页", await home.Content.ReadAsStringAsync());

        Assert.Contains("工作动态", await client.GetStringAsync("/columns/gzdt/"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/no/such/page.html")).StatusCode);
    }

    [Fact]
    public async Task Sample_settings_are_the_floor_and_explicit_settings_win()
    {
        await using var host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["ReminderSchedule"] = "0 0 1 * * *" });
        Assert.Equal("0 0 18 * * *", host.Configuration["NightlyPublicationSchedule"]);
        Assert.Equal("0 0 1 * * *", host.Configuration["ReminderSchedule"]);
        Assert.Equal(Environments.Development, host.App.Environment.EnvironmentName);
    }
}
