using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Integration.Tests.Publishing;
using Disclosure.Integration.Tests.Support;
using Disclosure.LocalHost.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// The console at the default log levels (host.json) shows only what an operator should act on: a normal start against
/// storage that already holds its containers and tables, and one submission → check → review → publication cycle,
/// print no warning. Storage answers the stores expect (409 already exists, 404 not found, 412 changed meanwhile) are
/// not warnings; a storage fault still is.
/// </summary>
[Collection(nameof(PublishingCollection))]
public class QuietConsoleTests
{
    private static readonly string Reviewer = RequestPrincipal.Encode("李审核", "bgs", Role.Reviewer);

    [Fact]
    public async Task A_normal_start_and_one_submission_to_publication_cycle_print_no_warning()
    {
        // Storage of its own: on the shared test storage this host's queue runner also took other tests' messages, and a
        // check that ComplianceFlowTests makes fail on purpose printed its 检查失败 here. A first host creates every
        // container and table, so the second start is a restart, as on a developer's machine.
        await using var azurite = await Azurite.StartAsync();
        var settings = new Dictionary<string, string?> { ["Storage"] = azurite.ConnectionString };
        await using (await TestHosts.StartAsync(settings, runQueues: false)) { }
        var console = new ConsoleAtDefaultLevels();
        await using var host = await TestHosts.StartAsync(settings, services: s => s.AddSingleton<ILoggerProvider>(console));
        using var client = host.Client();

        using var submitted = await client.SendAsync(Submissions.Json(Submissions.Valid("关于公布2026年度科技创新券兑付结果的通知")));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await Submissions.JsonOf(submitted)).GetProperty("id").GetString()!;

        await ItemJourney.UntilReadyToPublishAsync(client, id, Reviewer);

        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/publications");
        publish.Headers.Add(RequestPrincipal.Header, Reviewer);
        using var published = await client.SendAsync(publish);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        Assert.Equal("Published", (await StatusAsync(client, id)).GetProperty("state").GetString());
        using var page = await client.GetAsync($"/items/{id}.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // In a year the app ships no plan for (data/plan/{year}.json), the host rightly says once at start that there is
        // none, for an administrator to enter: the one warning a normal start may print then.
        var year = Submissions.Today.Year;
        var noPlan = File.Exists(DataFiles.Combine("plan", $"{year}.json")) ? null : $"No plan for {year}:";
        var warnings = console.Lines.Where(l => l.Level >= LogLevel.Warning && !(noPlan is not null && l.Message.StartsWith(noPlan, StringComparison.Ordinal)))
            .Select(l => $"{l.Level} {l.Category}: {l.Message}").ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    private static Task<JsonElement> StatusAsync(HttpClient client, string id) => ItemJourney.StatusAsync(client, id, Reviewer);

    /// <summary>What a console logger would print: every entry the host's filters (host.json) let through.</summary>
    private sealed class ConsoleAtDefaultLevels : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(ConsoleAtDefaultLevels console, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => console.Lines.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
