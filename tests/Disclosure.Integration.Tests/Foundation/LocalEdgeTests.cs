using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Disclosure.Functions.Http;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>The local host is one person's tool: it stays on this machine and says so.</summary>
public class LocalEdgeTests
{
    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("kjj.gov.cn", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1.nip.io", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    public async Task Only_requests_addressed_to_this_machine_by_name_are_answered(string hostName, HttpStatusCode expected)
    {
        await using var host = await TestHosts.StartAsync(runQueues: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Host = $"{hostName}:{host.BaseAddress.Port}";

        using var response = await host.Client().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest) Assert.Contains("Host", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task It_will_not_listen_beyond_loopback_unless_told_to_and_then_takes_identity_headers_only_from_this_machine()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartOn("http://0.0.0.0:0", beyondLoopback: false));
        Assert.Contains("LocalHost__ListenBeyondLoopback", refused.Message);

        await using var host = await StartOn("http://0.0.0.0:0", beyondLoopback: true);
        var lanAddress = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("this machine has no non-loopback IPv4 address to call the host from");
        using var client = new HttpClient { BaseAddress = new Uri($"http://{lanAddress}:{host.BaseAddress.Port}") };

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        anonymous.Headers.Host = $"devbox:{host.BaseAddress.Port}";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(anonymous)).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/submissions?mine");
        forged.Headers.Host = $"devbox:{host.BaseAddress.Port}";
        forged.Headers.Add(RequestPrincipal.Header, RequestPrincipal.Encode("冒充的管理员", "bgs", "Administrator"));
        using var answer = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("本机", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task At_start_up_it_says_it_is_for_one_persons_machine_not_a_shared_server()
    {
        var logged = new CapturingLoggerProvider();
        await using var host = await TestHosts.StartAsync(runQueues: false, services: s => s.AddSingleton<ILoggerProvider>(logged));

        Assert.Contains(logged.Messages, m => m.Contains("不是共享服务器", StringComparison.Ordinal) && m.Contains("not a shared server", StringComparison.Ordinal));
    }

    private static async Task<LocalFunctionsHost> StartOn(string url, bool beyondLoopback)
        => await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            Url = url,
            RunQueues = false,
            RunTimers = false,
            Settings = new Dictionary<string, string?>
            {
                ["Storage"] = await TestStorage.ConnectionStringAsync(),
                ["AzureWebJobsStorage"] = await TestStorage.ConnectionStringAsync(),
                ["Disclosure:SeedSampleData"] = "false",
                [LocalEdge.ListenBeyondLoopbackSetting] = beyondLoopback ? "true" : "false",
                [LocalEdge.AllowedHostsSetting + ":0"] = "devbox",
            },
        });

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(Messages);
        public void Dispose() { }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => messages.Enqueue(formatter(state, exception));
        }
    }
}
